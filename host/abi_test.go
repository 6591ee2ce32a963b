package host

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The module's exports are called with arguments no host should pass, and
// answer each with an error document of its own code, never a trap, and
// the instance goes on serving (wasm/module/doc.go, "Exports").
func TestABIRefusesBadArguments(t *testing.T) {
	ctx := context.Background()
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	in := idle(h)[0]
	call := func(fn string, a, b int32) int32 {
		t.Helper()
		f := map[string]func() (uint64, error){
			"input":     func() (uint64, error) { return in.call(ctx, in.input, uint64(uint32(a)), 0) },
			"configure": func() (uint64, error) { return in.call(ctx, in.configure, uint64(uint32(a)), 0) },
			"check":     func() (uint64, error) { return in.call(ctx, in.check, uint64(uint32(a)), uint64(uint32(b))) },
			"release":   func() (uint64, error) { return in.call(ctx, in.release, uint64(uint32(a)), 0) },
		}[fn]
		ret, err := f()
		require.NoError(t, err, "%s(%d, %d) trapped", fn, a, b)
		return int32(ret)
	}
	// errorCode makes the call and returns the code of the error document
	// it answers with ("" for none).
	errorCode := func(fn string, a, b int32) string {
		t.Helper()
		ret := call(fn, a, b)
		if ret >= 0 {
			return ""
		}
		addr, err := in.call(ctx, in.output, 0, 0)
		require.NoError(t, err)
		doc, ok := in.mem.Read(uint32(addr), uint32(-ret))
		require.True(t, ok)
		var e struct {
			Error struct{ Code, Message string }
		}
		require.NoError(t, json.Unmarshal(doc, &e), "%s", doc)
		require.NotEmpty(t, e.Error.Message)
		return e.Error.Code
	}
	body := []byte(`{"name":"x"}`)
	require.NoError(t, in.write(ctx, body))
	n := int32(len(body))
	for _, c := range []struct {
		name, fn string
		a, b     int32
		want     string
	}{
		{"a negative length to configure", "configure", -1, 0, "length"},
		{"a length past the input buffer to configure", "configure", 1 << 30, 0, "length"},
		{"an options document that is not one", "configure", 3, 0, "options"},
		{"a handle never configured", "check", 9999, n, "handle"},
		{"a negative handle", "check", -5, n, "handle"},
		{"a negative length to check", "check", 0, -1, "length"},
		{"a length past the input buffer to check", "check", 0, 1 << 30, "length"},
		{"the default handle and the body as written", "check", 0, n, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, in.write(ctx, body))
			require.Equal(t, c.want, errorCode(c.fn, c.a, c.b))
		})
	}
	t.Run("input refuses a negative size", func(t *testing.T) {
		require.Zero(t, call("input", -1, 0))
	})
	t.Run("release of handle 0 or of one never configured does nothing", func(t *testing.T) {
		for _, h := range []int32{0, -1, 9999} {
			call("release", h, 0)
		}
		require.NoError(t, in.write(ctx, body))
		require.Equal(t, "", errorCode("check", 0, n))
	})
	t.Run("256 option sets at once, not one more, until one is released", func(t *testing.T) {
		var handles []int32
		for i := range 256 {
			opts := []byte(`{"max_bytes":` + strconv.Itoa(1000+i) + `}`)
			require.NoError(t, in.write(ctx, opts))
			h := call("configure", int32(len(opts)), 0)
			require.Positive(t, h, "option set %d", i+1)
			handles = append(handles, h)
		}
		opts := []byte(`{"strict":true}`)
		require.NoError(t, in.write(ctx, opts))
		require.Equal(t, "handles", errorCode("configure", int32(len(opts)), 0))
		call("release", handles[100], 0)
		require.NoError(t, in.write(ctx, opts))
		require.Equal(t, handles[100], call("configure", int32(len(opts)), 0), "the released slot is used again")
		require.NoError(t, in.write(ctx, body))
		require.Equal(t, "", errorCode("check", handles[100], n))
		require.Equal(t, "handle", errorCode("check", handles[100]+1000, n))
	})
}
