package host

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/examples/requests"
	"github.com/iotda-preflight/preflight/internal/bigjson"
)

// The benchmarks check the API page's enterprise example, the body of the
// core's BenchmarkCheck. BenchmarkStdJSONBaseline is here too, so one run
// measures the module against native encoding/json on the same machine
// under the same load.

func BenchmarkStdJSONBaseline(b *testing.B) {
	body := requests.Enterprise
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(body, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNativeCheck is core.AppendCheck natively, for the ratio the
// module's Go-to-wasm compilation costs.
func BenchmarkNativeCheck(b *testing.B) {
	body := requests.Enterprise
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var dst []byte
	for b.Loop() {
		dst = core.AppendCheck(dst[:0], body, core.Options{})
	}
}

// BenchmarkNativeCheckParallel is BenchmarkNativeCheck from GOMAXPROCS
// goroutines: how far the same work scales on this machine with no module,
// the reference for BenchmarkHostCheckParallel.
func BenchmarkNativeCheckParallel(b *testing.B) {
	body := requests.Enterprise
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var dst []byte
		for pb.Next() {
			dst = core.AppendCheck(dst[:0], body, core.Options{})
		}
	})
}

// BenchmarkHostCheck is one call through the pool: borrow an instance, copy
// the body in, check, copy the document out.
func BenchmarkHostCheck(b *testing.B) {
	h := newTestHost(b, NewConfig())
	body := requests.Enterprise
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	var dst []byte
	for b.Loop() {
		var err error
		if dst, err = h.AppendCheck(ctx, dst[:0], body, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHostCheckParallel runs calls from GOMAXPROCS goroutines, one
// instance each.
func BenchmarkHostCheckParallel(b *testing.B) {
	h := newTestHost(b, NewConfig())
	body := requests.Enterprise
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var dst []byte
		for pb.Next() {
			var err error
			if dst, err = h.AppendCheck(ctx, dst[:0], body, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkHostCheckOptions passes options (strict, Chinese) on every call:
// the instance parses them once and reuses the handle.
func BenchmarkHostCheckOptions(b *testing.B) {
	h := newTestHost(b, NewConfig())
	body := requests.Enterprise
	options := []byte(`{"strict":true,"lang":"zh"}`)
	ctx := context.Background()
	b.ReportAllocs()
	var dst []byte
	for b.Loop() {
		var err error
		if dst, err = h.AppendCheck(ctx, dst[:0], body, options); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHostCheckResize is a priced resize of a yearly/monthly order
// (the worked example's dates and specs, the default catalog's prices) in
// the module, the current instance in the options: the instance reads the
// options document once and reuses the handle, as for any repeated options.
// BenchmarkHostCheckCreateSameSize is the create it compares with, a body
// of about the resize's body and current instance together.
func BenchmarkHostCheckResize(b *testing.B) {
	current := requests.Body("current/standard-st-monthly.json")
	options := []byte(`{"api":"resize","at":"2023-05-20T09:00:00+08:00","params":{"project_id":"0123456789abcdef0123456789abcdef",` +
		`"instance_id":"7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c"},"current":` + string(current) + `}`)
	benchHost(b, requests.Body("resize/standard-s1-10-units.json"), options)
}

func BenchmarkHostCheckCreateSameSize(b *testing.B) {
	benchHost(b, requests.Body("standard-yearly.json"), []byte(`{"params":{"project_id":"0123456789abcdef0123456789abcdef"}}`))
}

func benchHost(b *testing.B, body, options []byte) {
	h := newTestHost(b, NewConfig())
	ctx := context.Background()
	r, err := h.CheckResult(ctx, body, options)
	if err != nil || !r.Valid || r.Estimate == nil || !r.Estimate.Priced {
		b.Fatalf("not a valid, priced request (%v): %+v", err, r)
	}
	b.ReportAllocs()
	var dst []byte
	for b.Loop() {
		if dst, err = h.AppendCheck(ctx, dst[:0], body, options); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdStart measures what a process pays before its first check
// (New compiles the fast engine and makes one instance; the guarded engine
// is compiled on the first call with a cancellable context, see
// guarded-first-call).
func BenchmarkColdStart(b *testing.B) {
	ctx := context.Background()
	cfg := NewConfig().WithModule(moduleWasm)
	newHostWith := func(b *testing.B, cache wazero.CompilationCache) {
		h, err := newHost(ctx, cfg, cache)
		if err != nil {
			b.Fatal(err)
		}
		h.Close(ctx)
	}
	// Compile from nothing: a fresh cache every time.
	b.Run("compile-no-cache", func(b *testing.B) {
		for b.Loop() {
			cache := wazero.NewCompilationCache()
			newHostWith(b, cache)
			cache.Close(ctx)
		}
	})
	// A new process with a warm cache directory: a fresh cache object (so
	// nothing is in memory) over a directory an earlier run filled.
	b.Run("warm-disk-cache", func(b *testing.B) {
		dir := b.TempDir()
		warm, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		newHostWith(b, warm)
		warm.Close(ctx)
		for b.Loop() {
			cache, err := wazero.NewCompilationCacheWithDir(dir)
			if err != nil {
				b.Fatal(err)
			}
			newHostWith(b, cache)
			cache.Close(ctx)
		}
	})
	// Another Host in a process that already compiled the module.
	b.Run("warm-process-cache", func(b *testing.B) {
		cache, err := compilationCache("")
		if err != nil {
			b.Fatal(err)
		}
		newHostWith(b, cache)
		for b.Loop() {
			newHostWith(b, cache)
		}
	})
	// What the first call with a cancellable context adds, on a warm
	// process cache: compiling (or loading) the guarded engine.
	b.Run("guarded-first-call", func(b *testing.B) {
		cache, err := compilationCache("")
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		warm, err := newHost(ctx, cfg, cache) // puts the guarded compilation in the cache
		if err != nil {
			b.Fatal(err)
		}
		if _, err := warm.guardedEngine(ctx); err != nil {
			b.Fatal(err)
		}
		warm.Close(ctx)
		for b.Loop() {
			b.StopTimer()
			h, err := newHost(ctx, cfg, cache)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := h.guardedEngine(ctx); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			h.Close(ctx)
			b.StartTimer()
		}
	})
	// One more instance in a running Host (what the pool pays to grow).
	b.Run("instantiate", func(b *testing.B) {
		h := newTestHost(b, cfg)
		for b.Loop() {
			in, err := newInstance(ctx, h.fast)
			if err != nil {
				b.Fatal(err)
			}
			in.close(ctx)
		}
	})
}

// BenchmarkMemoryPerBodyByte is what a check takes per byte of body, for
// the densest bodies of each kind at the default limit, as bytes/body-byte:
// as WebAssembly, how far one check grows a fresh instance's memory (what
// DefaultMemoryLimitPages must hold, with core.MaxBytesLimit); natively, the
// bytes the check allocates.
func BenchmarkMemoryPerBodyByte(b *testing.B) {
	h := newTestHost(b, NewConfig().WithMaxInstances(1))
	for _, c := range denseBodies(core.DefaultMaxBytes) {
		b.Run("wasm/"+c.name, func(b *testing.B) {
			most := mostGrowth(b, h, c.body, nil, true)
			b.ReportMetric(float64(most)/float64(len(c.body)), "bytes/body-byte")
		})
		b.Run("native/"+c.name, func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				core.AppendCheck(nil, c.body, core.Options{})
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(c.body)), "bytes/body-byte")
		})
	}
}

// BenchmarkMemoryPerCatalogByte is what configuring options with a catalog
// at its limits grows a fresh instance's memory by, per byte of catalog:
// the most flavors, the most bytes (padding, so as many flavors), and the
// most values (each a wrong charge mode).
func BenchmarkMemoryPerCatalogByte(b *testing.B) {
	h := newTestHost(b, NewConfig().WithMaxInstances(1))
	body := requests.Enterprise
	catalogs := []struct {
		name    string
		catalog []byte
	}{
		{"most-flavors", bigjson.Catalog(core.MaxCatalogFlavors, 0)},
		{"most-bytes", bigjson.Catalog(core.MaxCatalogFlavors, core.MaxCatalogBytes)},
		{"most-values", wrongModes(16 * core.MaxCatalogFlavors)},          // a problem each, kept to 20
		{"most-bytes-of-values", wrongModes(core.MaxCatalogBytes/2 - 60)}, // refused once read, before it is kept
	}
	for _, c := range catalogs {
		options := append(append([]byte(`{"catalog":`), c.catalog...), '}')
		b.Run(c.name, func(b *testing.B) {
			most := mostGrowth(b, h, body, options, false) // the wrong modes are refused, at the cost measured
			b.ReportMetric(float64(most)/float64(len(c.catalog)), "bytes/catalog-byte")
			b.ReportMetric(float64(most)/(1<<20), "MiB")
		})
	}
}

// wrongModes is a catalog whose one flavor lists n charge modes, each 1.
func wrongModes(n int) []byte {
	return []byte(`{"currency":"USD","flavors":[{"type":"a","instance_type":"standard","charge_modes":[` +
		strings.Repeat("1,", n-1) + `1]}]}`)
}

// mostGrowth is the most one call with body and options grows a fresh
// instance's memory, over the benchmark's loop. mustSucceed: an error fails
// the benchmark.
func mostGrowth(b *testing.B, h *Host, body, options []byte, mustSucceed bool) uint32 {
	ctx := context.Background()
	var most uint32
	for b.Loop() {
		in, err := newInstance(ctx, h.fast)
		if err != nil {
			b.Fatal(err)
		}
		before := in.mem.Size()
		if _, err := in.appendCheck(ctx, nil, body, options); err != nil && mustSucceed {
			b.Fatal(err)
		}
		most = max(most, in.mem.Size()-before)
		in.close(ctx)
	}
	return most
}
