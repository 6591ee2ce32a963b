// Package host runs iotda-preflight's WebAssembly module (wasm/module) from
// native Go with wazero, and returns exactly what package core returns: the
// same result document, byte for byte.
//
//	h, err := host.New(ctx, host.NewConfig().WithCacheDir(dir))
//	defer h.Close(ctx)
//	doc, err := h.Check(ctx, body, []byte(`{"strict":true}`))
//	res, err := h.CheckResult(ctx, body, nil) // the same, as a *core.Result
//
// A Host compiles the module once per process (the compilation cache is
// shared by every Host, and kept on disk with WithCacheDir) and keeps a pool
// of instances: made on demand, reused, never shared by two calls at once,
// at most WithMaxInstances of them, thrown away when a call traps, runs out
// of memory, panics or is interrupted, or grows past 64 MiB. Each
// instance's memory is bounded (WithMemoryLimitPages: 256 MiB by default,
// which holds a check of the largest body any options accept); a body
// larger than half of it is refused before it is copied. An error that the
// module failed quotes the Go runtime's reason in a few lines, never its
// stack dump.
//
// A call honours its context: cancellation and deadlines stop it, even in
// the middle of the module's work. Such calls run on a compilation of the
// module with wazero's termination checks, made on the first call that
// needs it; calls whose context can never be cancelled (ctx.Done() == nil,
// as with context.Background) run on a compilation without them, which is
// several times faster (RATIONALE.md has the figure).
//
// Options are the JSON document of core.ParseOptions (nil: the defaults).
// Each instance parses a given options document once and reuses it for
// every call that passes the same bytes, so pass the same bytes (a catalog
// is costly to parse).
//
// An error from Check means the call could not be carried out (malformed
// options, cancellation, a fault in the module, a body too large for the
// memory limit); a body that breaks the API's rules is not an error: that is
// what the result document says.
package host
