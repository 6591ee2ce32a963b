// Package corpus is the set of request bodies and option sets that the
// engines are compared on: the core's test data and fuzz corpus, the API
// page's example requests, and bodies chosen to be awkward for a reader.
// The js package's differential test gets its expectations from it (see
// js/expectations); every engine that must write the core's bytes can use
// the same list.
package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Bodies returns every body of the corpus by name, reading the files under
// root (the repository's top folder): core/testdata (fuzz corpus files are
// split into their arguments) and the example requests,
// examples/requests/*.json.
func Bodies(root string) (map[string][]byte, error) {
	bodies := map[string][]byte{}
	for name, body := range Tricky() {
		bodies["tricky/"+name] = body
	}
	for _, dir := range []string{"core/testdata", "examples/requests"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			if strings.HasPrefix(rel, "examples/requests/") && !strings.HasSuffix(rel, ".json") {
				return nil // the package that embeds the examples, not one of them
			}
			if strings.Contains(rel, "/fuzz/") {
				for i, arg := range fuzzArgs(data) {
					bodies[fmt.Sprintf("%s#%d", rel, i)] = arg
				}
				return nil
			}
			bodies[rel] = data
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	return bodies, nil
}

// OptionSets returns the options documents every body is checked with, by
// name: a few of each kind and every catalog of the core's test data. The
// default options are an empty document.
func OptionSets(root string) (map[string][]byte, error) {
	catalog, err := os.ReadFile(filepath.Join(root, "core/catalog_default.json"))
	if err != nil {
		return nil, err
	}
	catalogs, err := filepath.Glob(filepath.Join(root, "core/testdata/catalogs/*.json"))
	if err != nil {
		return nil, err
	}
	sets := map[string][]byte{
		"default":       []byte(`{}`),
		"strict":        []byte(`{"strict":true}`),
		"zh":            []byte(`{"lang":"zh"}`),
		"strict-zh":     []byte(`{"strict":true,"lang":"zh"}`),
		"small-limits":  []byte(`{"max_bytes":64,"max_depth":3}`),
		"tiny-limits":   []byte(`{"max_bytes":1,"max_depth":1}`),
		"params":        []byte(`{"params":{"project_id":"0123456789abcdef0123456789abcdef","auth_token":"not-a-secret"}}`),
		"bad-params":    []byte(`{"params":{"project_id":"../x"}}`),
		"catalog":       []byte(`{"catalog":` + string(catalog) + `}`),
		"everything-zh": []byte(`{"strict":true,"lang":"zh","max_bytes":4096,"max_depth":8,"params":{"project_id":"p"}}`),
		"deepest":       []byte(`{"max_depth":1000,"strict":true}`),
	}
	for _, path := range catalogs {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		sets["catalog:"+filepath.Base(path)] = []byte(`{"catalog":` + string(data) + `}`)
	}
	return sets, nil
}

// Names returns the keys of m in order.
func Names[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fuzzArgs returns the []byte and string arguments of a file in Go's fuzz
// corpus format ("go test fuzz v1", then one Go literal a line); any other
// file is one body.
func fuzzArgs(data []byte) [][]byte {
	lines := strings.Split(string(data), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "go test fuzz v1") {
		return [][]byte{data}
	}
	var args [][]byte
	for _, line := range lines[1:] {
		line = strings.TrimSpace(line)
		for _, prefix := range []string{"[]byte(", "string("} {
			if lit, ok := strings.CutPrefix(line, prefix); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(lit, ")")); err == nil {
					args = append(args, []byte(s))
				}
			}
		}
	}
	return args
}

