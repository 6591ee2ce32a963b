package core

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseOptions(t *testing.T) {
	ok := []struct {
		name, doc string
		want      Options
	}{
		{"empty object", `{}`, Options{}},
		{"nulls are absent", `{"strict":null,"lang":null,"catalog":null,"params":null}`, Options{}},
		{"every scalar", `{"strict":true,"max_bytes":2048,"max_depth":8,"lang":"zh"}`, Options{Strict: true, MaxBytes: 2048, MaxDepth: 8, Lang: Chinese}},
		{"params without a token", `{"params":{"project_id":"p1"}}`, Options{Params: &Params{ProjectID: "p1"}}},
		{"params with an empty token: sent, so checked", `{"params":{"project_id":"p1","auth_token":""}}`, Options{Params: &Params{ProjectID: "p1", HasAuthToken: true}}},
		{"escapes are decoded", `{"lang":"\u007a\u0068"}`, Options{Lang: Chinese}},
		{"the deepest nesting any engine reads", `{"max_depth":1000}`, Options{MaxDepth: MaxDepthLimit}},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseOptions([]byte(c.doc))
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
	bad := []struct{ name, doc, want string }{
		{"not JSON", `{strict:true}`, "options: not JSON: invalid character 's' where a member name was expected"},
		{"empty", ``, "options: not JSON: the document is empty"},
		{"not an object", `[]`, "options must be an object"},
		{"unknown member", `{"strict":true,"Strict":true}`, `options: unknown member "Strict"`},
		{"repeated member", `{"lang":"en","lang":"zh"}`, `options: member "lang" appears twice`},
		{"strict as a string", `{"strict":"true"}`, `options: strict "true" must be true or false`},
		{"negative limit", `{"max_bytes":-1}`, `options: max_bytes "-1" must be a whole number, 0 or more`},
		{"fractional limit", `{"max_depth":1.5}`, `options: max_depth "1.5" must be a whole number, 0 or more`},
		{"huge limit", `{"max_bytes":99999999999999999999999}`, "must be a whole number, 0 or more"},
		{"deeper than every engine's stack allows", `{"max_depth":1001}`, `options: max_depth "1001" must be at most 1000`},
		{"unknown language", `{"lang":"fr"}`, `options: lang "fr" must be "en" or "zh"`},
		{"bad catalog", `{"catalog":{"name":"x"}}`, "options: catalog: "},
		{"unknown param", `{"params":{"project":"p"}}`, `options: params: unknown member "project"`},
		{"param not a string", `{"params":{"project_id":5}}`, "options: params: project_id must be a string"},
		{"trailing data", `{} {}`, "options: not JSON: data after the JSON value"},
		{"too deep", `{"catalog":[[[[[[[[[[]]]]]]]]]]}`, "options: not JSON: containers are nested deeper than 8 levels"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseOptions([]byte(c.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("a catalog of one's own", func(t *testing.T) {
		catalog := `{"name":"mine","currency":"EUR","flavors":[{"type":"iotda.standard.s1","instance_type":"standard","charge_modes":["prePaid"],"price":{"month":"10"}}]}`
		o, err := ParseOptions([]byte(`{"catalog":` + catalog + `}`))
		require.NoError(t, err)
		require.NotNil(t, o.Catalog)
		assert.Equal(t, "mine", o.Catalog.Name)
		assert.Equal(t, "EUR", o.Catalog.Currency)
	})
}

// A MaxDepth past MaxDepthLimit reads as MaxDepthLimit: a body nested that
// deep is read whole, one level deeper is too_deep and says the limit.
func TestMaxDepthLimit(t *testing.T) {
	nested := func(n int) []byte {
		return []byte(`{"x":` + strings.Repeat(`[`, n-1) + strings.Repeat(`]`, n-1) + `}`)
	}
	cases := []struct {
		name     string
		maxDepth int
		depth    int
		tooDeep  bool
	}{
		{"at the limit, asked for the limit", MaxDepthLimit, MaxDepthLimit, false},
		{"at the limit, asked for far more", 1 << 30, MaxDepthLimit, false},
		{"past the limit, asked for far more: the limit holds", 1 << 30, MaxDepthLimit + 1, true},
		{"the default stays 32", 0, DefaultMaxDepth + 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Check(nested(c.depth), Options{MaxDepth: c.maxDepth})
			var deep []Problem
			for _, p := range r.Errors {
				if p.Code == CodeTooDeep {
					deep = append(deep, p)
				}
			}
			if !c.tooDeep {
				assert.Empty(t, deep)
				return
			}
			require.Len(t, deep, 1)
			want := MaxDepthLimit
			if c.maxDepth == 0 {
				want = DefaultMaxDepth
			}
			assert.Contains(t, deep[0].Message, strconv.Itoa(want))
		})
	}
}
