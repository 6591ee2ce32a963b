package core

import "encoding/binary"

// Eight bytes at a time: JSON strings are mostly plain ASCII, and both the
// reader and the writer only need to stop at the bytes that are not
// (a quote, a backslash, a control character, or the start of a multi-byte
// character). Testing a whole word first is what keeps string scanning
// cheap, natively and even more so as WebAssembly.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWord reports whether all eight bytes of w are plain (see plainByte).
func plainWord(w uint64) bool {
	q, b := w^('"'*ones), w^('\\'*ones)
	less := (w - 0x20*ones) & ^w // a byte below 0x20 (or a borrow after one)
	quote := (q - ones) & ^q     // a '"'
	slash := (b - ones) & ^b     // a '\\'
	return (less|quote|slash|w)&highs == 0
}

// plainPrefix returns how many leading bytes of b are plain, testing whole
// words while it can; it may stop early at a word that has a special byte
// (the caller then goes byte by byte).
func plainPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if !plainWord(binary.LittleEndian.Uint64(b[i:])) {
			break
		}
	}
	return i
}
