package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/corpus"
)

// The two request writers (request.go) write the same bytes for every body
// of the corpus, in both modes: the walk's, which natively writes the
// result, and the pass of its own, which writes it as WebAssembly. Only the
// constant walkWrites chooses between them, so this test is what keeps the
// module's request equal to the native one.
func TestRequestWriters(t *testing.T) {
	if !walkWrites {
		t.Skip("the walk writes the request only natively; as WebAssembly there is one writer to compare")
	}
	bodies, err := corpus.Bodies("..")
	require.NoError(t, err)
	require.Greater(t, len(bodies), 50, "the corpus is read")
	compared := 0
	for name, body := range bodies {
		for _, opts := range []Options{{}, {Strict: true}} {
			s := new(state)
			if !s.check(body, &opts) {
				continue // no request: the body could not be read, or repeats a member
			}
			compared++
			assert.Equal(t, string(s.req), string(s.appendTree(nil)), "%s (strict %v)", name, opts.Strict)
		}
	}
	assert.Greater(t, compared, len(bodies)/2, "most bodies of the corpus have a request")
}
