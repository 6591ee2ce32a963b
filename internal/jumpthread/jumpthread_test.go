package jumpthread

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
)

// A module without Go's layout is copied byte for byte.
func TestThreadKeepsOtherModules(t *testing.T) {
	// (module (func (param i32) (result i32) (block (loop (br 1))) local.get 0))
	mod := []byte("\x00asm\x01\x00\x00\x00" +
		"\x01\x06\x01\x60\x01\x7f\x01\x7f" + // type: (i32) -> i32
		"\x03\x02\x01\x00" + // one function of type 0
		"\x0a\x0e\x01\x0c\x00" + // code: one body of 12 bytes, no locals
		"\x02\x40\x03\x40\x0c\x01\x0b\x0b\x20\x00\x0b" +
		"\x00\x05\x04name") // a custom section
	out, st, err := Thread(mod)
	require.NoError(t, err)
	assert.Equal(t, mod, out)
	assert.Equal(t, Stats{Functions: 1}, st)
}

// Whatever the bytes, Thread returns an error or a module; one it did not
// change is the input, byte for byte, and threading its output again
// changes nothing.
func FuzzThread(f *testing.F) {
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Add(module(head, dispatch, jumpTo2, block1, block2, tail))
	f.Add(module(head, dispatch, jumpTo2, block1, block2Back, tail))
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x01\x06\x01\x60\x01\x7f\x01\x7f\x03\x02\x01\x00\x0a\x0e\x01\x0c\x00" +
		"\x02\x40\x03\x40\x0c\x01\x0b\x0b\x20\x00\x0b"))
	f.Fuzz(func(t *testing.T, mod []byte) {
		out, st, err := Thread(mod)
		if err != nil {
			return
		}
		if st.Direct == 0 && st.Dispatched == 0 {
			assert.Equal(t, mod, out)
		}
		again, _, err := Thread(out)
		require.NoError(t, err)
		assert.Equal(t, out, again)
	})
}

// module wraps one function body of type (i32) -> i32, exported as "f".
func module(body ...[]byte) []byte { return moduleLocals(0, body...) }

// moduleLocals is module with n more i32 locals (1 to n).
func moduleLocals(n byte, body ...[]byte) []byte {
	code := []byte{0} // no local declarations
	if n > 0 {
		code = []byte{1, n, 0x7f}
	}
	for _, b := range body {
		code = append(code, b...)
	}
	entry := appendU32(nil, uint32(len(code)))
	codeSec := append([]byte{1}, append(entry, code...)...)
	mod := []byte("\x00asm\x01\x00\x00\x00")
	mod = append(mod, "\x01\x06\x01\x60\x01\x7f\x01\x7f"...) // type 0: (i32) -> i32
	mod = append(mod, "\x03\x02\x01\x00"...)                 // function 0 of type 0
	mod = append(mod, "\x07\x05\x01\x01f\x00\x00"...)        // export "f"
	mod = append(mod, 10)
	mod = appendU32(mod, uint32(len(codeSec)))
	return append(mod, codeSec...)
}

// call runs f(arg) of a module made by module.
func call(t *testing.T, mod []byte, arg uint64) uint64 {
	t.Helper()
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	m, err := rt.Instantiate(ctx, mod)
	require.NoError(t, err)
	res, err := m.ExportedFunction("f").Call(ctx, arg)
	require.NoError(t, err)
	return res[0]
}

// Go's layout in miniature: a loop around three nested blocks and the
// dispatch; block 0 jumps to block 2, block 1 returns 11, block 2 returns
// 22 (or, in the second function, jumps back to block 1 when its block
// number says it came from a jump to 2).
// The pieces of the hand-made functions: Go's layout in miniature.
var (
	head     = []byte{opBlock, 0x40, opLoop, 0x40, opBlock, 0x40, opBlock, 0x40, opBlock, 0x40}
	dispatch = []byte{opLocalGet, 0, opBrTable, 3, 0, 1, 2, 2, opEnd}
	jumpTo2  = []byte{opI32Const, 2, opLocalSet, 0, opBr, 2} // to the loop, with block number 2
	block1   = []byte{opEnd, opI32Const, 11, 0x0f, opEnd}
	block2   = []byte{opI32Const, 22, 0x0f, opEnd}
	// block 2, reading the block number: back to block 1 when it is 2
	block2Back = []byte{opLocalGet, 0, opI32Const, 2, 0x46 /* i32.eq */, opIf, 0x40, opI32Const, 1, opLocalSet, 0, opBr, 1, opEnd, opI32Const, 22, 0x0f, opEnd}
	tail       = []byte{0x00, opEnd, opI32Const, 1, opEnd}
	entry      = []byte{opLocalGet, 0, opI32Eqz, opBrIf, 0} // block 0 without the table
)

