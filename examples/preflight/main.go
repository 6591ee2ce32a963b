// Command preflight checks one request body (Create an IoTDA Instance, or a
// resize or change of charge mode of one) and prints the verdict, the
// problems, the defaults the platform fills, and the price.
//
//	go run ./examples/preflight [--json] [--strict] [--lang en|zh] [--catalog FILE] [--engine native|wasm]
//	    [--api create|resize|change-charge-mode] [--current FILE] [--at TIME] [--max-bytes N] [FILE|-]
//	go run ./examples/preflight --schema [--api NAME]   # the JSON Schema of the request's body
//
// A resize or a change of charge mode is priced from the instance as it is
// now (--current, the JSON of a ShowInstance response) at the change time
// (--at, RFC 3339 with an offset; now by default, and the report says which).
//
// Exit status: 0 the body is valid, 1 it is invalid, 2 the command itself
// failed (an unreadable file, a bad catalog, a broken engine): its message
// names the flag or the file it is about.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/host"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, with its streams passed in so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	strict := fs.Bool("strict", false, "strict mode: unknown members and coerced strings are errors")
	lang := fs.String("lang", "en", "language of messages: en or zh")
	catalogFile := fs.String("catalog", "", "a price catalog (JSON) to use instead of the embedded one")
	engine := fs.String("engine", "native", "native (the Go core) or wasm (the WebAssembly module through wazero)")
	maxBytes := fs.Int("max-bytes", core.DefaultMaxBytes, "the largest body read")
	schema := fs.Bool("schema", false, "print the JSON Schema (2020-12) of the request body (--api's) and exit")
	api := fs.String("api", string(core.APICreate), "the request: create, resize or change-charge-mode")
	currentFile := fs.String("current", "", "resize and change-charge-mode: the instance as it is now (JSON, a ShowInstance response)")
	at := fs.String("at", "", "resize and change-charge-mode: the change time, RFC 3339 with an offset (default: now)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: preflight [--json] [--strict] [--lang en|zh] [--catalog FILE] [--engine native|wasm]\n"+
			"                 [--api create|resize|change-charge-mode] [--current FILE] [--at TIME] [--max-bytes N] [FILE|-]\n"+
			"       preflight --schema [--api create|resize|change-charge-mode]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "preflight:", err)
		return 2
	}
	if !slices.Contains(core.APIs, core.API(*api)) {
		return fail(fmt.Errorf("--api %q: want create, resize or change-charge-mode", *api))
	}
	if *schema {
		stdout.Write(core.JSONSchemaFor(core.API(*api)))
		return 0
	}
	// A flag given with an empty value is given: an unset variable in a
	// script must not pass for "now" or for "no current instance".
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	change := changeOf{api: core.API(*api), at: *at, currentName: *currentFile}
	if change.api == core.APICreate {
		// Create reads neither: given, they mean the request was meant to
		// be another one.
		for _, f := range []string{"current", "at"} {
			if given[f] {
				return fail(fmt.Errorf("--%s: only resize and change-charge-mode read it; name the request with --api", f))
			}
		}
	} else if given["current"] && *currentFile == "" {
		return fail(errors.New(`--current "": want a file, the instance as ShowInstance returns it`))
	} else if change.at == "" && !given["at"] {
		change.at = time.Now().Format(time.RFC3339) // in the options and the report: the run can be repeated
	} else if _, err := core.ParseOptions(append(append([]byte(`{"at":`), jsonString(change.at)...), '}')); err != nil {
		return fail(fmt.Errorf("--at %q: want a date and time in RFC 3339 with an offset, such as 2023-05-20T09:00:00+08:00", change.at))
	}
	name := "-"
	if fs.NArg() == 1 {
		name = fs.Arg(0)
	}
	if *maxBytes < 0 || *maxBytes > core.MaxBytesLimit {
		return fail(fmt.Errorf("--max-bytes %d: want 0 to %d, 4 MiB, the largest body every engine has the memory to check (0: the default, %d)",
			*maxBytes, core.MaxBytesLimit, core.DefaultMaxBytes))
	}
	limit := (&core.Options{MaxBytes: *maxBytes}).BodyLimit() // as the check reads it
	body, err := readAtMost(name, stdin, limit)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", displayName(name, &english), err))
	}
	if *lang != "en" && *lang != "zh" {
		return fail(fmt.Errorf("--lang %q: want en or zh", *lang))
	}
	if *currentFile != "" {
		if change.current, err = readCurrent(*currentFile); err != nil {
			return fail(fmt.Errorf("--current %s: %w", *currentFile, err))
		}
	}
	var catalog json.RawMessage
	if *catalogFile != "" {
		// One byte past the limit is enough for the loader to refuse it.
		if catalog, err = readAtMost(*catalogFile, nil, core.MaxCatalogBytes); err != nil {
			return fail(fmt.Errorf("--catalog %s: %w", *catalogFile, err))
		}
		if len(bytes.TrimSpace(catalog)) == 0 {
			return fail(fmt.Errorf("--catalog %s: the file is empty", *catalogFile))
		}
		// Read by the catalog loader first, so a mistake is reported in the
		// file's own terms (its byte offsets, the loader's words), not in
		// those of the options document the file is put into.
		if _, err := core.ParseCatalog(catalog); err != nil {
			return fail(fmt.Errorf("--catalog %s: %w", *catalogFile, err))
		}
	}
	options, err := json.Marshal(struct {
		Strict   bool            `json:"strict"`
		MaxBytes int             `json:"max_bytes"`
		Lang     string          `json:"lang"`
		Catalog  json.RawMessage `json:"catalog,omitempty"`
		API      core.API        `json:"api"`
		At       string          `json:"at,omitempty"`
	}{*strict, *maxBytes, *lang, catalog, change.api, change.at})
	if err != nil {
		return fail(fmt.Errorf("--catalog %s: %w", *catalogFile, err))
	}
	if change.current != nil {
		// As the file has it, byte for byte: json.Marshal would rewrite
		// its <, > and & and change what the check measures.
		options = append(append(append(options[:len(options)-1], `,"current":`...), change.current...), '}')
	}
	if *engine != "native" && *engine != "wasm" {
		return fail(fmt.Errorf("--engine %q: want native or wasm", *engine))
	}
	// Read here for both engines: every flag's value is checked above, so
	// what the options reader still refuses is the current instance's shape
	// (deeper, or more values, than an options document carries).
	opts, err := core.ParseOptions(options)
	if err != nil {
		if change.current != nil {
			return fail(fmt.Errorf("--current %s: more than the options carry: %w", *currentFile, err))
		}
		return fail(fmt.Errorf("--engine %s: %w", *engine, err))
	}

	var doc []byte
	switch *engine {
	case "native":
		doc = core.AppendCheck(nil, body, opts)
	case "wasm":
		ctx := context.Background()
		// A cache of the compiled module makes every run after the first
		// start in tens of milliseconds instead of about a second.
		cfg := host.NewConfig()
		if dir, err := os.UserCacheDir(); err == nil {
			cfg = cfg.WithCacheDir(filepath.Join(dir, "iotda-preflight"))
		}
		h, err := host.New(ctx, cfg)
		if err != nil {
			return fail(fmt.Errorf("--engine wasm: %w", err))
		}
		defer h.Close(ctx)
		if doc, err = h.Check(ctx, body, options); err != nil {
			return fail(fmt.Errorf("--engine wasm: %w", err))
		}
	}

	var res core.Result
	if err := json.Unmarshal(doc, &res); err != nil {
		return fail(fmt.Errorf("--engine %s: the engine returned a document that is not a result: %w", *engine, err))
	}
	if *asJSON {
		stdout.Write(doc)
		fmt.Fprintln(stdout)
	} else {
		w := wordsFor(*lang)
		writeReport(stdout, w, displayName(name, w), &change, &res)
	}
	if !res.Valid {
		return 1
	}
	return 0
}

