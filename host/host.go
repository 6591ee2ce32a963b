package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/iotda-preflight/preflight/core"
)

// ErrClosed is returned by calls made after Close.
var ErrClosed = errors.New("host: closed")

// Host runs the module: the module compiled twice (see engine) and a pool
// of instances of each. It is safe for concurrent use; each call borrows an
// instance for itself.
type Host struct {
	// fast runs calls whose context can never be done (ctx.Done() == nil):
	// compiled without wazero's termination checks, which cost a check at
	// every loop header, and Go compiled to wasm has a loop in every
	// function. guarded runs the others, compiled with
	// WithCloseOnContextDone, so cancellation and deadlines stop the call.
	// guarded is compiled on first use, in the background (written once,
	// under mu, before guardedReady is closed): a command line that never cancels
	// should not pay for it at start, and a caller waiting for it can still
	// give up when its context does.
	fast, guarded *engine
	guardedErr    error
	guardedOnce   sync.Once
	guardedReady  chan struct{}
	newGuarded    func(context.Context) (*engine, error)

	// slots holds one token per instance that may exist: a call takes one
	// before it borrows or makes an instance and gives it back after, so at
	// most cap(slots) instances exist and run at once.
	slots chan struct{}

	// maxBody is the largest body copied into an instance: half its memory
	// limit, so the guest has room to check it (and never past what an i32
	// length can say).
	maxBody int64

	mu     sync.Mutex    // guards what follows and each engine's idle
	live   int           // instances that exist, idle or borrowed
	closed bool          // set by Close, when done is closed
	done   chan struct{} // closed by Close: waiting callers give up
}

// engine is one runtime with the module compiled in it, and its idle
// instances.
type engine struct {
	runtime  wazero.Runtime
	compiled wazero.CompiledModule
	idle     []*instance // ready for a call, the most recent last
}

// New compiles the module (or finds it in the compilation cache) and makes
// a first instance, which also checks that the module speaks this package's
// ABI.
func New(ctx context.Context, cfg Config) (*Host, error) {
	cache, err := compilationCache(cfg.cacheDir)
	if err != nil {
		return nil, fmt.Errorf("host: compilation cache: %w", err)
	}
	h, err := newHost(ctx, cfg, cache)
	var ce *compileError
	if err != nil && cfg.cacheDir != "" && errors.As(err, &ce) {
		// wazero fails the compilation when a cached file does not pass its
		// checksum, and every process after would fail the same way: compile
		// in memory instead, for this process's Hosts from now on.
		if h, err2 := newHost(ctx, cfg, memoryCacheFor(cfg.cacheDir)); err2 == nil {
			return h, nil
		}
	}
	return h, err
}

// compileError is a failure to compile the module.
type compileError struct{ err error }

func (e *compileError) Error() string { return "host: compiling the module: " + e.err.Error() }
func (e *compileError) Unwrap() error { return e.err }

func newHost(ctx context.Context, cfg Config, cache wazero.CompilationCache) (*Host, error) {
	wasm := cfg.module
	if wasm == nil {
		wasm = embeddedModule
	}
	pages := cfg.memoryLimitPages
	if pages == 0 {
		pages = DefaultMemoryLimitPages
	}
	if pages > 65536 {
		return nil, fmt.Errorf("host: a memory limit of %d pages is more than WebAssembly's 65536 (4 GiB)", pages)
	}
	instances := cfg.maxInstances
	if instances <= 0 {
		instances = runtime.GOMAXPROCS(0)
	}
	h := &Host{slots: make(chan struct{}, instances), maxBody: min(int64(pages)*65536/2, math.MaxInt32), guardedReady: make(chan struct{}), done: make(chan struct{})}
	h.newGuarded = func(ctx context.Context) (*engine, error) {
		return newEngine(ctx, wasm, cache, pages, true)
	}
	var err error
	if h.fast, err = newEngine(ctx, wasm, cache, pages, false); err != nil {
		return nil, err
	}
	first, err := newInstance(ctx, h.fast)
	if err != nil {
		h.fast.runtime.Close(ctx)
		return nil, err
	}
	h.fast.idle, h.live = append(h.fast.idle, first), 1
	return h, nil
}

