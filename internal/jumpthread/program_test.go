package jumpthread_test

// The tests that run a Go program: outside the package, so that it is
// built by internal/wasmbuild, which imports this package.

import (
	"bytes"
	"context"
	"os/exec"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/iotda-preflight/preflight/internal/jumpthread"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

const prog = "./testdata/prog"

// progModule is prog built for GOOS=wasip1 as the go command lays it out,
// once for the tests of this file.
var progModule = sync.OnceValues(func() ([]byte, error) {
	return wasmbuild.GoBuild(prog, []string{"-trimpath"})
})

func goBuild(t testing.TB) []byte {
	t.Helper()
	b, err := progModule()
	require.NoError(t, err)
	return b
}

// run runs a wasip1 command module and returns what it printed.
func run(t *testing.T, wasm []byte) string {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	var stdout, stderr bytes.Buffer
	_, err := rt.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithStdout(&stdout).WithStderr(&stderr))
	require.NoError(t, err, "stderr: %s", stderr.String())
	return stdout.String()
}

// The threaded program computes what the go command's module and the native
// program compute: jumps forward and back, panics recovered through defers,
// and goroutines parked and resumed mid-function (which enter through the
// dispatch that stays).
func TestThreadedProgramBehavesTheSame(t *testing.T) {
	native, err := exec.Command(wasmbuild.GoTool(), "run", prog).Output()
	require.NoError(t, err)
	raw := goBuild(t)
	threaded, st, err := jumpthread.Thread(raw)
	require.NoError(t, err)

	assert.Equal(t, string(native), run(t, raw), "the go command's module")
	assert.Equal(t, string(native), run(t, threaded), "the threaded module")

	assert.Greater(t, st.Dispatched, st.Functions/2, "most of Go's functions have a dispatch loop")
	assert.Greater(t, st.Direct, st.Jumps*3/4, "most jumps go forward")
	assert.Less(t, st.Direct, st.Jumps, "loops still jump back through the dispatch")
	assert.Less(t, len(threaded), len(raw), "a direct jump is shorter than a dispatched one")
}

// Threading a threaded module changes nothing: what is left to the dispatch
// cannot be made direct, and the entry is not given a second shortcut.
func TestThreadIsIdempotent(t *testing.T) {
	once, first, err := jumpthread.Thread(goBuild(t))
	require.NoError(t, err)
	twice, second, err := jumpthread.Thread(once)
	require.NoError(t, err)
	assert.Equal(t, once, twice)
	assert.Equal(t, 0, second.Direct)
	assert.Equal(t, 0, first.Threaded, "the go command makes no jump direct")
	assert.Equal(t, first.Direct, second.Threaded, "the jumps made direct, found again")
	assert.Equal(t, first.Jumps-first.Direct, second.Jumps, "the backward jumps, found again")
}

func TestThreadRejects(t *testing.T) {
	valid := goBuild(t)
	for _, tc := range []struct {
		name, why string
		mod       []byte
	}{
		{"empty", "no header", nil},
		{"text", "not WebAssembly", []byte("(module)")},
		{"version 2", "only 1.0 is known", []byte("\x00asm\x02\x00\x00\x00")},
		{"cut", "a section longer than the module", valid[:len(valid)/2]},
		{"unknown instruction", "0xff is no instruction", []byte("\x00asm\x01\x00\x00\x00" +
			"\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00\x0a\x05\x01\x03\x00\xff\x0b")},
		{"bodies for missing functions", "a body without its function", []byte("\x00asm\x01\x00\x00\x00" +
			"\x0a\x04\x01\x02\x00\x0b")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := jumpthread.Thread(tc.mod)
			assert.Error(t, err, tc.why)
		})
	}
}
