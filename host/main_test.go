package host

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/corpus"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// The tests run the module built from the current sources, not the embedded
// one (which `make check` keeps fresh): the differential test compares
// today's core with today's module.
var (
	moduleWasm []byte // wasm/module, as `make wasm` builds it
	faultWasm  []byte // wasm/module with the fault-injection build tag
)

func TestMain(m *testing.M) {
	var err error
	moduleWasm, err = wasmbuild.Bytes(modulePkg)
	if err == nil {
		faultWasm, err = wasmbuild.Bytes(modulePkg, "preflight_faults")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// modulePkg is the general module's main package, built as `make wasm`
// builds it (internal/wasmbuild uses the Makefile's flags).
const modulePkg = "github.com/iotda-preflight/preflight/wasm/module"

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