// changeOf is what the command knows of a resize or change of charge mode,
// for the options and the report.
type changeOf struct {
	api         core.API
	at          string // as passed to the check
	currentName string // the --current file ("": none)
	current     []byte
}

// maxCurrentBytes is the largest current instance read. A ShowInstance
// response is about 1 KB, and an options document keeps 64 KiB beside the
// largest catalog (core.MaxOptionsBytes), so any current instance read
// travels with any catalog.
const maxCurrentBytes = core.MaxOptionsBytes - core.MaxCatalogBytes - 1<<10

// readCurrent reads the current instance's file: a JSON object, which the
// options carry as it is written. What is in it the check reports.
func readCurrent(name string) ([]byte, error) {
	data, err := readAtMost(name, nil, maxCurrentBytes)
	switch {
	case err != nil:
		return nil, err
	case len(data) > maxCurrentBytes:
		return nil, fmt.Errorf("the file is more than %d bytes, the most a current instance may be (a ShowInstance response is about 1 KB)", maxCurrentBytes)
	case len(bytes.TrimSpace(data)) == 0:
		return nil, errors.New("the file is empty")
	case !utf8.Valid(data):
		return nil, fmt.Errorf("not valid UTF-8 (at byte %d)", invalidUTF8At(data))
	}
	// Checked as text, not decoded: a number no float64 holds (1e400) is
	// JSON, and the check reads numbers as written.
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the bytes read, the wrong one among them.
			return nil, fmt.Errorf("not JSON: %v (at byte %d)", se, se.Offset-1)
		}
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if v[0] != '{' {
		return nil, fmt.Errorf("%s, not an object: want the instance, as ShowInstance returns it", kindOf(v[0]))
	}
	return data, nil
}

// invalidUTF8At is the offset of the first byte of b that is not valid
// UTF-8 (len(b) when there is none), counted from 0 as the check counts.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// kindOf names the kind of the JSON value that starts with byte b.
func kindOf(b byte) string {
	switch b {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// jsonString is s as a JSON string.
func jsonString(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

// readAtMost reads a file, or standard input when name is "-", refusing to
// read more than max bytes: one byte past it, enough for the check to say
// too_large and for the catalog loader to refuse a catalog. An error names
// no file: the caller says which file (or flag) it is about.
func readAtMost(name string, stdin io.Reader, max int) ([]byte, error) {
	r := stdin
	if name == "-" && stdin == nil {
		return nil, errors.New("standard input is not read here: give a file")
	}
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, withoutPath(err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, withoutPath(err)
	}
	return data, nil
}

// withoutPath is err without the operation and path an *os.PathError adds
// ("read /tmp: is a directory" is "is a directory"), for a message that
// names the file once, with the flag it came from.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func displayName(name string, w *words) string {
	if name == "-" {
		return w.stdin
	}
	return name
}
