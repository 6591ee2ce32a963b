package host

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/examples/requests"
)

func TestMalformedOptions(t *testing.T) {
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	for _, options := range []string{`{"strict":"yes"}`, `{"unknown":1}`, `{"max_bytes":-1}`, `{"lang":"fr"}`, `[`, `{"catalog":{"flavors":7}}`} {
		_, err := h.Check(context.Background(), []byte("{}"), []byte(options))
		require.ErrorContains(t, err, "options", options)
		require.Len(t, idle(h), 1, "malformed options do not cost the instance")
	}
	requireCheckWorks(t, h)
}

// TestOptionSetsEviction: more distinct options than an instance keeps
// still give the right answers, and releasing frees the guest's slots.
func TestOptionSetsEviction(t *testing.T) {
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	for round := 0; round < 3; round++ {
		for i := 0; i < 3*maxOptionSets; i++ {
			options := []byte(fmt.Sprintf(`{"max_depth":%d}`, i+1))
			_, err := h.Check(context.Background(), []byte(`{"name":"a"}`), options)
			require.NoError(t, err)
		}
	}
	require.Len(t, idle(h), 1)
	require.Len(t, idle(h)[0].optionSets, maxOptionSets)
}

func TestClose(t *testing.T) {
	h, err := New(context.Background(), NewConfig().WithModule(moduleWasm))
	require.NoError(t, err)
	requireCheckWorks(t, h)
	require.NoError(t, h.Close(context.Background()))
	require.NoError(t, h.Close(context.Background()), "closing twice is harmless")
	_, err = h.Check(context.Background(), []byte("{}"), nil)
	require.ErrorIs(t, err, ErrClosed)
}

func TestNewRejects(t *testing.T) {
	_, err := New(context.Background(), NewConfig().WithModule([]byte("not wasm")))
	require.ErrorContains(t, err, "compiling the module")
	_, err = New(context.Background(), NewConfig().WithModule(moduleWasm).WithMemoryLimitPages(65537))
	require.ErrorContains(t, err, "65536")
}

func TestCacheDir(t *testing.T) {
	dir := t.TempDir()
	h := newTestHost(t, NewConfig().WithCacheDir(dir))
	requireCheckWorks(t, h)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, entries, "the compiled module is on disk")
}

func TestEmbeddedModule(t *testing.T) {
	h, err := New(context.Background(), NewConfig())
	require.NoError(t, err)
	defer h.Close(context.Background())
	doc, err := h.Check(context.Background(), []byte("{}"), nil)
	require.NoError(t, err)
	require.Regexp(t, `^\{"valid":(true|false),`, string(doc))
}

// idle lists the idle instances of both engines.
func idle(h *Host) []*instance {
	h.mu.Lock()
	defer h.mu.Unlock()
	all := append([]*instance(nil), h.fast.idle...)
	if h.guarded != nil {
		all = append(all, h.guarded.idle...)
	}
	return all
}

// TestInstanceBound: the pool never holds more instances than
// WithMaxInstances, whichever engine the calls need.
func TestInstanceBound(t *testing.T) {
	h := newTestHost(t, NewConfig().WithMaxInstances(2))
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < 10; i++ {
		ctx := context.Background()
		if i%3 == 0 {
			ctx = cancellable
		}
		_, err := h.Check(ctx, []byte(`{"name":"a"}`), nil)
		require.NoError(t, err)
		require.LessOrEqual(t, len(idle(h)), 2)
		require.Equal(t, len(idle(h)), h.live)
	}
}

func requireCheckWorks(t *testing.T, h *Host) {
	t.Helper()
	doc, err := h.Check(context.Background(), []byte(`{"name":"a"}`), nil)
	require.NoError(t, err)
	require.Regexp(t, `^\{"valid":`, string(doc))
}

// TestCheckAllocatesNothing: with a reused destination, a call allocates
// nothing on the Go side (the guest reuses its own buffers).
func TestCheckAllocatesNothing(t *testing.T) {
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	body := requests.Enterprise
	options := []byte(`{"strict":true}`)
	dst := make([]byte, 0, 64<<10)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		if dst, err = h.AppendCheck(ctx, dst[:0], body, options); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}
