package core

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	require.NoError(t, c.AddResource("schema.json", doc))
	s, err := c.Compile("schema.json")
	require.NoError(t, err)
	return s
}

// inexpressible are the codes of the rules SchemaLimits names.
var inexpressible = []Code{CodeUnknownFlavor, CodeFlavorMismatch, CodeChargeMode, CodeDuplicateTag, CodeDuplicateKey,
	CodeSyntax, CodeEncoding, CodeTooLarge, CodeTooDeep}

// The schema and the checker in strict mode agree on every corpus body whose
// rules a schema can express; the others are counted and named.
func TestJSONSchemaAgreesWithCore(t *testing.T) {
	schema := compiledSchema(t)
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
	agreed, skipped := 0, map[Code]int{}
	for _, body := range bodies {
		r := Check(body, Options{Strict: true})
		if code, ok := inexpressibleIn(r); ok {
			skipped[code]++
			continue
		}
		if hasUnitMaximum(r) || hasFraction(r) {
			skipped[CodeRange]++
			continue
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		require.NoError(t, err, "%s", body)
		verr := schema.Validate(inst)
		assert.Equal(t, r.Valid, verr == nil, "schema and core disagree on %s\ncore: %v\nschema: %v", body, summary(r), verr)
		agreed++
	}
	t.Logf("schema and core agree on %d bodies; skipped, by the rule a schema cannot express: %v", agreed, skipped)
	assert.Greater(t, agreed, 100, "the comparison must cover the rule tables")
}

func inexpressibleIn(r *Result) (Code, bool) {
	for _, p := range r.Errors {
		if slices.Contains(inexpressible, p.Code) {
			return p.Code, true
		}
	}
	return "", false
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
	var doc map[string]any
	require.NoError(t, json.Unmarshal(JSONSchema(), &doc))
	assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", doc["$schema"])
	assert.Equal(t, string(JSONSchema()), string(JSONSchema()), "generated once")
}

// The schema is golden: a change to a rule shows in review as a change to
// the schema users generate forms from.
func TestJSONSchemaGolden(t *testing.T) {
	assertGolden(t, "create-iotda-instance.schema.json", JSONSchema())
}