// guardedEngine returns the guarded engine. The first call starts compiling
// it; every caller waits for it or for its own context, whichever is first.
// A compilation that ends after Close closes its own runtime.
func (h *Host) guardedEngine(ctx context.Context) (*engine, error) {
	h.guardedOnce.Do(func() {
		go func() {
			e, err := h.newGuarded(context.WithoutCancel(ctx))
			h.mu.Lock()
			if err == nil && h.closed {
				e.runtime.Close(context.WithoutCancel(ctx))
				e, err = nil, ErrClosed
			}
			h.guarded, h.guardedErr = e, err
			h.mu.Unlock()
			close(h.guardedReady)
		}()
	})
	select {
	case <-h.guardedReady:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-h.done:
		return nil, ErrClosed
	}
	// Written once, before guardedReady was closed: no lock needed to read
	// it now. A host closed since is refused by acquire, under its lock.
	return h.guarded, h.guardedErr
}

func newEngine(ctx context.Context, wasm []byte, cache wazero.CompilationCache, pages uint32, guarded bool) (*engine, error) {
	rc := wazero.NewRuntimeConfig().
		WithCompilationCache(cache).
		WithMemoryLimitPages(pages).
		WithCloseOnContextDone(guarded)
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, r); err != nil {
		r.Close(ctx)
		return nil, fmt.Errorf("host: WASI: %w", err)
	}
	// Compiling is the one slow step (over a second of one core on a cold
	// cache): spread it over the cores.
	compiled, err := r.CompileModule(experimental.WithCompilationWorkers(ctx, runtime.GOMAXPROCS(0)), wasm)
	if err != nil {
		r.Close(ctx)
		return nil, &compileError{err}
	}
	return &engine{runtime: r, compiled: compiled}, nil
}

// Check returns the result document for body, checked with options (the
// JSON of core.ParseOptions; nil or empty: the defaults): the same bytes
// core.AppendCheck writes natively. An error means the call could not be
// carried out (malformed options, cancellation, a fault in the module),
// never that the body is invalid: that is in the document. A body of any
// size is answered; at most core.MaxBytesLimit+1 bytes of it are copied.
func (h *Host) Check(ctx context.Context, body, options []byte) ([]byte, error) {
	return h.AppendCheck(ctx, nil, body, options)
}