// A loop around three nested blocks and the dispatch; block 0 jumps to
// block 2, block 1 returns 11, block 2 returns 22 (or, in the second
// function, jumps back to block 1 when its block number says it came from
// a jump to 2).
func TestThreadHandMadeDispatch(t *testing.T) {
	t.Run("forward jump made direct, its block number dropped", func(t *testing.T) {
		mod := module(head, dispatch, jumpTo2, block1, block2, tail)
		out, st, err := Thread(mod)
		require.NoError(t, err)
		want := module(head, entry, dispatch, []byte{opBr, 1}, block1, block2, tail)
		assert.Equal(t, want, out, "br 1 lands where the dispatch would: after block 2's end")
		assert.Equal(t, Stats{Functions: 1, Dispatched: 1, Jumps: 1, Direct: 1}, st)
		for _, arg := range []uint64{0, 1, 2, 7} {
			assert.Equal(t, call(t, mod, arg), call(t, out, arg), "f(%d)", arg)
		}
		assert.Equal(t, uint64(22), call(t, out, 0))
	})
	t.Run("a function that reads its block number keeps setting it", func(t *testing.T) {
		mod := module(head, dispatch, jumpTo2, block1, block2Back, tail)
		out, st, err := Thread(mod)
		require.NoError(t, err)
		want := module(head, entry, dispatch, []byte{opI32Const, 2, opLocalSet, 0, opBr, 1}, block1, block2Back, tail)
		assert.Equal(t, want, out)
		assert.Equal(t, Stats{Functions: 1, Dispatched: 1, Jumps: 2, Direct: 1}, st, "the jump back stays with the dispatch")
		assert.Equal(t, uint64(11), call(t, mod, 0), "0 -> 2 -> back to 1")
		assert.Equal(t, uint64(11), call(t, out, 0), "the same, threaded")
		for _, arg := range []uint64{1, 2, 7} {
			assert.Equal(t, call(t, mod, arg), call(t, out, arg), "f(%d)", arg)
		}
	})
}

// What else reaches the dispatch, or runs on the way to it, keeps a
// function as it is, or keeps its block numbers.
func TestThreadLeavesWhatTheDispatchRelies(t *testing.T) {
	t.Run("a branch to the loop without setting the block number", func(t *testing.T) {
		// Block 0 adds 100 to local 2 and jumps to 2; block 2 counts its
		// visits in local 1 and goes back through the dispatch (br_if, no
		// store) until the second, then returns local 2 + 22.
		block0 := []byte{opLocalGet, 2, opI32Const, 0xe4, 0x00, 0x6a, opLocalSet, 2, opI32Const, 2, opLocalSet, 0, opBr, 2}
		block2 := []byte{opLocalGet, 1, opI32Const, 1, 0x6a, opLocalTee, 1, opI32Const, 2, 0x49, opBrIf, 0,
			opLocalGet, 2, opI32Const, 22, 0x6a, 0x0f, opEnd}
		mod := moduleLocals(2, head, dispatch, block0, block1, block2, tail)
		out, st, err := Thread(mod)
		require.NoError(t, err)
		assert.Equal(t, 1, st.Direct)
		assert.Equal(t, uint64(122), call(t, mod, 0))
		assert.Equal(t, uint64(122), call(t, out, 0), "the br_if re-enters block 2, whose number the jump still stored")
	})
	t.Run("code between the loop and the dispatch", func(t *testing.T) {
		// It counts the trips through the loop in local 1; block 2 returns
		// the count.
		withCount := []byte{opBlock, 0x40, opLoop, 0x40, opLocalGet, 1, opI32Const, 1, 0x6a, opLocalSet, 1,
			opBlock, 0x40, opBlock, 0x40, opBlock, 0x40}
		block2Count := []byte{opLocalGet, 1, 0x0f, opEnd}
		mod := moduleLocals(1, withCount, dispatch, jumpTo2, block1, block2Count, tail)
		out, st, err := Thread(mod)
		require.NoError(t, err)
		assert.Equal(t, mod, out)
		assert.Equal(t, Stats{Functions: 1}, st, "not Go's dispatch")
		assert.Equal(t, uint64(2), call(t, out, 0))
	})
	t.Run("a branch past every label", func(t *testing.T) {
		// br 0xffffffff: invalid, and must not be taken for a jump to the
		// loop on a host whose int has 32 bits.
		far := []byte{opI32Const, 2, opLocalSet, 0, opBr, 0xff, 0xff, 0xff, 0xff, 0x0f}
		_, st, err := Thread(module(head, dispatch, far, block1, block2, tail))
		require.NoError(t, err)
		assert.Equal(t, 0, st.Jumps)
	})
}
