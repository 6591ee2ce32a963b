package core

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/bigjson"
)

// Each size limit, at its boundary: the last size accepted and the first
// refused, with the refusal's words (the same words every engine gives:
// host and js test the same boundaries).
func TestSizeLimits(t *testing.T) {
	pad := func(doc string, n int) []byte { return append([]byte(doc), bytes.Repeat([]byte{' '}, n-len(doc))...) }
	catalogAt := func(n int) string { return `{"catalog":` + string(bigjson.Catalog(1, n)) + `}` }
	options := []struct {
		name, why string
		doc       []byte
		want      string // "" accepted, else part of the error
	}{
		{"max_bytes at the limit", "the largest body limit the module is sized for",
			[]byte(`{"max_bytes":` + strconv.Itoa(MaxBytesLimit) + `}`), ""},
		{"max_bytes over the limit", "a limit the module's memory is not sized for is refused, not met with an out-of-memory",
			[]byte(`{"max_bytes":` + strconv.Itoa(MaxBytesLimit+1) + `}`), `options: max_bytes "4194305" must be at most 4194304 (4 MiB)`},
		{"document at the limit", "a catalog at its limit and room for the rest",
			pad(`{}`, MaxOptionsBytes), ""},
		{"document over the limit", "refused before it is read",
			pad(`{}`, MaxOptionsBytes+1), "options: the document is more than 1114112 bytes, the most options may be"},
		{"catalog at the limit", "a catalog of exactly MaxCatalogBytes", []byte(catalogAt(MaxCatalogBytes)), ""},
		{"catalog over the limit", "one byte more", []byte(catalogAt(MaxCatalogBytes + 1)),
			"options: catalog: the catalog is more than 1048576 bytes (1 MiB), the most a catalog may be"},
		{"catalog at the flavor limit", "MaxCatalogFlavors flavors",
			[]byte(`{"catalog":` + string(bigjson.Catalog(MaxCatalogFlavors, 0)) + `}`), ""},
		{"catalog over the flavor limit", "one flavor more",
			[]byte(`{"catalog":` + string(bigjson.Catalog(MaxCatalogFlavors+1, 0)) + `}`),
			"options: catalog: flavors: 1001 flavors, more than the 1000 a catalog may list"},
	}
	for _, c := range options {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseOptions(c.doc)
			if c.want == "" {
				require.NoError(t, err, c.why)
				return
			}
			require.Error(t, err, c.why)
			assert.Contains(t, err.Error(), c.want, c.why)
		})
	}

	// The catalog loader alone says the same as within options.
	_, err := ParseCatalog(bigjson.Catalog(1, MaxCatalogBytes+1))
	assert.EqualError(t, err, "the catalog is more than 1048576 bytes (1 MiB), the most a catalog may be")
	c, err := ParseCatalog(bigjson.Catalog(MaxCatalogFlavors, 0))
	require.NoError(t, err)
	assert.Len(t, c.Flavors, MaxCatalogFlavors)

	// A catalog of more values than MaxCatalogFlavors flavors need is
	// refused before its values are kept, alone or within options.
	values := `{"currency":"USD","flavors":[{"type":"a","instance_type":"standard","charge_modes":[` + strings.Repeat(`1,`, maxDocumentValues) + `1]}]}`
	_, err = ParseCatalog([]byte(values))
	assert.EqualError(t, err, "the catalog: it holds more than 16064 JSON values, more than a catalog of 1000 flavors needs")
	_, err = ParseOptions([]byte(`{"catalog":` + values + `}`))
	assert.EqualError(t, err, "options: it holds more than 16064 JSON values, more than a catalog of 1000 flavors needs")

	// A catalog of many wrong values lists the first maxCatalogProblems
	// and counts the rest, so its error stays a few kilobytes.
	for _, wrong := range []int{maxCatalogProblems, maxCatalogProblems + 1, maxCatalogProblems + 2, 15_000} {
		modes := strings.Repeat(`1,`, wrong-1) + `1`
		_, err := ParseCatalog([]byte(`{"currency":"USD","flavors":[{"type":"a","instance_type":"standard","charge_modes":[` + modes + `]}]}`))
		var ce *CatalogError
		require.ErrorAs(t, err, &ce)
		want := maxCatalogProblems
		switch more := wrong - maxCatalogProblems; {
		case more == 1:
			want++
			assert.Equal(t, "and 1 more problem", ce.Problems[want-1])
		case more > 1:
			want++
			assert.Equal(t, "and "+strconv.Itoa(more)+" more problems", ce.Problems[want-1])
		}
		assert.Len(t, ce.Problems, want, "%d wrong charge modes", wrong)
		assert.Less(t, len(err.Error()), 4096)
	}

	limits := []struct {
		name     string
		maxBytes int
		want     int
	}{
		{"default", 0, DefaultMaxBytes},
		{"the limit itself", MaxBytesLimit, MaxBytesLimit},
		{"over the limit: the limit, as max_depth over MaxDepthLimit is MaxDepthLimit", MaxBytesLimit + 1, MaxBytesLimit},
	}
	for _, l := range limits {
		assert.Equal(t, l.want, (&Options{MaxBytes: l.maxBytes}).BodyLimit(), l.name)
	}
}

// A body at MaxBytesLimit is checked; one byte more is too_large, even
// under a MaxBytes set higher than the limit.
func TestBodyAtTheLimit(t *testing.T) {
	body := bigjson.Body(MaxBytesLimit)
	res := Check(body, Options{MaxBytes: MaxBytesLimit})
	require.NotEmpty(t, res.Errors, "it lacks the required members")
	for _, p := range res.Errors {
		require.Equal(t, CodeRequired, p.Code, "a body of exactly the limit is read")
	}
	for _, maxBytes := range []int{MaxBytesLimit, 2 * MaxBytesLimit} {
		res := Check(bigjson.Body(MaxBytesLimit+1), Options{MaxBytes: maxBytes})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, CodeTooLarge, res.Errors[0].Code, "max_bytes %d", maxBytes)
	}
}
