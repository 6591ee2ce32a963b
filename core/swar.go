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
func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

// skipPlain returns the index of the first byte of s at or after i that is
// not plain, or len(s).
func skipPlain(s []byte, i int) int {
	for i+8 <= len(s) {
		if m := stops(load64(s, i)); m != 0 {
			return i + firstStop(m)
		}
		i += 8
	}
	for i < len(s) && plainByte[s[i]] {
		i++
	}
	return i
}
