package jumpthread

import (
	"testing"
)

// LEB128 numbers are read as the WebAssembly spec allows them, and no
// further: an encoding a validator refuses must make Thread refuse too,
// or it would come out as one the validator accepts.
func TestLEB(t *testing.T) {
	for _, c := range []struct {
		name   string
		b      []byte
		bits   uint
		signed bool
		want   uint64
		ok     bool
	}{
		{"one byte", []byte{0x02}, 32, false, 2, true},
		{"padded to five bytes", []byte{0x82, 0x80, 0x80, 0x80, 0x00}, 32, false, 2, true},
		{"the largest u32", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 32, false, 1<<32 - 1, true},
		{"six bytes for a u32", []byte{0x82, 0x80, 0x80, 0x80, 0x80, 0x00}, 32, false, 0, false},
		{"a fifth byte past 32 bits", []byte{0x82, 0x80, 0x80, 0x80, 0x10}, 32, false, 0, false},
		{"s33 -1 in five bytes", []byte{0xff, 0xff, 0xff, 0xff, 0x7f}, 33, true, ^uint64(0), true},
		{"s33 with a stray bit in its last byte", []byte{0xff, 0xff, 0xff, 0xff, 0x4f}, 33, true, 0, false},
		{"s33 -64 in one byte", []byte{0x40}, 33, true, ^uint64(63), true},
		{"i64 in ten bytes", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 64, false, 1 << 63, true},
		{"eleven bytes for an i64", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 64, false, 0, false},
		{"a tenth byte past 64 bits", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02}, 64, false, 0, false},
		{"signed i64 -1", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 64, true, ^uint64(0), true},
		{"cut short", []byte{0x80}, 32, false, 0, false},
	} {
		r := reader{b: c.b}
		got := r.leb(c.bits, c.signed)
		if ok := r.err == nil; ok != c.ok || (ok && got != c.want) {
			t.Errorf("%s: %x = %#x, %v (%v); want %#x, %v", c.name, c.b, got, ok, r.err, c.want, c.ok)
		}
	}
}
