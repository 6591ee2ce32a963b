package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/internal/bigjson"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func requests(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "requests", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./examples/preflight -update to create it")
	assert.Equal(t, string(want), string(got), "%s differs from its golden file (go test ./examples/preflight -update rewrites it; review the diff)", path)
}

// The report (in English and in Chinese) and the JSON document of every
// example request are golden: a change to a message, a path, a default or
// a price shows up in review.
func TestGolden(t *testing.T) {
	for _, file := range requests(t) {
		base := strings.TrimSuffix(filepath.Base(file), ".json")
		for _, mode := range []struct {
			suffix string
			flags  []string
		}{{".txt", nil}, {".json", []string{"--json"}}, {".zh.txt", []string{"--lang", "zh"}}} {
			t.Run(base+mode.suffix, func(t *testing.T) {
				args := append(append([]string(nil), mode.flags...), file)
				var out, errOut bytes.Buffer
				code := run(args, nil, &out, &errOut)
				assert.Empty(t, errOut.String())
				// The exit status says the same as the verdict.
				assert.Equal(t, code == 0, strings.Contains(out.String(), `"valid":true`) || strings.Contains(out.String(), ": VALID") ||
					strings.Contains(out.String(), "：有效"))
				golden(t, base+mode.suffix, bytes.ReplaceAll(out.Bytes(), []byte(filepath.Dir(file)), []byte("requests")))
			})
		}
	}
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	badCatalog := filepath.Join(dir, "catalog.json")
	require.NoError(t, os.WriteFile(badCatalog, []byte(`{"name":"x"}`), 0o644))
	emptyCatalog := filepath.Join(dir, "empty.json")
	require.NoError(t, os.WriteFile(emptyCatalog, []byte("\n"), 0o644))
	valid := filepath.Join("..", "requests", "standard-yearly.json")
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  int
		why   string
	}{
		{"valid", []string{valid}, "", 0, "a valid body"},
		{"invalid", []string{filepath.Join("..", "requests", "invalid-many.json")}, "", 1, "an invalid body"},
		{"strict", []string{"--strict", valid}, "", 1, "the page's string booleans are type errors in strict mode"},
		{"stdin", []string{"-"}, `{"name":1}`, 1, "standard input is read when the file is -"},
		{"not json", []string{}, `not json`, 1, "a body that is not JSON is an invalid body, not a failure"},
		{"too large", []string{"--max-bytes", "10"}, strings.Repeat(" ", 100), 1, "too_large is a verdict"},
		{"max-bytes 0", []string{"--max-bytes", "0", valid}, "", 0, "0 is the default limit, as for the check; it had read one byte and called the body truncated"},
		{"max-bytes largest", []string{"--max-bytes", "4194304", valid}, "", 0, "core.MaxBytesLimit, the largest limit every engine has the memory for"},
		{"max-bytes over the largest", []string{"--max-bytes", "4194305", valid}, "", 2, "a limit the module's memory is not sized for is a mistake in the command"},
		{"max-bytes of an int64", []string{"--max-bytes", "9223372036854775807", valid}, "", 2, "the largest int had overflowed to a negative limit and read nothing; now it is over the largest"},
		{"max-bytes negative", []string{"--max-bytes", "-1", valid}, "", 2, "a negative limit is a mistake in the command"},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, "", 2, "the command could not read its input"},
		{"bad catalog", []string{"--catalog", badCatalog, valid}, "", 2, "a malformed catalog is a failure of the command"},
		{"empty catalog", []string{"--catalog", emptyCatalog, valid}, "", 2, "an empty catalog file is a mistake, not the default catalog"},
		{"bad engine", []string{"--engine", "jvm", valid}, "", 2, "an unknown engine"},
		{"bad lang", []string{"--lang", "fr", valid}, "", 2, "an unknown language"},
		{"two files", []string{valid, valid}, "", 2, "one body at a time"},
		{"bad flag", []string{"--nope"}, "", 2, "an unknown flag"},
		{"schema", []string{"--schema"}, "", 0, "printing the schema is a success"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			got := run(c.args, strings.NewReader(c.stdin), &out, &errOut)
			assert.Equal(t, c.want, got, "%s\nstdout: %s\nstderr: %s", c.why, out.String(), errOut.String())
			if c.want == 2 {
				assert.NotEmpty(t, errOut.String(), "a failure says why on standard error")
			}
		})
	}
}

// A catalog that is not one is reported in its own terms (the loader's
// words, offsets in the file), naming the file: not in those of the options
// document the command puts it into.
func TestCatalogErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	valid := filepath.Join("..", "requests", "standard-yearly.json")
	for _, c := range []struct{ name, text, want string }{
		{"trailing.json", `{"currency":"USD","flavors":[]}  x`, "the catalog is not JSON"},
		{"utf8.json", "{\"name\":\"\xff\"}", "the catalog is not valid UTF-8"},
		{"bom.json", "\xef\xbb\xbf{}", "the catalog is not JSON"},
	} {
		path := filepath.Join(dir, c.name)
		require.NoError(t, os.WriteFile(path, []byte(c.text), 0o644))
		for _, engine := range []string{"native", "wasm"} {
			var out, errOut bytes.Buffer
			code := run([]string{"--engine", engine, "--catalog", path, valid}, nil, &out, &errOut)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut.String(), "--catalog "+path+": ", c.name)
			assert.Contains(t, errOut.String(), c.want, c.name)
			assert.NotContains(t, errOut.String(), "MarshalJSON", c.name)
		}
	}
}

