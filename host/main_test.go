package host

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The tests run the module built from the current sources, not the embedded
// one (which `make check` keeps fresh): the differential test compares
// today's core with today's module.
var (
	moduleWasm []byte // wasm/module, as `make wasm` builds it
	faultWasm  []byte // wasm/module with the fault-injection build tag
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "preflight-host-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	moduleWasm, err = buildModule(dir, "preflight.wasm")
	if err == nil {
		faultWasm, err = buildModule(dir, "fault.wasm", "-tags", "preflight_faults")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildModule builds ../wasm/module with the Makefile's flags.
func buildModule(dir, name string, flags ...string) ([]byte, error) {
	gocmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gocmd); err != nil {
		gocmd = "go"
	}
	out := filepath.Join(dir, name)
	args := append([]string{"build", "-trimpath", "-buildmode=c-shared", "-ldflags=-s -w -buildid=", "-o", out}, flags...)
	cmd := exec.Command(gocmd, append(args, "../wasm/module")...)
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the module: %v\n%s", err, msg)
	}
	return os.ReadFile(out)
}

// newTestHost makes a Host for the module built from the sources (or wasm),
// closed at the end of the test. Every test Host shares the process's
// in-memory compilation cache, so each module is compiled once per run.
func newTestHost(t testing.TB, cfg Config) *Host {
	t.Helper()
	if cfg.module == nil {
		cfg = cfg.WithModule(moduleWasm)
	}
	h, err := New(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, h.Close(context.Background())) })
	return h
}

// corpus is every request body the tests know: the core's test data and
// fuzz corpus, the example requests, and bodies chosen to be awkward.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	bodies := map[string][]byte{}
	for name, body := range trickyBodies() {
		bodies["tricky/"+name] = body
	}
	add := func(path string, body []byte) { bodies[filepath.ToSlash(path)] = body }
	for _, root := range []string{"../core/testdata", "../examples/requests"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if strings.Contains(filepath.ToSlash(path), "/fuzz/") {
				for i, arg := range fuzzCorpusArgs(data) {
					add(fmt.Sprintf("%s#%d", path, i), arg)
				}
				return nil
			}
			add(path, data)
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			require.NoError(t, err)
		}
	}
	return bodies
}

// fuzzCorpusArgs returns the []byte and string arguments of a file in
// Go's fuzz corpus format ("go test fuzz v1", then one Go literal a line).
func fuzzCorpusArgs(data []byte) [][]byte {
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

// trickyBodies are bodies meant to find a difference between the engines
// where the reader works hardest.
func trickyBodies() map[string][]byte {
	deep := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	enterprise, _ := os.ReadFile(enterpriseYearly)
	return map[string][]byte{
		"empty":               {},
		"whitespace":          []byte(" \t\r\n "),
		"null":                []byte("null"),
		"empty-object":        []byte("{}"),
		"array":               []byte("[]"),
		"number":              []byte("0"),
		"string":              []byte(`"x"`),
		"bom":                 append([]byte("\xef\xbb\xbf"), "{}"...),
		"trailing-data":       []byte("{} {}"),
		"trailing-garbage":    []byte(`{"name":"a"}x`),
		"unterminated":        []byte(`{"name":"a"`),
		"nul-byte":            []byte("{\"name\":\"a\x00b\"}"),
		"control-in-string":   []byte("{\"name\":\"a\tb\"}"),
		"invalid-utf8":        []byte("{\"name\":\"\xff\xfe\"}"),
		"invalid-utf8-key":    []byte("{\"na\xffme\":\"a\"}"),
		"overlong-utf8":       []byte("{\"name\":\"\xc0\xaf\"}"),
		"lone-surrogate":      []byte(`{"name":"\ud800"}`),
		"surrogate-pair":      []byte(`{"name":"\ud83d\ude00"}`),
		"escapes":             []byte(`{"name":"\"\\\/\b\f\n\r\t\u0041\u00e9"}`),
		"bad-escape":          []byte(`{"name":"\x41"}`),
		"unicode-name":        []byte(`{"name":"实例_1","description":"\u2028<>&"}`),
		"duplicate-key":       []byte(`{"name":"a","name":"b"}`),
		"duplicate-nested":    []byte(`{"flavor":{"type":"iotda.standard.s1","type":"iotda.standard.s2"}}`),
		"duplicate-tags":      []byte(`{"tags":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}`),
		"huge-integer":        []byte(`{"flavor":{"type":"iotda.standard.s1","size":123456789012345678901234567890}}`),
		"huge-exponent":       []byte(`{"flavor":{"type":"iotda.standard.s1","size":1e400}}`),
		"negative-zero":       []byte(`{"flavor":{"type":"iotda.standard.s1","size":-0}}`),
		"float-size":          []byte(`{"flavor":{"type":"iotda.standard.s1","size":2.0}}`),
		"string-size":         []byte(`{"flavor":{"type":"iotda.standard.s1","size":"2"}}`),
		"leading-zero":        []byte(`{"flavor":{"size":02}}`),
		"bool-strings":        []byte(`{"charge_info":{"charge_mode":"prePaid","is_auto_renew":"TRUE","is_auto_pay":"yes"}}`),
		"deep-arrays":         deep("[", "]", 1000),
		"deep-objects":        deep(`{"a":`, "}", 1000),
		"deep-at-limit":       deep(`{"a":`, "}", 32),
		"deep-past-limit":     deep(`{"a":`, "}", 33),
		"many-unknown":        []byte(`{"a":1,"b":[1,2,{"c":null}],"d":{"e":"f"},"g":true,"h":false}`),
		"enterprise-standard": bytes.Replace(enterprise, []byte(`"enterprise"`), []byte(`"standard"`), 1),
		"over-max-bytes":      append(append([]byte(`{"name":"`), bytes.Repeat([]byte("a"), 2<<20)...), `"}`...),
		"at-max-bytes":        append(append([]byte(`{"name":"`), bytes.Repeat([]byte("a"), 1<<20-11)...), `"}`...),
	}
}

// enterpriseYearly is the API page's third example, the benchmarks' body.
const enterpriseYearly = "../examples/requests/enterprise-yearly.json"

// optionSets are the options every body is checked with: a few of each kind,
// and every catalog of the core's test data.
func optionSets(t testing.TB) map[string][]byte {
	t.Helper()
	catalog, err := os.ReadFile("../core/catalog_default.json")
	require.NoError(t, err)
	catalogs, err := filepath.Glob("../core/testdata/catalogs/*.json")
	require.NoError(t, err)
	sets := map[string][]byte{}
	for _, path := range catalogs {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		sets["catalog:"+filepath.Base(path)] = []byte(`{"catalog":` + string(data) + `}`)
	}
	for name, options := range map[string][]byte{
		"default":       nil,
		"strict":        []byte(`{"strict":true}`),
		"zh":            []byte(`{"lang":"zh"}`),
		"strict-zh":     []byte(`{"strict":true,"lang":"zh"}`),
		"small-limits":  []byte(`{"max_bytes":64,"max_depth":3}`),
		"tiny-limits":   []byte(`{"max_bytes":1,"max_depth":1}`),
		"params":        []byte(`{"params":{"project_id":"0123456789abcdef0123456789abcdef","auth_token":"not-a-secret"}}`),
		"bad-params":    []byte(`{"params":{"project_id":"../x"}}`),
		"catalog":       []byte(`{"catalog":` + string(catalog) + `}`),
		"everything-zh": []byte(`{"strict":true,"lang":"zh","max_bytes":4096,"max_depth":8,"params":{"project_id":"p"}}`),
	} {
		sets[name] = options
	}
	return sets
}
