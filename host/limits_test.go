package host

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/examples/requests"
	"github.com/iotda-preflight/preflight/internal/bigjson"
)

// At each size limit's boundary the module answers as the core does: the
// same document, or the same refusal of the options in the same words
// (core.TestSizeLimits holds the words; js/test/limits.test.js holds Node
// to the same boundaries).
func TestSizeBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 4 MiB bodies as WebAssembly")
	}
	maxBytes := func(n int) []byte { return []byte(`{"max_bytes":` + strconv.Itoa(n) + `}`) }
	withCatalog := func(c []byte) []byte { return append(append([]byte(`{"catalog":`), c...), '}') }
	optionsOf := func(n int) []byte { // an options document of exactly n bytes
		return append([]byte(`{}`), bytes.Repeat([]byte{' '}, n-2)...)
	}
	const maxOptions = core.MaxOptionsBytes
	body := requests.Enterprise
	cases := []struct {
		name, why     string
		body, options []byte
	}{
		{"body at the largest limit", "answered: the memory is sized for it",
			bigjson.Body(core.MaxBytesLimit), maxBytes(core.MaxBytesLimit)},
		{"body one byte over the largest limit", "too_large, read no further",
			bigjson.Body(core.MaxBytesLimit + 1), maxBytes(core.MaxBytesLimit)},
		{"body one byte over the default limit", "too_large",
			bigjson.Body(core.DefaultMaxBytes + 1), nil},
		{"body far past every limit", "too_large in the core's words: the host copies its first MaxBytesLimit+1 bytes, which say it",
			bigjson.Body(16 << 20), nil},
		{"body far past the largest limit", "the same with the largest limit",
			bigjson.Body(16 << 20), maxBytes(core.MaxBytesLimit)},
		{"max_bytes over the largest limit", "the options are refused in the core's words",
			body, maxBytes(core.MaxBytesLimit + 1)},
		{"options document at its limit", "read", body, optionsOf(maxOptions)},
		{"options document over its limit", "refused before it is read", body, optionsOf(maxOptions + 1)},
		{"catalog at its limit", "read", body, withCatalog(bigjson.Catalog(1, core.MaxCatalogBytes))},
		{"catalog over its limit", "refused in the loader's words", body, withCatalog(bigjson.Catalog(1, core.MaxCatalogBytes+1))},
		{"catalog at the flavor limit", "read", body, withCatalog(bigjson.Catalog(core.MaxCatalogFlavors, 0))},
		{"catalog over the flavor limit", "refused in the loader's words", body, withCatalog(bigjson.Catalog(core.MaxCatalogFlavors+1, 0))},
	}
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := h.Check(context.Background(), c.body, c.options)
			opts, optsErr := core.ParseOptions(orEmptyObject(c.options))
			if optsErr != nil {
				require.Error(t, err, c.why)
				assert.Equal(t, "host: "+optsErr.Error(), err.Error(), c.why)
				return
			}
			require.NoError(t, err, c.why)
			assert.Equal(t, string(core.AppendCheck(nil, c.body, opts)), string(got), c.why)
		})
	}
}

// Options longer than core.MaxOptionsBytes are refused in the core's words
// before they are copied: the instance's memory does not grow for them.
func TestLongOptionsNotCopied(t *testing.T) {
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	before := memorySizes(h)
	options := append([]byte(`{}`), bytes.Repeat([]byte{' '}, 32<<20)...)
	_, err := h.Check(context.Background(), []byte(`{}`), options)
	_, want := core.ParseOptions(options)
	require.Error(t, want)
	require.EqualError(t, err, "host: "+want.Error())
	assert.Equal(t, before, memorySizes(h), "32 MiB of options were not copied into the instance")
}

// A module that fails says so in a few lines: the runtime's own words, not
// a dump of every goroutine's stack nor wazero's stack trace of the guest.
func TestFailureSaysAFewLines(t *testing.T) {
	cases := []struct {
		name, want string
		cfg        Config
		body       []byte
	}{
		{"out of memory in a check", "out of memory", NewConfig().WithModule(faultWasm).WithMemoryLimitPages(256), bodyOOM},
		{"a stack overflow", "the module failed", NewConfig().WithModule(faultWasm), bodyDeep},
		{"a panic no export recovers", "the module failed: wasm error: unreachable: panic: fault injected in a goroutine",
			NewConfig().WithModule(faultWasm), []byte("\x00fault:crash")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newTestHost(t, c.cfg.WithMaxInstances(1))
			_, err := h.Check(context.Background(), c.body, nil)
			require.ErrorContains(t, err, c.want)
			msg := err.Error()
			assert.LessOrEqual(t, strings.Count(msg, "\n"), saidLines, "at most the first line and saidLines of the runtime's: %s", msg)
			assert.LessOrEqual(t, len(msg), 1024, msg)
			assert.NotContains(t, msg, "goroutine ", "no goroutine dump")
			assert.NotContains(t, msg, "wasm stack trace", "no guest stack trace")
		})
	}
	// Too little memory to start: also a few lines.
	_, err := New(context.Background(), NewConfig().WithModule(moduleWasm).WithMemoryLimitPages(44))
	require.ErrorContains(t, err, "out of memory")
	assert.LessOrEqual(t, strings.Count(err.Error(), "\n"), saidLines, err.Error())
}

// The lines kept of what the module said: at most saidLines, each at most
// saidWidth bytes, cut on a character boundary.
func TestSaid(t *testing.T) {
	long := strings.Repeat("é", saidWidth) // 2 bytes each
	cases := []struct{ name, stderr, want string }{
		{"nothing said", "", ""},
		{"spaces only", " \n\t", ""},
		{"the lines before the goroutine dump", "runtime: out of memory: cannot allocate\nfatal error: out of memory\n\ngoroutine 1 [running]:\nruntime.throw()\n",
			": runtime: out of memory: cannot allocate\nfatal error: out of memory"},
		{"more lines are cut", "a\nb\nc\nd\ne", ": a\nb\nc\n..."},
		{"a dump alone", "\n\ngoroutine 1 [running]:\n", ": goroutine 1 [running]:"},
		{"a long line is cut between characters", long, ": " + long[:saidWidth] + "..."},
	}
	for _, c := range cases {
		var in instance
		in.stderr.WriteString(c.stderr)
		assert.Equal(t, c.want, in.said(), c.name)
	}
	assert.Equal(t, "wasm error: unreachable", firstLine("wasm error: unreachable\nwasm stack trace:\n\t.$1(i32)"))
}