// Tricky returns bodies meant to find a difference between engines where
// the reader works hardest, and where JavaScript's own JSON differs from
// the core's (numbers past 2^53, U+2028, lone surrogates).
func Tricky() map[string][]byte {
	deep := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	long := func(n int) []byte {
		return append(append([]byte(`{"name":"`), bytes.Repeat([]byte("a"), n)...), `"}`...)
	}
	const s1 = `"flavor":{"type":"iotda.standard.s1","size":`
	return map[string][]byte{
		"empty":             {},
		"whitespace":        []byte(" \t\r\n "),
		"null":              []byte("null"),
		"empty-object":      []byte("{}"),
		"array":             []byte("[]"),
		"number":            []byte("0"),
		"string":            []byte(`"x"`),
		"bom":               append([]byte("\xef\xbb\xbf"), "{}"...),
		"trailing-data":     []byte("{} {}"),
		"trailing-garbage":  []byte(`{"name":"a"}x`),
		"unterminated":      []byte(`{"name":"a"`),
		"nul-byte":          []byte("{\"name\":\"a\x00b\"}"),
		"control-in-string": []byte("{\"name\":\"a\tb\"}"),
		"invalid-utf8":      []byte("{\"name\":\"\xff\xfe\"}"),
		"invalid-utf8-key":  []byte("{\"na\xffme\":\"a\"}"),
		"overlong-utf8":     []byte("{\"name\":\"\xc0\xaf\"}"),
		"lone-surrogate":    []byte(`{"name":"\ud800"}`),
		"surrogate-pair":    []byte(`{"name":"\ud83d\ude00"}`),
		"escapes":           []byte(`{"name":"\"\\\/\b\f\n\r\t\u0041\u00e9"}`),
		"bad-escape":        []byte(`{"name":"\x41"}`),
		"unicode-name":      []byte(`{"name":"实例_1","description":"\u2028<>&"}`),
		"raw-line-sep":      []byte("{\"name\":\"a\",\"description\":\"\u2028\u2029 \U0001F600\"}"),
		"duplicate-key":     []byte(`{"name":"a","name":"b"}`),
		"duplicate-nested":  []byte(`{"flavor":{"type":"iotda.standard.s1","type":"iotda.standard.s2"}}`),
		"duplicate-tags":    []byte(`{"tags":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}`),
		"huge-integer":      []byte(`{` + s1 + `123456789012345678901234567890}}`),
		"past-2-53":         []byte(`{` + s1 + `9007199254740993}}`),
		"huge-exponent":     []byte(`{` + s1 + `1e400}}`),
		"negative-zero":     []byte(`{` + s1 + `-0}}`),
		"float-size":        []byte(`{` + s1 + `2.0}}`),
		"string-size":       []byte(`{` + s1 + `"2"}}`),
		"leading-zero":      []byte(`{"flavor":{"size":02}}`),
		"bool-strings":      []byte(`{"charge_info":{"charge_mode":"prePaid","is_auto_renew":"TRUE","is_auto_pay":"yes"}}`),
		"deep-arrays":       deep("[", "]", 1000),
		"deep-objects":      deep(`{"a":`, "}", 1000),
		"deep-at-limit":     deep(`{"a":`, "}", 32),
		"deep-past-limit":   deep(`{"a":`, "}", 33),
		// Valid bodies as deep as any check reads (core.MaxDepthLimit, the
		// "deepest" option set), and one level deeper: the engines' stacks.
		"deepest-arrays":  []byte(`{"tags":` + string(deep("[", "]", 999)) + `}`),
		"deepest-objects": []byte(strings.Repeat(`{"a":`, 1000) + `1` + strings.Repeat(`}`, 1000)),
		"deepest-mixed":   []byte(`{"additional_params":{"port_info":` + string(deep(`{"a":[`, `]}`, 499)) + `}}`),
		"past-deepest":    []byte(strings.Repeat(`{"a":`, 1001) + `1` + strings.Repeat(`}`, 1001)),
		"many-unknown":    []byte(`{"a":1,"b":[1,2,{"c":null}],"d":{"e":"f"},"g":true,"h":false}`),
		"over-max-bytes":  long(2 << 20),
		"at-max-bytes":    long(1<<20 - 11),
	}
}

// A ShowInstance response as a caller pastes it: the members the check
// reads, and others it lets be.
const showInstance = `{"instance_id":"7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c","name":"iotda-prod-01","instance_type":"standard",` +
	`"flavor":{"type":"iotda.standard.st","size":5,"unit":"SU"},"charge_mode":"%s","status":"RUNNING",` +
	`"create_time":"2023-03-18T07:30:00Z","expire_time":"2023-08-18T15:30:00+08:00","tags":[{"key":"a","value":"b"}]}`

