package core

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/corpus"
)

func compiledSchema(t *testing.T, api API) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchemaFor(api)))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	require.NoError(t, c.AddResource("schema.json", doc))
	s, err := c.Compile("schema.json")
	require.NoError(t, err)
	return s
}

// schemaLimit is a rule SchemaLimitsFor names, as a test sees it in a
// result: explains reports that the check's verdict on a body rests on it.
type schemaLimit struct {
	name     string
	explains func(r *Result) bool
}

// Limits of every request's schema.
var (
	limitKeysSeen  = schemaLimit{"duplicate_key", hasCode(CodeDuplicateKey)}
	limitBytesSeen = schemaLimit{"reading limits and encoding", hasCode(CodeSyntax, CodeEncoding, CodeTooLarge, CodeTooDeep)}
	limitIntsSeen  = schemaLimit{"integers with a fraction or exponent", hasFraction}
	limitUnitsSeen = schemaLimit{"the catalog's max_units", hasUnitMaximum}
)

// schemaAPIs are the requests whose schemas are checked against the core:
// each with its golden file, the limits its SchemaLimitsFor names, and the
// current instances its bodies are checked with (the schema cannot see
// them; a verdict that rests on one is explained by a limit).
var schemaAPIs = []struct {
	api      API
	golden   string
	limits   []schemaLimit
	currents []string
	agreeing int // at least this many bodies, so the comparison covers the request's rules
}{
	{api: APICreate, golden: "create-iotda-instance.schema.json", currents: []string{""}, agreeing: 100, limits: []schemaLimit{
		{"the catalog's flavors", hasCode(CodeUnknownFlavor, CodeFlavorMismatch, CodeChargeMode)},
		{"duplicate_tag", hasCode(CodeDuplicateTag)},
		limitKeysSeen, limitBytesSeen, limitIntsSeen, limitUnitsSeen,
	}},
	{api: APIResize, golden: "resize-iotda-instance.schema.json", currents: []string{"", curPrePaid, curPostPaid}, agreeing: 30, limits: []schemaLimit{
		{"the catalog's flavors", hasCode(CodeUnknownFlavor)},
		{"size of a standard or an enterprise flavor", hasProblemAt("/flavor/size", CodeRequired, CodeNotApplicable)},
		{"the current instance", func(r *Result) bool {
			return hasCode(CodeFlavorMismatch, CodeNoChange)(r) || inCurrent(r) || hasProblemAt("/is_auto_pay", CodeNotApplicable)(r)
		}},
		limitKeysSeen, limitBytesSeen, limitIntsSeen, limitUnitsSeen,
	}},
	{api: APIChangeChargeMode, golden: "change-iotda-instance-charge-mode.schema.json", currents: []string{"", curPrePaid, curPostPaid}, agreeing: 30,
		limits: []schemaLimit{
			{"the current instance", func(r *Result) bool { return hasCode(CodeChargeMode)(r) || inCurrent(r) }},
			limitKeysSeen, limitBytesSeen, limitIntsSeen,
		}},
}

// schemaBodies are the bodies each schema is compared on: every body of the
// create corpus (the rule tables, the reading cases, the example requests,
// the fuzz corpus), read as every request's, and the rows and corpus bodies
// of the request itself.
func schemaBodies(t *testing.T, api API) [][]byte {
	var bodies [][]byte
	for _, c := range append(bodyCases(t), readingCases(t)...) {
		bodies = append(bodies, c.body)
	}
	files, _ := filepath.Glob(filepath.Join("..", "examples", "requests", "*.json"))
	fuzz, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzCheck", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		bodies = append(bodies, b)
	}
	for _, f := range fuzz {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		if body, ok := fuzzInput(b); ok {
			bodies = append(bodies, body)
		}
	}
	for _, c := range append(resizeCases(), changeChargeModeCases()...) {
		if c.api == api {
			bodies = append(bodies, []byte(c.body))
		}
	}
	prefix := map[API]string{APIResize: "resize/", APIChangeChargeMode: "change/"}[api]
	for _, name := range corpus.Names(corpus.ChangeBodies()) {
		if prefix != "" && strings.HasPrefix(name, prefix) {
			bodies = append(bodies, corpus.ChangeBodies()[name])
		}
	}
	return bodies
}

