package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/iotda-preflight/preflight/core"
)

// ErrClosed is returned by calls made after Close.
var ErrClosed = errors.New("host: closed")

// Host runs the module: one compiled module and a pool of its instances.
// It is safe for concurrent use; each call borrows an instance for itself.
type Host struct {
	runtime  wazero.Runtime
	compiled wazero.CompiledModule

	// slots holds one token per instance that may exist: a call takes one
	// before it borrows or makes an instance and gives it back after, so at
	// most cap(slots) instances exist and run at once.
	slots chan struct{}

	// maxBody is the largest body copied into an instance: half its memory
	// limit, so the guest has room to check it.
	maxBody int64

	mu     sync.Mutex
	idle   []*instance // instances ready for a call, the most recent last
	closed bool
}

// New compiles the module (or finds it in the compilation cache) and makes
// its first instance, which also checks that the module speaks this
// package's ABI.
func New(ctx context.Context, cfg Config) (*Host, error) {
	cache, err := compilationCache(cfg.cacheDir)
	if err != nil {
		return nil, fmt.Errorf("host: compilation cache: %w", err)
	}
	return newHost(ctx, cfg, cache)
}

func newHost(ctx context.Context, cfg Config, cache wazero.CompilationCache) (*Host, error) {
	wasm := cfg.module
	if wasm == nil {
		wasm = embeddedModule
	}
	pages := cfg.memoryLimitPages
	if pages == 0 {
		pages = DefaultMemoryLimitPages
	}
	instances := cfg.maxInstances
	if instances <= 0 {
		instances = runtime.GOMAXPROCS(0)
	}
	rc := wazero.NewRuntimeConfig().
		WithCompilationCache(cache).
		WithMemoryLimitPages(pages).
		WithCloseOnContextDone(true)
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, r); err != nil {
		r.Close(ctx)
		return nil, fmt.Errorf("host: WASI: %w", err)
	}
	compiled, err := r.CompileModule(ctx, wasm)
	if err != nil {
		r.Close(ctx)
		return nil, fmt.Errorf("host: compiling the module: %w", err)
	}
	h := &Host{runtime: r, compiled: compiled, slots: make(chan struct{}, instances), maxBody: int64(pages) * 65536 / 2}
	first, err := newInstance(ctx, r, compiled)
	if err != nil {
		r.Close(ctx)
		return nil, err
	}
	h.idle = append(h.idle, first)
	return h, nil
}

// Check returns the result document for body, checked with options (the
// JSON of core.ParseOptions; nil or empty: the defaults): the same bytes
// core.AppendCheck writes natively. An error means the call could not be
// carried out (malformed options, cancellation, a fault in the module, a
// body larger than half the memory limit), never that the body is invalid:
// that is in the document.
func (h *Host) Check(ctx context.Context, body, options []byte) ([]byte, error) {
	return h.AppendCheck(ctx, nil, body, options)
}

// AppendCheck is Check appending the document to dst, so a caller that
// reuses dst allocates nothing per call.
func (h *Host) AppendCheck(ctx context.Context, dst, body, options []byte) ([]byte, error) {
	if int64(len(body)) > h.maxBody || int64(len(options)) > h.maxBody {
		return dst, fmt.Errorf("host: %d bytes do not fit in the module's memory (at most %d)", max(len(body), len(options)), h.maxBody)
	}
	in, err := h.acquire(ctx)
	if err != nil {
		return dst, err
	}
	out, err := in.appendCheck(ctx, dst, body, options)
	h.putBack(ctx, in, err)
	return out, err
}

// CheckResult is Check decoded into a core.Result.
func (h *Host) CheckResult(ctx context.Context, body, options []byte) (*core.Result, error) {
	doc, err := h.Check(ctx, body, options)
	if err != nil {
		return nil, err
	}
	r := new(core.Result)
	if err := json.Unmarshal(doc, r); err != nil {
		return nil, fmt.Errorf("host: the module's result document: %w", err)
	}
	return r, nil
}

// Close closes every instance and the compiled module. Calls running
// concurrently fail; later calls return ErrClosed. The compilation cache
// stays, for the next Host.
func (h *Host) Close(ctx context.Context) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	h.idle = nil
	h.mu.Unlock()
	return h.runtime.Close(ctx) // closes every instance, borrowed or idle
}

// acquire takes a slot, then an idle instance or a new one.
func (h *Host) acquire(ctx context.Context) (*instance, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		<-h.slots
		return nil, ErrClosed
	}
	if n := len(h.idle); n > 0 {
		in := h.idle[n-1]
		h.idle = h.idle[:n-1]
		h.mu.Unlock()
		return in, nil
	}
	h.mu.Unlock()
	in, err := newInstance(ctx, h.runtime, h.compiled)
	if err != nil {
		<-h.slots
		if h.isClosed() {
			return nil, ErrClosed
		}
		return nil, err
	}
	return in, nil
}

// putBack returns an instance to the pool, or closes it when the call broke
// it (a trap, an exit, an interruption, a panic) so that the next call gets
// a fresh one.
func (h *Host) putBack(ctx context.Context, in *instance, err error) {
	var ce *callError
	if errors.As(err, &ce) && ce.broken {
		in.close(context.WithoutCancel(ctx))
	} else {
		h.mu.Lock()
		if h.closed {
			in.close(context.WithoutCancel(ctx))
		} else {
			h.idle = append(h.idle, in)
		}
		h.mu.Unlock()
	}
	<-h.slots
}

func (h *Host) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}
