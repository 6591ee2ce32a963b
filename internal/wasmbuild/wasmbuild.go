// Package wasmbuild compiles this module's WebAssembly main packages, for
// the Makefile (through its command, ./internal/wasmbuild/build) and for
// tests, so a test always runs the .wasm of the code it sits next to, built
// exactly as the shipped one is, rather than a stale file under build/.
//
// A module is the go command's output with its forward jumps threaded
// (internal/jumpthread): the same program, whose forward jumps no longer go
// through each function's dispatch table, so fewer instructions run.
package wasmbuild

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tetratelabs/wazero"

	"github.com/iotda-preflight/preflight/internal/jumpthread"
)

// Flags are the go command's flags for a shipped module: a reactor, built
// reproducibly (the same sources and Go version give the same bytes).
var Flags = append(ProfileFlags[:len(ProfileFlags):len(ProfileFlags)], "-ldflags=-s -w -buildid=")

// ProfileFlags are Flags keeping the function names, for guest profiles.
var ProfileFlags = append([]string{"-trimpath", "-buildmode=c-shared"}, coldPackages...)

// coldPackages are compiled without inlining: packages a check's hot path
// never runs (fmt and the reflection it brings, for error texts; math/big,
// under shopspring/decimal, for loading a catalog), where inlining only makes
// the module larger (RATIONALE.md, "The module's size").
var coldPackages = []string{"-gcflags=fmt=-l", "-gcflags=reflect=-l", "-gcflags=math/big=-l"}

// GoBuild runs the go command on the main package pkg for GOOS=wasip1
// GOARCH=wasm with the flags and build tags given, and returns the module it
// wrote, as it wrote it. The go command's build cache makes a second build
// of unchanged code quick.
func GoBuild(pkg string, flags []string, tags ...string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "wasmbuild")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "module.wasm")
	args := append([]string{"build"}, flags...)
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	args = append(args, "-o", out, pkg)
	cmd := exec.Command(GoTool(), args...)
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building %s: %v\n%s", pkg, err, strings.TrimSpace(string(msg)))
	}
	return os.ReadFile(out)
}

// Module is GoBuild's module with its jumps threaded, and, for the
// http-wasm plugin, started by either _start or _initialize (StartEither):
// a module as this repository ships it (with Flags).
func Module(pkg string, flags []string, tags ...string) ([]byte, jumpthread.Stats, error) {
	b, err := GoBuild(pkg, flags, tags...)
	if err != nil {
		return nil, jumpthread.Stats{}, err
	}
	threaded, st, err := jumpthread.Thread(b)
	if err != nil {
		return nil, st, fmt.Errorf("building %s: %w", pkg, err)
	}
	if startsEither(pkg) {
		if threaded, err = StartEither(threaded); err != nil {
			return nil, st, fmt.Errorf("building %s: %w", pkg, err)
		}
	}
	if err := validate(threaded); err != nil {
		return nil, st, fmt.Errorf("building %s: the threaded module does not validate: %w", pkg, err)
	}
	return threaded, st, nil
}

// validate has wazero decode and validate every function of m (compiling it
// in the interpreter, which does no more), so that a rewrite that broke a
// function fails the build instead of shipping.
func validate(m []byte) error {
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	_, err := r.CompileModule(ctx, m)
	return err
}

// GoTool is the go command on PATH. For a test or a program started by
// `go run` that is the toolchain running it: the go command puts its own
// bin folder first on their PATH.
func GoTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go" // exec then reports that no go command is on PATH
}

var (
	cacheMu sync.Mutex
	cache   = map[string][]byte{}
)

// Bytes returns the module of the main package pkg as Module builds it
// with Flags, built once per process.
func Bytes(pkg string, tags ...string) ([]byte, error) {
	key := pkg + " " + strings.Join(tags, ",")
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if b, ok := cache[key]; ok {
		return b, nil
	}
	b, _, err := Module(pkg, Flags, tags...)
	if err != nil {
		return nil, err
	}
	cache[key] = b
	return b, nil
}