// Each request's schema and the checker in strict mode agree on every
// corpus body, with every current instance, except where the check's
// verdict rests on a rule the request's SchemaLimitsFor names; those are
// counted by limit.
func TestJSONSchemaAgreesWithCore(t *testing.T) {
	for _, sa := range schemaAPIs {
		t.Run(string(sa.api), func(t *testing.T) {
			schema := compiledSchema(t, sa.api)
			agreed, valid, skipped := 0, 0, map[string]int{}
			for _, body := range schemaBodies(t, sa.api) {
				for _, current := range sa.currents {
					o := Options{Strict: true, API: sa.api}
					if current != "" {
						o.Current = RawJSON(current)
					}
					r := Check(body, o)
					explained := ""
					for _, l := range sa.limits {
						if l.explains(r) {
							explained = l.name
							break
						}
					}
					if explained != "" {
						skipped[explained]++
						continue
					}
					inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
					require.NoError(t, err, "%s", body)
					verr := schema.Validate(inst)
					assert.Equal(t, r.Valid, verr == nil, "schema and core disagree on %s (current %s)\ncore: %v\nschema: %v", body, current, summary(r), verr)
					agreed++
					if r.Valid {
						valid++
					}
				}
			}
			t.Logf("schema and core agree on %d checks, %d of them valid; skipped, by the limit the verdict rests on: %v", agreed, valid, skipped)
			assert.Greater(t, agreed, sa.agreeing, "the comparison must cover the rule tables")
			assert.Positive(t, valid, "the comparison must cover valid bodies too")
		})
	}
}

// hasCode reports an error with one of codes.
func hasCode(codes ...Code) func(r *Result) bool {
	return func(r *Result) bool {
		return slices.ContainsFunc(r.Errors, func(p Problem) bool { return slices.Contains(codes, p.Code) })
	}
}

// hasProblemAt reports an error or a warning in the body at path with one
// of codes.
func hasProblemAt(path string, codes ...Code) func(r *Result) bool {
	return func(r *Result) bool {
		at := func(p Problem) bool { return p.In == "" && p.Path == path && slices.Contains(codes, p.Code) }
		return slices.ContainsFunc(r.Errors, at) || slices.ContainsFunc(r.Warnings, at)
	}
}

// inCurrent reports an error in the current instance.
func inCurrent(r *Result) bool {
	return slices.ContainsFunc(r.Errors, func(p Problem) bool { return p.In == "current" })
}

// hasUnitMaximum reports a size error that only the catalog's per-flavor
// maximum explains.
func hasUnitMaximum(r *Result) bool {
	for _, p := range r.Errors {
		if p.Path == "/flavor/size" && p.Code == CodeRange && bytes.Contains([]byte(p.Message), []byte("for flavor")) {
			return true
		}
	}
	return false
}

// hasFraction reports an integer written with a fraction or exponent, which
// JSON Schema may count as an integer.
func hasFraction(r *Result) bool {
	for _, p := range r.Errors {
		if p.Code == CodeType && bytes.Contains([]byte(p.Message), []byte("fraction or exponent")) {
			return true
		}
	}
	return false
}

// fuzzInput reads a go test fuzz corpus file holding one []byte.
func fuzzInput(file []byte) ([]byte, bool) {
	m := regexp.MustCompile(`(?s)^go test fuzz v1\n\[\]byte\((".*")\)\n?$`).FindSubmatch(file)
	if m == nil {
		return nil, false
	}
	var s string
	if err := json.Unmarshal(m[1], &s); err != nil {
		return nil, false
	}
	return []byte(s), true
}

// Each class's pattern accepts exactly the characters its function does, over
// the whole Basic Multilingual Plane and a sample beyond.
func TestCharClassPatterns(t *testing.T) {
	for _, c := range charClasses {
		re := regexp.MustCompile("^[" + c.pattern + "]$")
		for r := rune(0); r < 0x20000; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue
			}
			if got, want := re.MatchString(string(r)), c.allow(r); got != want {
				t.Fatalf("%s: U+%04X: pattern %v, function %v", c.desc[0], r, got, want)
			}
		}
	}
}

