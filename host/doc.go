// Package host runs iotda-preflight's WebAssembly module (wasm/module) from
// native Go with wazero, and returns exactly what package core returns: the
// same result document, byte for byte.
//
//	h, err := host.New(ctx, host.NewConfig().WithCacheDir(dir))
//	defer h.Close(ctx)
//	doc, err := h.Check(ctx, body, []byte(`{"strict":true}`))
//
// A Host compiles the module once (the compilation cache is shared by the
// whole process, and kept on disk with WithCacheDir) and keeps a pool of
// instances: made on demand, reused, never shared by two calls at once,
// thrown away when a call traps, runs out of memory, panics or is cancelled.
// Each instance's memory is bounded (WithMemoryLimitPages), and a call
// honours its context's cancellation and deadline.
//
// Options are the JSON document of core.ParseOptions. Each instance parses
// a given options document once and reuses it for every call that passes
// the same bytes, so pass the same bytes (a catalog is costly to parse).
package host
