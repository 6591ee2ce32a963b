package host

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The Config keeps its own copy of the module: a caller that reuses its
// buffer after New does not change what the cancellable engine, compiled on
// first use, compiles.
func TestWithModuleCopies(t *testing.T) {
	buf := append([]byte(nil), moduleWasm...)
	h := newTestHost(t, NewConfig().WithModule(buf))
	clear(buf)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := h.Check(ctx, []byte(`{}`), nil)
	require.NoError(t, err, "a cancellable call after the caller reused its buffer")
}

// A cache directory whose file no longer reads back (wazero fails the
// compilation on its checksum) does not stop New: it compiles in memory.
func TestCorruptCacheDir(t *testing.T) {
	dir := t.TempDir()
	h, err := New(context.Background(), NewConfig().WithCacheDir(dir).WithModule(moduleWasm))
	require.NoError(t, err)
	require.NoError(t, h.Close(context.Background()))
	corrupted := 0
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[len(b)/2] ^= 0xff
			corrupted++
			return os.WriteFile(p, b, 0o600)
		}
		return err
	}))
	require.Positive(t, corrupted, "the cache wrote no file")
	caches.Lock()
	delete(caches.byDir, dir) // as a new process finds it
	caches.Unlock()
	h, err = New(context.Background(), NewConfig().WithCacheDir(dir).WithModule(moduleWasm))
	require.NoError(t, err, "New on a corrupt cache directory")
	defer h.Close(context.Background())
	requireServes(t, h)
}

// A call whose context is already done is refused before it takes an
// instance, so it costs no warm one (nor the option sets configured in it).
func TestDoneContextKeepsWarmInstances(t *testing.T) {
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	warmGuarded(t, h)
	_, err := h.Check(context.Background(), []byte(`{}`), []byte(`{"strict":true}`))
	require.NoError(t, err)
	warm := idle(h)[0]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 50 {
		_, err := h.Check(ctx, []byte(`{}`), nil)
		require.ErrorIs(t, err, context.Canceled)
	}
	require.Equal(t, []*instance{warm}, idle(h), "the warm instance is still there, and only it")
	require.Len(t, warm.optionSets, 1, "with its option set")
}

// A memory limit too small for the module to start says why: the Go
// runtime's own words are in the error.
func TestTooLittleMemorySaysWhy(t *testing.T) {
	_, err := New(context.Background(), NewConfig().WithModule(moduleWasm).WithMemoryLimitPages(44))
	require.ErrorContains(t, err, "out of memory")
}
