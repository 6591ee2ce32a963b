// Command expectations writes what the native core says about every body of
// the corpus (package internal/corpus) under every option set, for the js
// package's differential test: `make js-test` runs it before `npm test`, so
// the module in the browser shim is compared with the core built from the
// same sources.
//
//	go run ./js/expectations -o build/js-expectations.json
//
// The corpus is the create bodies and option sets and those of resize and
// change-charge-mode (corpus.ChangeBodies, corpus.ChangeOptionSets), every
// body under every set. The file holds bodies and documents as base64,
// byte for byte, and each set's current instance as its text:
//
//	{"bodies": [{"name": "...", "body": "<base64>"}],
//	 "options": [{"name": "...", "json": "{...}", "current": "{...}"}],
//	 "documents": [["<base64>", ... one per body], ... one per option set]}
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/internal/corpus"
)

type expectations struct {
	Bodies    []body     `json:"bodies"`
	Options   []options  `json:"options"`
	Documents [][][]byte `json:"documents"` // []byte: base64 in JSON
}

type body struct {
	Name string `json:"name"`
	Body []byte `json:"body"`
}

type options struct {
	Name string `json:"name"`
	JSON string `json:"json"`
	// Current is the current instance's text as the document holds it, for
	// the package's option current given as text: an object made by
	// JSON.parse would lose a member written twice, which the core reports.
	Current string `json:"current,omitempty"`
}

func main() {
	root := flag.String("root", ".", "the repository's top folder")
	out := flag.String("o", "build/js-expectations.json", "the file to write")
	flag.Parse()
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "expectations:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	bodies, err := corpus.Bodies(root)
	if err != nil {
		return err
	}
	sets, err := corpus.OptionSets(root)
	if err != nil {
		return err
	}
	// Resize and change-charge-mode: their option sets, under which the
	// bodies of their own are checked beside the rest of the corpus.
	changeSets, err := corpus.ChangeOptionSets(root)
	if err != nil {
		return err
	}
	maps.Copy(sets, changeSets)
	maps.Copy(bodies, corpus.ChangeBodies())
	var e expectations
	for _, name := range corpus.Names(bodies) {
		e.Bodies = append(e.Bodies, body{name, bodies[name]})
	}
	for _, name := range corpus.Names(sets) {
		opts, err := core.ParseOptions(sets[name])
		if err != nil {
			return fmt.Errorf("option set %s: %w", name, err)
		}
		e.Options = append(e.Options, options{name, string(sets[name]), string(opts.Current)})
		docs := make([][]byte, len(e.Bodies))
		for i, b := range e.Bodies {
			docs[i] = core.AppendCheck(nil, b.Body, opts)
		}
		e.Documents = append(e.Documents, docs)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}
