// Command preflight checks one Create-IoTDA-Instance request body and prints the
// verdict, the problems, the defaults the platform fills, and the price.
//
//	go run ./examples/preflight [--json] [--strict] [--lang en|zh] [--catalog FILE] [--engine native|wasm] [FILE|-]
//	go run ./examples/preflight --schema    # the JSON Schema of the body
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
	schema := fs.Bool("schema", false, "print the JSON Schema (2020-12) of the request body and exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: preflight [--json] [--strict] [--lang en|zh] [--catalog FILE] [--engine native|wasm] [--max-bytes N] [FILE|-]\n       preflight --schema")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	if *schema {
		stdout.Write(core.JSONSchema())
		return 0
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "preflight:", err)
		return 2
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
	}{*strict, *maxBytes, *lang, catalog})
	if err != nil {
		return fail(fmt.Errorf("--catalog %s: %w", *catalogFile, err))
	}

	var doc []byte
	switch *engine {
	case "native":
		opts, err := core.ParseOptions(options)
		if err != nil {
			return fail(fmt.Errorf("--engine native: %w", err))
		}
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
	default:
		return fail(fmt.Errorf("--engine %q: want native or wasm", *engine))
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
		writeReport(stdout, w, displayName(name, w), &res)
	}
	if !res.Valid {
		return 1
	}
	return 0
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
