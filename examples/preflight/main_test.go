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
	"time"

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

// The example files of the order changes, and Huawei's worked example's
// catalog (USD 50 a unit a month for st, 350 for s1).
var (
	resizeBody     = filepath.Join("..", "requests", "resize", "standard-s1-10-units.json")
	changeBody     = filepath.Join("..", "requests", "change-charge-mode", "monthly-3.json")
	currentMonthly = filepath.Join("..", "requests", "current", "standard-st-monthly.json")
	currentPayGo   = filepath.Join("..", "requests", "current", "standard-st-pay-per-use.json")
	workedCatalog  = filepath.Join("..", "..", "core", "testdata", "catalogs", "billing-example-2025.json")
)

// changeCases are the resize and change-charge-mode runs whose reports and
// documents are golden, each with the reason it is there.
var changeCases = []struct {
	name string
	args []string
	why  string
}{
	{"resize-worked-example", []string{"--api", "resize", "--current", currentMonthly, "--at", "2023-05-20T09:00:00+08:00", "--catalog", workedCatalog, resizeBody},
		"Huawei's worked example, priced: R = 11/31 + 2 + 18/31 = 2.9355, (3500 - 250) x R = USD 9,540.38"},
	{"resize-unpriced", []string{"--api", "resize", "--at", "2023-05-20T09:00:00+08:00", resizeBody},
		"no current instance: valid, and not priced, with the reason"},
	{"change-charge-mode-monthly", []string{"--api", "change-charge-mode", "--current", currentPayGo, "--at", "2023-05-20T09:00:00+08:00",
		"--catalog", workedCatalog, changeBody},
		"a pay-per-use instance turned monthly: priced as a 3-month order of its flavor and units"},
}