func TestJSONSchemaIsStable(t *testing.T) {
	for _, sa := range schemaAPIs {
		var doc map[string]any
		require.NoError(t, json.Unmarshal(JSONSchemaFor(sa.api), &doc))
		assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", doc["$schema"], sa.api)
		assert.Equal(t, "https://github.com/iotda-preflight/preflight/schema/"+strings.TrimSuffix(sa.golden, ".schema.json")+".json", doc["$id"],
			"%s: the schema's $id names the file it is published as", sa.api)
		assert.Equal(t, string(JSONSchemaFor(sa.api)), string(JSONSchemaFor(sa.api)), "generated once")
	}
	assert.Equal(t, string(JSONSchemaFor(APICreate)), string(JSONSchema()), "JSONSchema is create's")
	assert.Equal(t, string(JSONSchemaFor(APICreate)), string(JSONSchemaFor("delete")), "an unknown request is create, as a check reads it")
	assert.Equal(t, SchemaLimits, SchemaLimitsFor("delete"), "an unknown request is create, as a check reads it")
}

// The schemas are golden: a change to a rule shows in review as a change to
// the schema users generate forms from.
func TestJSONSchemaGolden(t *testing.T) {
	for _, sa := range schemaAPIs {
		assertGolden(t, sa.golden, JSONSchemaFor(sa.api))
	}
}

// Where a request's schema and the check part, the schema's side is the one
// its SchemaLimitsFor names: each row is a body on which they agree, or part
// for the reason given.
func TestJSONSchemaConditions(t *testing.T) {
	const s1 = `"flavor":{"type":"iotda.standard.s1","size":10}`
	const ent = `"flavor":{"type":"iotda.enterprise.1000tps.10wonlinedevice"`
	for _, c := range []struct {
		api          API
		body         string
		current      string
		schema, core bool
		why          string
	}{
		{APICreate, `{"instance_type":"standard","flavor":{"type":"iotda.standard.s1"},"name":"a","charge_info":{"charge_mode":"postPaid"}}`, "",
			false, false, "create: size is required for a standard instance, which the body says"},
		{APICreate, `{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"a","charge_info":{"charge_mode":"postPaid","period_num":"x"}}`, "",
			true, true, "create: a period does not apply to postPaid, any value passes"},
		{APIResize, `{"flavor":{"type":"iotda.standard.s1"}}`, "",
			true, false, "resize: size is required for a standard flavor, which only the catalog says; the schema does not require it"},
		{APIResize, `{` + ent + `,"size":"x"}}`, "",
			false, true, "resize: size does not apply to an enterprise flavor, which only the catalog says; the schema describes it as it applies"},
		{APIResize, `{` + ent + `}}`, "", true, true, "resize: an enterprise flavor without size"},
		{APIResize, `{` + s1 + `,"is_auto_pay":"x"}`, "", false, false, "resize: without a current instance is_auto_pay applies, as the schema has it"},
		{APIResize, `{` + s1 + `,"is_auto_pay":"x"}`, curPostPaid,
			false, true, "resize: is_auto_pay does not apply to a current pay-per-use instance, which the schema cannot see"},
		{APIResize, `{` + s1 + `,"is_auto_pay":true,"delay":null}`, curPrePaid, true, true, "resize: null is absence"},
		{APIResize, `{` + s1 + `,"size":10}`, "", false, false, "resize: a member of the wrong object is unknown"},
		{APIChangeChargeMode, `{"period_type":"year","period_num":3}`, curPostPaid, true, true, "change: three years at most"},
		{APIChangeChargeMode, `{"period_type":"year","period_num":4}`, curPostPaid, false, false, "change: the yearly cap on period_num (periodBounds)"},
		{APIChangeChargeMode, `{"period_type":"month","period_num":9}`, curPostPaid, true, true, "change: nine months at most"},
		{APIChangeChargeMode, `{"period_type":"week","period_num":9}`, "", false, false, "change: an unknown period type"},
		{APIChangeChargeMode, `{"period_type":"month","period_num":1}`, curPrePaid,
			true, false, "change: only a pay-per-use instance changes, which the schema cannot see"},
	} {
		o := Options{Strict: true, API: c.api}
		if c.current != "" {
			o.Current = RawJSON(c.current)
		}
		r := Check([]byte(c.body), o)
		assert.Equal(t, c.core, r.Valid, "%s: the check: %v", c.why, summary(r))
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(c.body))
		require.NoError(t, err)
		verr := compiledSchema(t, c.api).Validate(inst)
		assert.Equal(t, c.schema, verr == nil, "%s: the schema: %v", c.why, verr)
	}
}
