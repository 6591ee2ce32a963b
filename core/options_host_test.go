package core

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOptionsReader(t *testing.T) {
	own := func(got *[]string) OptionsReader {
		return OptionsReader{Where: "cfg", Members: []string{"strict", "max_bytes"}, Own: []string{"mine"},
			Set: func(name string, v OptionValue) error { *got = append(*got, name+"="+v.String()); return nil }}
	}
	for _, tc := range []struct {
		doc, why string
		host     bool
		want     Options
		set      []string
	}{
		{`{"strict":"true","max_bytes":"10"}`, "a text host's strings read as their types", true, Options{Strict: true, MaxBytes: 10}, nil},
		{`{"mine":{"a":1},"strict":true}`, "the caller's member goes to Set, as written", false, Options{Strict: true}, []string{`mine="an object"`}},
		{`{"mine":null}`, "null is absent, for the caller's members too", false, Options{}, nil},
	} {
		var set []string
		r := own(&set)
		r.HostStrings = tc.host
		got, err := r.Parse([]byte(tc.doc))
		require.NoError(t, err, tc.why)
		require.Equal(t, tc.want, got, tc.why)
		require.Equal(t, tc.set, set, tc.why)
	}
	for _, tc := range []struct {
		doc, want, why string
		host           bool
	}{
		{`{"strict":"true"}`, `cfg: strict "true" must be true or false`, "without HostStrings a string is a string", false},
		{`{"max_bytes":"1e3"}`, `cfg: max_bytes "1e3" must be a whole number, 0 or more`, "digits only", true},
		{`{"max_bytes":"1234567890123456789"}`, `cfg: max_bytes "1234567890123456789" must be a whole number`, "more than 18 digits could overflow", true},
		{`{"lang":"en"}`, `cfg: unknown member "lang"`, "a core member the caller did not ask for", true},
		{`{"params":{}}`, `cfg: unknown member "params"`, "params are the module's own", true},
	} {
		var set []string
		r := own(&set)
		r.HostStrings = tc.host
		_, err := r.Parse([]byte(tc.doc))
		require.Error(t, err, tc.why)
		require.Contains(t, err.Error(), tc.want, tc.why)
	}
}

// A catalog read for a text host takes max_units as a string of digits;
// ParseCatalog itself still refuses it, as DESIGN.md's catalog has a number.
func TestCatalogHostStrings(t *testing.T) {
	doc := []byte(`{"currency":"USD","flavors":[{"type":"iotda.standard.s1","instance_type":"standard","charge_modes":["prePaid"],"max_units":"150"}]}`)
	root, err := parseJSONValue(doc, maxCatalogDepth)
	require.NoError(t, err)
	c, err := readCatalog(&root, true)
	require.NoError(t, err)
	require.Equal(t, 150, c.Flavors[0].MaxUnits)
	_, err = ParseCatalog(doc)
	require.ErrorContains(t, err, `flavors[0].max_units: the string "150", not a whole number from 1 to 200`)
}
