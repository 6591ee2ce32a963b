package core

import (
	"encoding/binary"
	"testing"
)

// plainWord must agree with plainByte on every byte value in every position.
func TestPlainWordAgreesWithPlainByte(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			var w [8]byte
			for i := range w {
				w[i] = 'a'
			}
			w[pos] = byte(c)
			if got, want := plainWord(binary.LittleEndian.Uint64(w[:])), plainByte[c]; got != want {
				t.Fatalf("byte %#x at %d: plainWord %v, plainByte %v", c, pos, got, want)
			}
		}
	}
}