// The order changes' reports (in English and in Chinese) and documents are
// golden too.
func TestGoldenChanges(t *testing.T) {
	requestsDir := filepath.Join("..", "requests")
	for _, c := range changeCases {
		for _, mode := range []struct {
			suffix string
			flags  []string
		}{{".txt", nil}, {".json", []string{"--json"}}, {".zh.txt", []string{"--lang", "zh"}}} {
			t.Run(c.name+mode.suffix, func(t *testing.T) {
				var out, errOut bytes.Buffer
				code := run(append(append([]string(nil), mode.flags...), c.args...), nil, &out, &errOut)
				assert.Empty(t, errOut.String())
				assert.Equal(t, 0, code, c.why)
				golden(t, c.name+mode.suffix, bytes.ReplaceAll(out.Bytes(), []byte(requestsDir), []byte("requests")))
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
		{"schema of a resize", []string{"--schema", "--api", "resize"}, "", 0, "each request has its schema"},
		{"schema of an unknown request", []string{"--schema", "--api", "delete"}, "", 2, "no such request, no schema"},
		{"resize without a current instance", []string{"--api", "resize", resizeBody}, "", 0, "valid; not priced, which is no failure"},
		{"resize priced", []string{"--api", "resize", "--current", currentMonthly, "--at", "2023-05-20T09:00:00+08:00", resizeBody}, "", 0,
			"a valid resize of a known instance"},
		{"resize at the expiry", []string{"--api", "resize", "--current", currentMonthly, "--at", "2023-08-18T15:30:00+08:00", resizeBody}, "", 1,
			"a change at the order's end is a range error in the current instance: a verdict"},
		{"resize of a body of create, strict", []string{"--api", "resize", "--strict", valid}, "", 1, "create's members are unknown to a resize: errors in strict mode"},
		{"change of a monthly instance", []string{"--api", "change-charge-mode", "--current", currentMonthly, changeBody}, "", 1,
			"only a pay-per-use instance changes to yearly/monthly: a verdict"},
		{"bad api", []string{"--api", "delete", valid}, "", 2, "an unknown request"},
		{"bad at", []string{"--api", "resize", "--at", "2023-05-20 09:00", resizeBody}, "", 2, "a time that is not RFC 3339 with an offset"},
		{"current missing", []string{"--api", "resize", "--current", filepath.Join(dir, "nope.json"), resizeBody}, "", 2, "an unreadable current instance"},
		{"current of create", []string{"--current", currentMonthly, valid}, "", 2, "create reads no current instance: the request was meant to be another"},
		{"at of create", []string{"--at", "2023-05-20T09:00:00+08:00", valid}, "", 2, "create has no change time"},
		{"at given empty", []string{"--api", "resize", "--at", "", resizeBody}, "", 2,
			"an empty --at is no time (a script's unset variable); it had been taken as now, and the change priced at that"},
		{"current given empty", []string{"--api", "resize", "--current", "", resizeBody}, "", 2,
			"an empty --current names no file; it had been taken as no current instance, and the change left unpriced"},
		{"current with a number no float64 holds", []string{"--api", "resize", "--current", hugeNumberCurrent(t), resizeBody}, "", 0,
			"1e400 is JSON, and the check reads numbers as written (a ShowInstance member it ignores); it had been refused as not JSON"},
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

// hugeNumberCurrent writes a current instance that is JSON with a number
// past what a float64 holds, in a member the check does not read.
func hugeNumberCurrent(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "huge.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"postPaid","quota":1e400}`), 0o644))
	return path
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

// The WebAssembly engine prints exactly what the native one prints for the
// order changes too, with each current instance, with none, and with a
// change time past the current order's end.
func TestEnginesAgreeOnChanges(t *testing.T) {
	for _, c := range []struct {
		why  string
		args []string
	}{
		{"resize, priced", []string{"--api", "resize", "--current", currentMonthly, "--at", "2023-05-20T09:00:00+08:00", "--catalog", workedCatalog, resizeBody}},
		{"resize, embedded catalog, Chinese, strict", []string{"--api", "resize", "--current", currentMonthly, "--at", "2023-05-20T01:00:00Z",
			"--lang", "zh", "--strict", resizeBody}},
		{"resize of a pay-per-use instance", []string{"--api", "resize", "--current", currentPayGo, "--at", "2023-05-20T09:00:00+08:00", resizeBody}},
		{"resize without a current instance", []string{"--api", "resize", "--at", "2023-05-20T09:00:00+08:00", resizeBody}},
		{"resize at the expiry", []string{"--api", "resize", "--current", currentMonthly, "--at", "2023-08-18T07:30:00Z", resizeBody}},
		{"resize of a body of create", []string{"--api", "resize", "--at", "2023-05-20T09:00:00+08:00", filepath.Join("..", "requests", "standard-yearly.json")}},
		{"change, priced", []string{"--api", "change-charge-mode", "--current", currentPayGo, "--at", "2023-05-20T09:00:00+08:00", "--catalog", workedCatalog, changeBody}},
		{"change of a monthly instance, Chinese", []string{"--api", "change-charge-mode", "--current", currentMonthly, "--at", "2023-05-20T09:00:00+08:00",
			"--lang", "zh", changeBody}},
		{"change without a current instance", []string{"--api", "change-charge-mode", "--at", "2023-05-20T09:00:00+08:00", changeBody}},
	} {
		t.Run(c.why, func(t *testing.T) {
			var native, wasm bytes.Buffer
			args := append([]string{"--json"}, c.args...)
			nc := run(args, nil, &native, os.Stderr)
			wc := run(append([]string{"--engine", "wasm"}, args...), nil, &wasm, os.Stderr)
			assert.Equal(t, nc, wc)
			assert.Equal(t, native.String(), wasm.String())
			assert.Contains(t, native.String(), `"valid":`, "a result document")
		})
	}
}

// Without --at, a change is checked at the moment the command runs: the
// report says when, so the run can be repeated with that --at.
func TestAtDefaultsToNow(t *testing.T) {
	before := time.Now().Truncate(time.Second)
	var out bytes.Buffer
	require.Equal(t, 0, run([]string{"--api", "resize", resizeBody}, nil, &out, os.Stderr))
	after := time.Now()
	line := strings.Split(out.String(), "\n")[1]
	stamp, ok := strings.CutPrefix(line, "Request: resize, at ")
	require.True(t, ok, "the report's second line names the change time: %q", line)
	at, err := time.Parse(time.RFC3339, stamp)
	require.NoError(t, err)
	assert.False(t, at.Before(before) || at.After(after), "%s is the time of the run", stamp)

	var again bytes.Buffer
	require.Equal(t, 0, run([]string{"--api", "resize", "--at", stamp, resizeBody}, nil, &again, os.Stderr))
	assert.Equal(t, out.String(), again.String(), "the same report with the --at it names")
}

// --schema writes the schema of --api's request: the core's, byte for byte.
func TestSchemaOfEachRequest(t *testing.T) {
	for _, api := range core.APIs {
		var out bytes.Buffer
		require.Equal(t, 0, run([]string{"--schema", "--api", string(api)}, nil, &out, os.Stderr))
		assert.Equal(t, string(core.JSONSchemaFor(api)), out.String(), api)
	}
	var out bytes.Buffer
	require.Equal(t, 0, run([]string{"--schema"}, nil, &out, os.Stderr))
	assert.Equal(t, string(core.JSONSchema()), out.String(), "create's by default")
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
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	emptyFile := write("empty.json", " \n")
	notJSON := write("notjson.json", "{ x}")
	notUTF8 := write("utf8.json", "{\"name\": \"\xff\"}")
	array := write("array.json", `[{"charge_mode":"prePaid"}]`)
	bigCurrent := write("big-current.json", `{"name":"`+strings.Repeat("a", 64<<10)+`"}`)
	deepCurrent := write("deep.json", `{"a":`+strings.Repeat("[", 10)+strings.Repeat("]", 10)+`}`)
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
		{"api", []string{"--api", "delete", valid}, `preflight: --api "delete": want create, resize or change-charge-mode`},
		{"api of a schema", []string{"--schema", "--api", "Resize"}, `preflight: --api "Resize": want create, resize or change-charge-mode`},
		{"at without an offset", []string{"--api", "resize", "--at", "2023-05-20T09:00:00", resizeBody},
			`preflight: --at "2023-05-20T09:00:00": want a date and time in RFC 3339 with an offset, such as 2023-05-20T09:00:00+08:00`},
		{"at that does not exist", []string{"--api", "resize", "--at", "2023-02-29T09:00:00Z", resizeBody}, `preflight: --at "2023-02-29T09:00:00Z": want`},
		{"at of create", []string{"--at", "2023-05-20T09:00:00Z", valid}, "preflight: --at: only resize and change-charge-mode read it; name the request with --api"},
		{"at given empty", []string{"--api", "resize", "--at", "", resizeBody},
			`preflight: --at "": want a date and time in RFC 3339 with an offset, such as 2023-05-20T09:00:00+08:00`},
		{"at given empty, of create", []string{"--at=", valid}, "preflight: --at: only resize and change-charge-mode read it"},
		{"current given empty", []string{"--api", "resize", "--current", "", resizeBody}, `preflight: --current "": want a file`},
		{"current of create", []string{"--current", currentMonthly, valid}, "preflight: --current: only resize and change-charge-mode read it"},
		{"current missing", []string{"--api", "resize", "--current", missing, resizeBody}, "preflight: --current " + missing + ": no such file or directory"},
		{"current is a directory", []string{"--api", "resize", "--current", dir, resizeBody}, "preflight: --current " + dir + ": is a directory"},
		{"current empty", []string{"--api", "resize", "--current", emptyFile, resizeBody}, "preflight: --current " + emptyFile + ": the file is empty"},
		{"current not JSON", []string{"--api", "resize", "--current", notJSON, resizeBody},
			"preflight: --current " + notJSON + ": not JSON: invalid character 'x' looking for beginning of object key string (at byte 2)"},
		{"current not UTF-8", []string{"--api", "resize", "--current", notUTF8, resizeBody}, "preflight: --current " + notUTF8 + ": not valid UTF-8 (at byte 10)"},
		{"current an array", []string{"--api", "resize", "--current", array, resizeBody},
			"preflight: --current " + array + ": an array, not an object: want the instance, as ShowInstance returns it"},
		{"current over its size", []string{"--api", "resize", "--current", bigCurrent, resizeBody},
			"preflight: --current " + bigCurrent + ": the file is more than 64512 bytes, the most a current instance may be"},
		{"current deeper than the options carry", []string{"--api", "resize", "--current", deepCurrent, resizeBody},
			"preflight: --current " + deepCurrent + ": more than the options carry: options: not JSON: containers are nested deeper than 8 levels"},
		{"current from standard input", []string{"--api", "resize", "--current", "-", resizeBody}, "preflight: --current -: standard input is not read here: give a file"},
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
