// Package bigjson writes the large documents the size limits are tested
// with, byte-exact, so that every engine's tests (core, host, the CLI and,
// through js/expectations-style fixtures, Node) meet each boundary at the
// same byte.
package bigjson

import (
	"bytes"
	"strconv"
)

// Body returns a body of exactly n bytes (n >= 9) that is among the costliest
// to check per byte: {"x":[0,0,...,0]}, one-digit elements, padded with
// trailing spaces to n.
func Body(n int) []byte {
	const head, tail = `{"x":[0`, `]}`
	b := make([]byte, 0, n)
	b = append(b, head...)
	for len(b)+2+len(tail) <= n {
		b = append(b, ",0"...)
	}
	b = append(b, tail...)
	return pad(b, n)
}

// Catalog returns a valid catalog of flavors flavors (at least 1), padded
// with spaces before its closing brace to n bytes; n 0 leaves it as short
// as it is.
// It panics when flavors do not fit in n, a mistake in the test.
func Catalog(flavors, n int) []byte {
	b := []byte(`{"name":"big","currency":"USD","flavors":[`)
	for i := range flavors {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"type":"iotda.standard.x`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","instance_type":"standard","charge_modes":["prePaid","postPaid"],"price":{"month":"25"}}`...)
	}
	b = append(b, ']')
	if n > 0 {
		b = pad(b, n-1) // within the object: a catalog inside options is its value's bytes
	}
	return append(b, '}')
}

// pad appends spaces to b up to n bytes.
func pad(b []byte, n int) []byte {
	if len(b) > n {
		panic("bigjson: the document is " + strconv.Itoa(len(b)) + " bytes, more than " + strconv.Itoa(n))
	}
	return append(b, bytes.Repeat([]byte{' '}, n-len(b))...)
}
