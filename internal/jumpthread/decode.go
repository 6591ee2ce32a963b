package jumpthread

import (
	"errors"
	"fmt"
)

// reader decodes the binary format. The first error sticks: every later
// read returns zero.
type reader struct {
	b      []byte
	p      int
	err    error
	depths []uint32 // the labels of the last br_table read
}

var errShort = errors.New("unexpected end of input")

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.p = len(r.b)
}

func (r *reader) byte() byte {
	if r.err != nil || r.p >= len(r.b) {
		r.fail(errShort)
		return 0
	}
	c := r.b[r.p]
	r.p++
	return c
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b)-r.p {
		r.fail(errShort)
		return nil
	}
	b := r.b[r.p : r.p+n]
	r.p += n
	return b
}

// leb reads a LEB128 number of at most bits bits, sign-extended when signed.
// As the WebAssembly spec asks, it takes at most ceil(bits/7) bytes, and the
// bits of the last one past the number's width are zero (unsigned) or copies
// of its sign: a module a validator refuses must not come out as one it
// accepts.
func (r *reader) leb(bits uint, signed bool) uint64 {
	var v uint64
	last := (bits+6)/7*7 - 7 // the shift of the last byte allowed
	for shift := uint(0); ; shift += 7 {
		if shift > last {
			r.fail(errors.New("LEB128 number too long"))
			return 0
		}
		c := r.byte()
		if r.err != nil {
			return 0
		}
		if shift == last {
			used := bits - shift // bits of this byte's 7 that belong to the number
			rest, want := (c&0x7f)>>used, byte(0)
			if signed && c&(1<<(used-1)) != 0 {
				want = 0x7f >> used
			}
			if used < 7 && rest != want {
				r.fail(errors.New("LEB128 number out of range"))
				return 0
			}
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if signed && shift+7 < 64 && c&0x40 != 0 {
				v |= ^uint64(0) << (shift + 7)
			}
			return v
		}
	}
}

func (r *reader) u32() uint32 { return uint32(r.leb(32, false)) }

// appendU32 appends v as unsigned LEB128.
func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// instr decodes the instruction at r.p. It knows every instruction of
// WebAssembly 1.0 and of the extensions the Go compiler uses (sign
// extension, non-trapping conversions, bulk memory); any other is an error,
// as a module this package does not understand must not be rewritten.
func (r *reader) instr() (instr, error) {
	in := instr{start: r.p}
	in.op = r.byte()
	switch op := in.op; {
	case op == 0x00 || op == 0x01 || op == opElse || op == opEnd || op == 0x0f || op == 0x1a || op == 0x1b:
		// unreachable, nop, else, end, return, drop, select
	case op == opBlock || op == opLoop || op == opIf:
		switch c := r.byte(); {
		case c == blockEmpty || c == 0x7f || c == 0x7e || c == 0x7d || c == 0x7c || c == 0x7b || c == 0x70 || c == 0x6f:
			in.imm = int64(c) // the block's type
		default: // a type index, as a signed 33-bit number
			r.p--
			r.leb(33, true)
			in.imm = -1
		}
	case op == opBr || op == 0x0d || op == 0x10 || (op >= opLocalGet && op <= 0x24) || op == 0x25 || op == 0x26 || op == 0xd2:
		// br, br_if, call, local.*, global.*, table.get/set, ref.func
		in.imm = int64(r.u32())
	case op == opBrTable:
		r.depths = r.depths[:0]
		for n := r.u32(); n > 0 && r.err == nil; n-- {
			r.depths = append(r.depths, r.u32())
		}
		r.depths = append(r.depths, r.u32()) // the default
	case op == 0x11: // call_indirect
		r.u32()
		r.u32()
	case op == 0x1c: // select with types
		r.bytes(int(r.u32()))
	case op >= 0x28 && op <= 0x3e: // loads and stores: alignment, offset
		r.u32()
		r.u32()
	case op == 0x3f || op == 0x40: // memory.size, memory.grow
		r.byte()
	case op == opI32Const:
		in.imm = int64(int32(r.leb(32, true)))
	case op == 0x42:
		in.imm = int64(r.leb(64, true))
	case op == 0x43:
		r.bytes(4)
	case op == 0x44:
		r.bytes(8)
	case op >= 0x45 && op <= 0xc4: // numeric, no immediates
	case op == 0xd0: // ref.null
		r.byte()
	case op == 0xd1: // ref.is_null
	case op == 0xfc:
		switch sub := r.u32(); {
		case sub <= 7: // non-trapping conversions
		case sub == 8: // memory.init
			r.u32()
			r.byte()
		case sub == 9 || sub == 13 || (sub >= 15 && sub <= 17): // data.drop, elem.drop, table.grow/size/fill
			r.u32()
		case sub == 10: // memory.copy
			r.byte()
			r.byte()
		case sub == 11: // memory.fill
			r.byte()
		case sub == 12 || sub == 14: // table.init, table.copy
			r.u32()
			r.u32()
		default:
			return in, fmt.Errorf("unknown instruction 0xfc %d at byte %d", sub, in.start)
		}
	default:
		return in, fmt.Errorf("unknown instruction 0x%02x at byte %d", op, in.start)
	}
	in.end = r.p
	return in, r.err
}
