package core

// Eight bytes at a time: the strings the writer escapes are mostly plain
// ASCII, and it only needs to stop at the bytes that are not (a quote, a
// backslash, a control character, or the start of a multi-byte character).
// Testing a whole word first keeps escaping cheap, natively and as
// WebAssembly. (The reader goes byte by byte instead, as it also sorts each
// byte into a character category; see strCats.)

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