// ChangeOptionSets returns the options documents of the resize and
// change-charge-mode checks, by name: each request with a current instance
// of each charge mode, none, a broken one, and the worked example's
// catalog. They are apart from OptionSets because only the engines that
// take the options api, current and at can read them.
func ChangeOptionSets(root string) (map[string][]byte, error) {
	prePaid, postPaid := fmt.Sprintf(showInstance, "prePaid"), fmt.Sprintf(showInstance, "postPaid")
	params := `"params":{"project_id":"0123456789abcdef0123456789abcdef","instance_id":"7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c"}`
	const worked = `"catalog":{"name":"worked","currency":"USD","months_per_year":"12","hours_per_month":"730","flavors":[` +
		`{"type":"iotda.standard.st","instance_type":"standard","charge_modes":["prePaid","postPaid"],"price":{"month":"50"}},` +
		`{"type":"iotda.standard.s1","instance_type":"standard","charge_modes":["prePaid","postPaid"],"price":{"month":"350"}},` +
		`{"type":"iotda.enterprise.e1","instance_type":"enterprise","charge_modes":["prePaid"],"price":{"month":"1000"}}]}`
	return map[string][]byte{
		"resize":                   []byte(`{"api":"resize","current":` + prePaid + `,"at":"2023-05-20T09:00:00+08:00",` + params + `}`),
		"resize-worked-zh":         []byte(`{"api":"resize","lang":"zh","current":` + prePaid + `,"at":"2023-05-20T01:00:00Z",` + worked + `}`),
		"resize-postpaid":          []byte(`{"api":"resize","current":` + postPaid + `,` + params + `}`),
		"resize-no-current-strict": []byte(`{"api":"resize","strict":true}`),
		"resize-expired":           []byte(`{"api":"resize","current":` + prePaid + `,"at":"2023-08-18T07:30:00Z"}`),
		"resize-bad-current": []byte(`{"api":"resize","params":{"project_id":"p","instance_id":"NOT-HEX"},"at":"2023-05-20T09:00:00+08:00",` +
			`"current":{"flavor":{"type":"iotda.x","size":"5","size":0},"charge_mode":"monthly","expire_time":"2023-08-18","instance_type":1}}`),
		"change":            []byte(`{"api":"change-charge-mode","current":` + postPaid + `,` + params + `}`),
		"change-prepaid-zh": []byte(`{"api":"change-charge-mode","lang":"zh","current":` + prePaid + `}`),
		"change-worked":     []byte(`{"api":"change-charge-mode","current":` + postPaid + `,` + worked + `}`),
	}, nil
}

// ChangeBodies returns resize and change-charge-mode bodies by name: valid
// ones, coerced ones, and ones that break each rule.
func ChangeBodies() map[string][]byte {
	return map[string][]byte{
		"resize/worked":        []byte(`{"flavor":{"type":"iotda.standard.s1","size":10}}`),
		"resize/coerced":       []byte(`{"flavor":{"type":"iotda.standard.s1","size":"10"},"is_auto_pay":"true","delay":"false"}`),
		"resize/same":          []byte(`{"flavor":{"type":"iotda.standard.st","size":5}}`),
		"resize/downgrade":     []byte(`{"flavor":{"type":"iotda.standard.st","size":4},"delay":true}`),
		"resize/enterprise":    []byte(`{"flavor":{"type":"iotda.enterprise.e1","size":3}}`),
		"resize/unknown":       []byte(`{"flavor":{"type":"iotda.nope","size":500},"Delay":null,"is_auto_pay":null}`),
		"resize/duplicate":     []byte(`{"flavor":{"type":"iotda.standard.s1","size":10},"delay":true,"delay":false}`),
		"resize/escaped":       []byte(`{"fl\u0061vor":{"type":"iotda.standard.s\u0031","size":10}}`),
		"change/month":         []byte(`{"period_type":"month","period_num":3}`),
		"change/year-coerced":  []byte(`{"period_type":"year","period_num":"1","is_auto_renew":"true","is_auto_pay":false}`),
		"change/year-too-many": []byte(`{"period_type":"year","period_num":4}`),
		"change/empty":         []byte(`{}`),
	}
}