// The WebAssembly engine prints exactly what the native one prints.
func TestEnginesAgree(t *testing.T) {
	for _, file := range requests(t) {
		for _, extra := range [][]string{nil, {"--strict", "--lang", "zh"}} {
			var native, wasm bytes.Buffer
			args := append(append([]string{"--json"}, extra...), file)
			nc := run(args, nil, &native, os.Stderr)
			wc := run(append([]string{"--engine", "wasm"}, args...), nil, &wasm, os.Stderr)
			assert.Equal(t, nc, wc, file)
			assert.Equal(t, native.String(), wasm.String(), file)
		}
	}
}

// Every failure of the command names the flag or the file it is about, in
// its first words, on either engine.
func TestErrorsNameTheirFlagOrFile(t *testing.T) {
	dir := t.TempDir()
	valid := filepath.Join("..", "requests", "standard-yearly.json")
	bigCatalog := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(bigCatalog, bigjson.Catalog(1, core.MaxCatalogBytes+1), 0o644))
	manyFlavors := filepath.Join(dir, "many.json")
	require.NoError(t, os.WriteFile(manyFlavors, bigjson.Catalog(core.MaxCatalogFlavors+1, 0), 0o644))
	missing := filepath.Join(dir, "nope.json")
	cases := []struct {
		name string
		args []string
		want string // the start of standard error
	}{
		{"catalog is a directory", []string{"--catalog", dir, valid}, "preflight: --catalog " + dir + ": is a directory"},
		{"catalog missing", []string{"--catalog", missing, valid}, "preflight: --catalog " + missing + ": no such file or directory"},
		{"catalog over its size", []string{"--catalog", bigCatalog, valid},
			"preflight: --catalog " + bigCatalog + ": the catalog is more than 1048576 bytes (1 MiB), the most a catalog may be"},
		{"catalog over its flavors", []string{"--catalog", manyFlavors, valid},
			"preflight: --catalog " + manyFlavors + ": flavors: 1001 flavors, more than the 1000 a catalog may list"},
		{"catalog from standard input", []string{"--catalog", "-", valid}, "preflight: --catalog -: standard input is not read here: give a file"},
		{"body is a directory", []string{dir}, "preflight: " + dir + ": is a directory"},
		{"body missing", []string{missing}, "preflight: " + missing + ": no such file or directory"},
		{"max-bytes over the largest", []string{"--max-bytes", "20000000", valid},
			"preflight: --max-bytes 20000000: want 0 to 4194304, 4 MiB, the largest body every engine has the memory to check"},
		{"max-bytes negative", []string{"--max-bytes", "-1", valid}, "preflight: --max-bytes -1: want 0 to 4194304"},
		{"lang", []string{"--lang", "fr", valid}, `preflight: --lang "fr": want en or zh`},
		{"engine", []string{"--engine", "jvm", valid}, `preflight: --engine "jvm": want native or wasm`},
	}
	for _, c := range cases {
		for _, engine := range []string{"native", "wasm"} {
			t.Run(c.name+"/"+engine, func(t *testing.T) {
				var out, errOut bytes.Buffer
				args := c.args
				if !slices.Contains(args, "--engine") {
					args = append([]string{"--engine", engine}, args...)
				}
				assert.Equal(t, 2, run(args, strings.NewReader(""), &out, &errOut))
				assert.True(t, strings.HasPrefix(errOut.String(), c.want), "stderr %q does not start with %q", errOut.String(), c.want)
				assert.LessOrEqual(t, strings.Count(errOut.String(), "\n"), 4, "a few lines")
			})
		}
	}
}

// At each body size boundary both engines print the same document: the
// largest body the largest limit admits is checked, one byte more is
// too_large.
func TestEnginesAgreeAtTheLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 4 MiB bodies as WebAssembly")
	}
	dir := t.TempDir()
	cases := []struct {
		name, maxBytes string
		size           int
		tooLarge       bool
	}{
		{"at the default", "0", core.DefaultMaxBytes, false},
		{"over the default", "0", core.DefaultMaxBytes + 1, true},
		{"at the largest", strconv.Itoa(core.MaxBytesLimit), core.MaxBytesLimit, false},
		{"over the largest", strconv.Itoa(core.MaxBytesLimit), core.MaxBytesLimit + 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".json")
			require.NoError(t, os.WriteFile(path, bigjson.Body(c.size), 0o644))
			var native, wasm bytes.Buffer
			args := []string{"--json", "--max-bytes", c.maxBytes, path}
			nc := run(args, nil, &native, os.Stderr)
			wc := run(append([]string{"--engine", "wasm"}, args...), nil, &wasm, os.Stderr)
			assert.Equal(t, 1, nc)
			assert.Equal(t, nc, wc)
			assert.Equal(t, native.String(), wasm.String())
			assert.Equal(t, c.tooLarge, strings.Contains(native.String(), `"code":"too_large"`))
		})
	}
}
