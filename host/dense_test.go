package host

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/core"
)

// denseBodies are the bodies of the core's default size limit that need the
// most memory to check, each for its own reason.
func denseBodies() []struct {
	why  string
	body []byte
} {
	const size = core.DefaultMaxBytes
	fill := func(head, item, tail string) []byte { // head, item, item, ..., tail: size bytes or just under
		n := (size - len(head) - len(tail) + 1) / (len(item) + 1)
		return []byte(head + strings.Repeat(item+",", n-1) + item + tail)
	}
	numbered := func(head, item, tail string) []byte { // item with %d replaced by 0, 1, 2...
		var b strings.Builder
		b.WriteString(head)
		for i := 0; ; i++ {
			it := strings.Replace(item, "%d", strconv.Itoa(i%100_000), 1)
			if b.Len()+len(it)+1+len(tail) > size {
				break
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(it)
		}
		b.WriteString(tail)
		return []byte(b.String())
	}
	return []struct {
		why  string
		body []byte
	}{
		{"one-digit elements: the most values a byte can hold", fill("[", "1", "]")},
		{"one-digit tags: as many values, each an error", fill(`{"tags":[`, "1", "]}")},
		{"nesting to the depth limit, over and over", fill("[", strings.Repeat("[", 30)+"1"+strings.Repeat("]", 30), "]")},
		{"empty objects", fill("[", "{}", "]")},
		{"one member repeated: a duplicate each", fill("{", `"":1`, "}")},
		{"unknown members: a warning each, and a set of names", numbered("{", `"%d":1`, "}")},
		{"tags with repeated keys: a duplicate_tag each, and a set of keys", numbered(`{"tags":[`, `{"key":"%d"}`, "]}")},
		{"escapes: a name decoded", fill(`{"name":"`, `\u00e9`, `"}`)},
	}
}

// The densest bodies the default limits admit get from a host with the
// default memory limit the document the core gives, one after another on
// one instance: what one leaves behind does not make the next fail.
func TestDenseBodiesFitTheDefaultMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("checks megabyte bodies as WebAssembly")
	}
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	ctx := context.Background()
	var peak uint32
	for round := range 3 {
		for _, c := range denseBodies() {
			require.LessOrEqual(t, len(c.body), core.DefaultMaxBytes, c.why)
			got, err := h.Check(ctx, c.body, nil)
			require.NoError(t, err, "round %d: %s", round, c.why)
			assert.Equal(t, string(core.AppendCheck(nil, c.body, core.Options{})), string(got), "round %d: %s", round, c.why)
			for _, m := range memorySizes(h) {
				peak = max(peak, m)
			}
		}
	}
	t.Logf("instance memory after %d dense bodies: %d MiB of %d", 3*len(denseBodies()), peak>>20, DefaultMemoryLimitPages>>4)
}
