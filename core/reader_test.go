package core

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// In a large body the reader's nodes grow to what the body holds at the
// density read so far: one large step, not many quarter steps, and not far
// past what the body needs, whatever path the reader takes through it.
func TestNodesGrowToTheBodysDensity(t *testing.T) {
	const size = 1 << 20
	fill := func(head, item, tail string) string {
		return head + strings.Repeat(item+",", (size-len(head)-len(tail))/(len(item)+1)-1) + item + tail
	}
	var flat strings.Builder
	flat.WriteString("{")
	for i := 0; flat.Len() < size-32; i++ {
		if i > 0 {
			flat.WriteString(",")
		}
		flat.WriteString(`"k` + strconv.Itoa(i) + `":"vvvvvvvv"`)
	}
	flat.WriteString("}")
	cases := []struct {
		why   string
		body  string
		slack float64 // capacity over nodes at most
	}{
		{"one-digit elements: the densest body, read by value", fill("[", "1", "]"), 1.15},
		{"string members of a flat object: read in the object loop, whose position is its own (shorter names first: denser)", flat.String(), 1.4},
		{"objects in an array", fill("[", `{"a":1}`, "]"), 1.3},
	}
	for _, c := range cases {
		var r reader
		r.reset([]byte(c.body), DefaultMaxDepth)
		r.read()
		require.Nil(t, r.err, c.why)
		assert.LessOrEqual(t, float64(cap(r.nodes)), c.slack*float64(len(r.nodes)), "%s: %d nodes", c.why, len(r.nodes))
	}
}
