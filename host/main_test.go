package host

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/corpus"
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

// corpusBodies is every request body the engines are compared on (see
// internal/corpus).
func corpusBodies(t testing.TB) map[string][]byte {
	t.Helper()
	bodies, err := corpus.Bodies("..")
	require.NoError(t, err)
	return bodies
}

// optionSets are the options every body is checked with.
func optionSets(t testing.TB) map[string][]byte {
	t.Helper()
	sets, err := corpus.OptionSets("..")
	require.NoError(t, err)
	return sets
}

// enterpriseYearly is the API page's third example, the benchmarks' body.
const enterpriseYearly = "../examples/requests/enterprise-yearly.json"