// AppendCheck is Check appending the document to dst, so a caller that
// reuses dst allocates nothing per call.
func (h *Host) AppendCheck(ctx context.Context, dst, body, options []byte) ([]byte, error) {
	if len(body) > core.MaxBytesLimit+1 {
		// No check reads more: whatever its options, a longer body is
		// too_large, which its first MaxBytesLimit+1 bytes say as well (and
		// in the same words as the core, see core.MaxBytesLimit), without
		// copying the rest into an instance.
		body = body[:core.MaxBytesLimit+1]
	}
	if int64(len(body)) > h.maxBody { // a memory limit set far below the default
		return dst, fmt.Errorf("host: a body of %d bytes does not fit in the module's memory (at most %d)", len(body), h.maxBody)
	}
	if int64(len(options)) > h.maxBody {
		return dst, fmt.Errorf("host: options of %d bytes do not fit in the module's memory (at most %d)", len(options), h.maxBody)
	}
	if len(options) > core.MaxOptionsBytes {
		// Refused in the core's words, which it says before reading a byte,
		// without copying megabytes into an instance for it to say them.
		_, err := core.ParseOptions(options)
		return dst, errors.New("host: " + err.Error())
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

// Close refuses new calls at once (they return ErrClosed), waits for the
// calls in progress to end, then closes every instance and the compiled
// module. If ctx is done first, Close returns its error and the closing
// finishes in the background when the last call ends: an instance is never
// closed under a running call (wazero does not allow it). The compilation
// cache stays, for the next Host.
func (h *Host) Close(ctx context.Context) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	close(h.done)
	h.mu.Unlock()
	finished := make(chan error, 1)
	go func() {
		// Every slot taken means no call holds an instance.
		for range cap(h.slots) {
			h.slots <- struct{}{}
		}
		h.mu.Lock()
		engines := []*engine{h.fast, h.guarded}
		h.mu.Unlock()
		var errs []error
		for _, e := range engines {
			if e != nil {
				errs = append(errs, e.runtime.Close(context.WithoutCancel(ctx)))
			}
		}
		finished <- errors.Join(errs...)
	}()
	select {
	case err := <-finished:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// acquire takes a slot, then an idle instance of the engine that suits ctx
// or a new one. At most cap(slots) instances exist: making one when the
// bound is reached closes an idle instance of the other engine (there is
// one, since this call holds a slot and has no instance yet).
func (h *Host) acquire(ctx context.Context) (*instance, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-h.done:
		return nil, ErrClosed
	}
	// select picks at random among the ready cases: a call whose context is
	// already done is refused here, before it takes an instance, so it costs
	// no warm one.
	if err := ctx.Err(); err != nil {
		<-h.slots
		return nil, err
	}
	e := h.fast
	if ctx.Done() != nil {
		var err error
		if e, err = h.guardedEngine(ctx); err != nil {
			<-h.slots
			return nil, err
		}
	}
	h.mu.Lock()
	other := h.guarded
	if e == h.guarded {
		other = h.fast
	}
	if h.closed {
		h.mu.Unlock()
		<-h.slots
		return nil, ErrClosed
	}
	if n := len(e.idle); n > 0 {
		in := e.idle[n-1]
		e.idle = e.idle[:n-1]
		h.mu.Unlock()
		return in, nil
	}
	var evicted *instance
	if h.live >= cap(h.slots) && other != nil && len(other.idle) > 0 {
		evicted = other.idle[0]
		other.idle = other.idle[1:]
		h.live--
	}
	h.live++ // counted now, so concurrent acquires see the bound
	h.mu.Unlock()
	if evicted != nil {
		evicted.close(context.WithoutCancel(ctx))
	}
	in, err := newInstance(ctx, e)
	if err != nil {
		h.mu.Lock()
		h.live--
		h.mu.Unlock()
		<-h.slots
		if ctx.Err() != nil {
			// Interrupted while its instance was made: the call's own end,
			// as for a call interrupted in the guest, whatever else happened.
			return nil, &callError{msg: "host: the call was interrupted: " + ctx.Err().Error(), err: ctx.Err()}
		}
		if h.isClosed() {
			return nil, ErrClosed
		}
		return nil, err
	}
	return in, nil
}

// putBack returns an instance to its engine's pool, or closes it when the
// call broke it (a trap, an exit, an interruption, a panic) so that the
// next call gets a fresh one.
func (h *Host) putBack(ctx context.Context, in *instance, err error) {
	broken := err != nil && isBroken(err)
	h.mu.Lock()
	// A guarded instance can be closed by wazero when its context ends just
	// as the call returns: such an instance must not serve the next call.
	// Nor is one kept whose memory a large body grew past discardAbove: a
	// memory never shrinks, and a fresh instance costs a millisecond.
	keep := !broken && !h.closed && !in.mod.IsClosed() && in.mem.Size() <= discardAbove
	if keep {
		in.engine.idle = append(in.engine.idle, in)
	} else {
		h.live--
	}
	h.mu.Unlock()
	if !keep {
		in.close(context.WithoutCancel(ctx))
	}
	<-h.slots
}

// discardAbove is the memory past which an instance is replaced after its
// call (the npm package does the same): common bodies keep one at 4-8 MiB,
// the densest of the default 1 MiB limit at 44 MiB, and one body of the
// largest limit takes 128 MiB, which the pool would otherwise hold for good.
const discardAbove = 64 << 20

// isBroken reports whether err leaves the instance unusable. It is apart
// from putBack because errors.As makes its target escape: the success path
// then allocates nothing.
func isBroken(err error) bool {
	var ce *callError
	return errors.As(err, &ce) && ce.broken
}

func (h *Host) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}
