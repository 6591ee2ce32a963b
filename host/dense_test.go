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

// denseBodies are the bodies of size bytes (or just under) that need the
// most memory to check, each for its own reason.
func denseBodies(size int) []struct {
	name, why string
	body      []byte
} {
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
		name, why string
		body      []byte
	}{
		{"digits", "one-digit elements: the most values a byte can hold", fill("[", "1", "]")},
		{"tags", "one-digit tags: as many values, each an error", fill(`{"tags":[`, "1", "]}")},
		{"nesting", "nesting to the depth limit, over and over", fill("[", strings.Repeat("[", 30)+"1"+strings.Repeat("]", 30), "]")},
		{"objects", "empty objects", fill("[", "{}", "]")},
		{"repeated", "one member repeated: a duplicate each", fill("{", `"":1`, "}")},
		{"unknown", "unknown members: a warning each, and a set of names", numbered("{", `"%d":1`, "}")},
		{"dup-tags", "tags with repeated keys: a duplicate_tag each, and a set of keys", numbered(`{"tags":[`, `{"key":"%d"}`, "]}")},
		{"escapes", "escapes: a name decoded", fill(`{"name":"`, `\u00e9`, `"}`)},
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
		for _, c := range denseBodies(core.DefaultMaxBytes) {
			require.LessOrEqual(t, len(c.body), core.DefaultMaxBytes, c.why)
			got, err := h.Check(ctx, c.body, nil)
			require.NoError(t, err, "round %d: %s", round, c.why)
			assert.Equal(t, string(core.AppendCheck(nil, c.body, core.Options{})), string(got), "round %d: %s", round, c.why)
			for _, m := range memorySizes(h) {
				peak = max(peak, m)
			}
		}
	}
	t.Logf("instance memory after %d dense bodies: %d MiB of %d", 3*len(denseBodies(core.DefaultMaxBytes)), peak>>20, DefaultMemoryLimitPages>>4)
}

// The densest bodies of the largest limit any options accept
// (core.MaxBytesLimit) get from a host with the default memory limit the
// document the core gives; each leaves its instance past discardAbove, so
// the next call has a fresh one.
func TestLargestBodiesFitTheDefaultMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 4 MiB bodies as WebAssembly")
	}
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	ctx := context.Background()
	options := []byte(`{"max_bytes":` + strconv.Itoa(core.MaxBytesLimit) + `}`)
	for _, c := range denseBodies(core.MaxBytesLimit) {
		require.LessOrEqual(t, len(c.body), core.MaxBytesLimit, c.why)
		got, err := h.Check(ctx, c.body, options)
		require.NoError(t, err, c.why)
		assert.Equal(t, string(core.AppendCheck(nil, c.body, core.Options{MaxBytes: core.MaxBytesLimit})), string(got), c.why)
		for _, m := range memorySizes(h) {
			assert.LessOrEqual(t, m, uint32(discardAbove), "an instance grown past discardAbove is not kept")
		}
	}
}

// A resize reads two documents: the largest bodies the limits admit, each
// with the densest current instances an options document can carry (it
// holds at most 1 MiB and 64 KiB, and about 16,000 values), fit the default
// memory too, and get the core's document.
func TestLargestChangeFitsTheDefaultMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 4 MiB bodies as WebAssembly")
	}
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	ctx := context.Background()
	const values = 16000
	currents := map[string][]byte{
		"digits":        []byte(`{"a":[` + strings.Repeat("1,", values-1) + `1]}`),
		"unknown":       denseBodies(values * 8)[5].body,
		"a long string": []byte(`{"expire_time":"` + strings.Repeat("é", 1<<19-16) + `"}`),
	}
	for _, c := range denseBodies(core.MaxBytesLimit) {
		if c.name != "digits" && c.name != "unknown" && c.name != "tags" {
			continue
		}
		for name, current := range currents {
			options := []byte(`{"api":"resize","max_bytes":` + strconv.Itoa(core.MaxBytesLimit) + `,"current":` + string(current) + `}`)
			opts, err := core.ParseOptions(options)
			require.NoError(t, err, name)
			got, err := h.Check(ctx, c.body, options)
			require.NoError(t, err, "%s with a current instance of %s", c.why, name)
			assert.Equal(t, string(core.AppendCheck(nil, c.body, opts)), string(got), "%s with a current instance of %s", c.why, name)
		}
	}
}
