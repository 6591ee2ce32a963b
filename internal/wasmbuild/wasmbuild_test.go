package wasmbuild

import (
	"testing"
)

// module returns a module with one function of type [] -> [i32] whose body
// is code (without its end).
func module(code ...byte) []byte {
	body := append(append([]byte{0x00}, code...), 0x0b) // no locals, code, end
	return append([]byte{
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // types: () -> i32
		0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
		0x0a, byte(len(body) + 2), 0x01, byte(len(body)), // code: one body
	}, body...)
}

// validate is what stands between a rewrite that broke a function and a
// module that ships: it must refuse what a WebAssembly engine refuses.
func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		m    []byte
		ok   bool
	}{
		{"a valid function", module(0x41, 0x00), true},                                   // i32.const 0
		{"a value too few on the stack", module(0x41, 0x00, 0x6a), false},                // i32.const 0; i32.add
		{"a branch to a label that is not there", module(0x41, 0x00, 0x0c, 0x05), false}, // br 5
		{"an over-long LEB128 constant", module(0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), false},
	} {
		if err := validate(c.m); (err == nil) != c.ok {
			t.Errorf("%s: validate = %v, want ok %v", c.name, err, c.ok)
		}
	}
}
