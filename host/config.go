package host

import "bytes"

// Config configures a Host. It is an immutable value: each With method
// returns a copy, and nothing is validated until New uses it. The zero value
// (what NewConfig returns) is the default: the embedded module, an in-memory
// compilation cache shared by the whole process, 256 MiB per instance, at
// most GOMAXPROCS instances.
type Config struct {
	cacheDir         string
	memoryLimitPages uint32
	maxInstances     int
	module           []byte
}

// DefaultMemoryLimitPages bounds each instance's memory: 4096 pages of
// 64 KiB, 256 MiB. That holds the check of the largest body any options
// accept (core.MaxBytesLimit, 4 MiB) at its densest: the densest bodies take
// about 30 bytes of memory per byte of body (BenchmarkMemoryPerBodyByte),
// 128 MiB for 4 MiB (TestLargestBodiesFitTheDefaultMemory). An instance
// takes memory only as it grows (common bodies use 4 MiB), and one grown
// past discardAbove is replaced after its call.
const DefaultMemoryLimitPages = 4096

// NewConfig returns the default configuration.
func NewConfig() Config { return Config{} }

// WithCacheDir keeps compiled code in dir, so that later processes start in
// milliseconds instead of compiling for over a second. dir is created when
// missing. Empty: an in-memory cache shared by the Hosts of this process.
// If compiling through dir fails (a cache file that no longer reads back, a
// directory that cannot be written), New compiles again in memory, and the
// Hosts of this process use that memory cache instead of dir.
func (c Config) WithCacheDir(dir string) Config {
	c.cacheDir = dir
	return c
}

// WithMemoryLimitPages bounds each instance's linear memory to pages of
// 64 KiB (0: DefaultMemoryLimitPages; at most 65536, 4 GiB). A call that
// needs more fails, and its instance is replaced; a body larger than half
// the limit is refused before it is copied.
func (c Config) WithMemoryLimitPages(pages uint32) Config {
	c.memoryLimitPages = pages
	return c
}

// WithMaxInstances bounds how many instances run at once, and so how many
// calls proceed in parallel; further callers wait for a free instance
// (0: runtime.GOMAXPROCS at New).
func (c Config) WithMaxInstances(n int) Config {
	c.maxInstances = n
	return c
}

// WithModule runs wasm instead of the embedded module. It must implement
// the ABI of wasm/module, version 1. The Config keeps a copy: the caller may
// reuse wasm afterwards (the cancellable engine is compiled on first use,
// from the copy).
func (c Config) WithModule(wasm []byte) Config {
	c.module = bytes.Clone(wasm)
	return c
}
