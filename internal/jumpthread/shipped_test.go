package jumpthread_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/jumpthread"
)

// shipped is the module the host embeds and the npm package loads; `make
// check` holds it equal to a fresh build of wasm/module.
const shipped = "../../host/preflight.wasm"

// The shipped module still has its jumps threaded and still fits its size
// budget. The pass copies a function whose layout it does not recognize
// unchanged, so a Go release that lays functions out differently would turn
// the threading off without any other test failing, only the guest slower.
func TestShippedModule(t *testing.T) {
	mod, err := os.ReadFile(shipped)
	require.NoError(t, err)

	_, st, err := jumpthread.Thread(mod)
	require.NoError(t, err, "the shipped module reads as WebAssembly")
	assert.Zero(t, st.Direct, "nothing is left to thread: the module is shipped threaded")
	assert.Greater(t, st.Dispatched, st.Functions/2, "most of Go's functions have a dispatch loop the pass recognizes")
	// Most jumps go forward, and every forward one is made direct; only
	// loops jump back through the dispatch. A layout the pass no longer
	// recognizes brings this share to zero.
	direct := float64(st.Threaded) / float64(st.Threaded+st.Jumps)
	assert.Greater(t, direct, 0.75, "share of the jumps between blocks that are direct (%d of %d)", st.Threaded, st.Threaded+st.Jumps)

	// The budget is for the module as a browser or npm fetches it, gzipped
	// at the best level (compress/gzip's, a little larger than gzip -9's).
	const budget = 950_000
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	require.NoError(t, err)
	_, err = w.Write(mod)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	assert.LessOrEqual(t, gz.Len(), budget, "the module gzipped, in bytes, against the 0.95 MB budget")
}
