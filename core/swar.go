package core

import (
	"encoding/binary"
	"math/bits"
)

// Eight bytes at a time: the reader and the writer both spend most of their
// time on strings that are plain ASCII, and only need to stop at the bytes
// that are not (a quote, a backslash, a control character, or the start of a
// multi-byte character). Testing a whole word at once keeps that cheap
// natively, and much more so as WebAssembly, where every branch of a byte
// loop goes through the function's dispatch table: a word is one 64-bit
// load and a dozen branch-free operations.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// stops returns a mask with the high bit set in the first byte of w (in
// memory order) that is not plain (see plainByte), and possibly in later
// ones; 0 when all eight bytes are plain. Only its lowest set bit is exact:
// a borrow can mark a plain byte after a byte that is not.
func stops(w uint64) uint64 {
	q, b := w^('"'*ones), w^('\\'*ones)
	less := (w - 0x20*ones) & ^w // a byte below 0x20 (or a borrow after one)
	quote := (q - ones) & ^q     // a '"'
	slash := (b - ones) & ^b     // a '\\'
	return (less | quote | slash | w) & highs
}

// plainWord reports whether all eight bytes of w are plain.
func plainWord(w uint64) bool { return stops(w) == 0 }

// firstStop returns the index (0-7) of the byte that a non-zero mask from
// stops marks first.
func firstStop(m uint64) int { return bits.TrailingZeros64(m) >> 3 }

// load64 reads the eight bytes of b from i, little-endian (one load where
// the target allows unaligned loads, WebAssembly included). i+8 <= len(b).
// Through encoding/binary rather than eight shifted bytes: the compiler
// makes the same load of both, but natively counts binary's as cheap when it
// decides what to inline, so functions built on load64 (keySignature) are
// inlined there (not as WebAssembly, where it does not).
func load64(b []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(b[i : i+8])
}

// nameWords is a member name of at most 24 bytes as three words: the first
// eight bytes, the last eight, and for a name of more than sixteen the eight
// after the first. Names of the same length are equal exactly when their
// words are, so a name is looked up with three comparisons per candidate
// instead of a call to the runtime's memequal.
type nameWords struct{ first, last, middle uint64 }

// maxWordsName is the longest name nameWords holds.
const maxWordsName = 24

// wordsAt returns the words of the name src[start:end], loading past its
// end: in a body, a name is followed by its quote, a colon, a value and a
// bracket, and a name shorter than a word is masked to its length. ok is
// false for a name longer than maxWordsName or one whose first word would
// pass the end of src.
func wordsAt(src []byte, start, end int) (w nameWords, ok bool) {
	n := end - start
	if n > maxWordsName || start+8 > len(src) {
		return w, false
	}
	w.first = load64(src, start)
	if n < 8 {
		w.first &= 1<<(8*n) - 1
		return w, true
	}
	w.last = load64(src, end-8)
	if n > 16 {
		w.middle = load64(src, start+8)
	}
	return w, true
}

// wordsOf returns the words of name, which is at most maxWordsName bytes.
func wordsOf(name string) nameWords {
	buf := make([]byte, len(name)+8)
	copy(buf, name)
	w, ok := wordsAt(buf, 0, len(name))
	if !ok {
		panic("core: a field name longer than maxWordsName: " + name)
	}
	return w
}
