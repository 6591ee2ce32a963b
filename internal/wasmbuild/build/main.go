// Command build compiles one of this module's WebAssembly main packages as
// the Makefile ships it: the go command's reactor, with its jumps threaded
// (see package wasmbuild).
//
//	go run ./internal/wasmbuild/build -o build/preflight.wasm ./wasm/module
//	go run ./internal/wasmbuild/build -tags preflight_faults -o build/preflight-faults.wasm ./wasm/module
//	go run ./internal/wasmbuild/build -names -o build/profile.wasm ./wasm/module   # with function names, for profiles
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

func main() {
	out := flag.String("o", "", "the module to write")
	tags := flag.String("tags", "", "build tags, comma-separated")
	names := flag.Bool("names", false, "keep the function names (a larger, unshipped module for profiles)")
	verbose := flag.Bool("v", false, "say how many jumps were threaded")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: build [-tags t1,t2] [-names] -o out.wasm ./package")
		os.Exit(2)
	}
	flags := wasmbuild.Flags
	if *names {
		flags = wasmbuild.ProfileFlags
	}
	var tagList []string
	if *tags != "" {
		tagList = strings.Split(*tags, ",")
	}
	module, st, err := wasmbuild.Module(flag.Arg(0), flags, tagList...)
	if err == nil {
		err = writeIfChanged(*out, module)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *verbose {
		fmt.Fprintf(os.Stderr, "%s: %d of %d jumps between blocks made direct, in %d of %d functions\n",
			*out, st.Direct, st.Jumps, st.Dispatched, st.Functions)
	}
}

// writeIfChanged writes module to path unless the file there already holds
// these bytes: an unchanged module keeps its time, so what is made from it
// (the compressed copies the form's server sends) is not made again, and
// the form's version, which follows the files' times, stays.
func writeIfChanged(path string, module []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, module) {
		return nil
	}
	return os.WriteFile(path, module, 0o644)
}
