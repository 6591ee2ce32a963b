// Package wasmbuild compiles this module's WebAssembly main packages, for
// the Makefile (through its command, ./internal/wasmbuild/build) and for
// tests, so a test always runs the .wasm of the code it sits next to, built
// exactly as the shipped one is, rather than a stale file under build/.
//
// A module is the go command's output with its forward jumps threaded
// (internal/jumpthread): the same program, with a fifth fewer instructions
// run as WebAssembly.
package wasmbuild

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/iotda-preflight/preflight/internal/jumpthread"
)

// Flags are the go command's flags for a shipped module: a reactor, built
// reproducibly (the same sources and Go version give the same bytes).
var Flags = []string{"-trimpath", "-buildmode=c-shared", "-ldflags=-s -w -buildid="}

// Build compiles the main package pkg (an import path) for GOOS=wasip1
// GOARCH=wasm as a reactor into dir, with the build tags given, and returns
// the file's path. The go command's build cache makes a second build of
// unchanged code quick.
func Build(pkg, dir string, tags ...string) (string, error) {
	out := filepath.Join(dir, filepath.Base(pkg)+".wasm")
	_, err := BuildTo(out, pkg, Flags, tags...)
	return out, err
}

// BuildTo compiles pkg with the go command's flags given (Flags for a shipped
// module), threads the module's jumps and writes it to out.
func BuildTo(out, pkg string, flags []string, tags ...string) (jumpthread.Stats, error) {
	raw := out + ".go.wasm"
	defer os.Remove(raw)
	args := append([]string{"build"}, flags...)
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	args = append(args, "-o", raw, pkg)
	cmd := exec.Command(goTool(), args...)
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return jumpthread.Stats{}, fmt.Errorf("building %s: %v\n%s", pkg, err, strings.TrimSpace(string(msg)))
	}
	b, err := os.ReadFile(raw)
	if err != nil {
		return jumpthread.Stats{}, err
	}
	threaded, st, err := jumpthread.Thread(b)
	if err != nil {
		return st, fmt.Errorf("building %s: %w", pkg, err)
	}
	return st, os.WriteFile(out, threaded, 0o644)
}

// goTool is the go command on PATH, else the one of the toolchain that
// built the test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go") //nolint:staticcheck // only a fallback
}

var (
	cacheMu sync.Mutex
	cache   = map[string][]byte{}
)

// Bytes returns the module of the main package pkg, built once per process
// (see Build) in a temporary directory.
func Bytes(pkg string, tags ...string) ([]byte, error) {
	key := pkg + " " + strings.Join(tags, ",")
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if b, ok := cache[key]; ok {
		return b, nil
	}
	dir, err := os.MkdirTemp("", "wasmbuild")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path, err := Build(pkg, dir, tags...)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cache[key] = b
	return b, nil
}
