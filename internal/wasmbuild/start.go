package wasmbuild

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// A Go reactor initializes its runtime in _initialize, and the http-wasm
// hosts start a module three ways: Dapr (components-contrib's wasm
// middleware) with wazero's default start function, _start only; Traefik
// with both _start and _initialize; http-wasm-host-go as documented, and
// every proxy-wasm host, with _initialize only. A module started the first
// way would run its exports before the runtime exists ("wasmexport function
// called before runtime initialization"), and calling Go's _initialize
// twice would start a second runtime over the first. So a module started
// either way gets one guarded start: _start and _initialize both export a
// function that runs the go command's _initialize the first time it is
// called and does nothing after.

// startEither lists the main packages (by their import path's end) whose
// modules get the guarded start: the http-wasm plugin. The general module
// keeps _initialize alone, since Node.js refuses to initialize a reactor
// that also exports _start.
var startEither = []string{"/wasm/httpwasm"}

func startsEither(pkg string) bool {
	for _, s := range startEither {
		if strings.HasSuffix(strings.TrimSuffix(pkg, "/"), s) {
			return true
		}
	}
	return false
}

// StartEither returns mod with _start and _initialize both exporting a
// guarded start (see above): a new mutable i32 global, and a new function
// of _initialize's type that returns when the global is set, else sets it
// and calls the original _initialize. mod must export _initialize, a
// function of no parameters and no results, and no _start.
func StartEither(mod []byte) ([]byte, error) {
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, errors.New("start: not a WebAssembly module")
	}
	var secs []section
	for p := 8; p < len(mod); {
		id := mod[p]
		size, n := binary.Uvarint(mod[p+1:])
		if n <= 0 || size > uint64(len(mod)-p-1-n) {
			return nil, fmt.Errorf("start: section %d at byte %d: bad size", id, p)
		}
		start := p + 1 + n
		secs = append(secs, section{id, mod[start : start+int(size)]})
		p = start + int(size)
	}
	find := func(id byte) *section {
		for i := range secs {
			if secs[i].id == id {
				return &secs[i]
			}
		}
		return nil
	}
	funcs, globals, exports, code := find(3), find(6), find(7), find(10)
	if funcs == nil || globals == nil || exports == nil || code == nil {
		return nil, errors.New("start: the module lacks a function, global, export or code section")
	}
	importedFuncs, importedGlobals, err := countImports(find(2))
	if err != nil {
		return nil, err
	}
	nFuncs, _ := count(funcs.payload)
	nGlobals, _ := count(globals.payload)
	init, err := exportedFunc(exports.payload, "_initialize")
	if err != nil {
		return nil, err
	}
	if _, err := exportedFunc(exports.payload, "_start"); err == nil {
		return nil, errors.New("start: the module already exports _start")
	}
	if init < importedFuncs {
		return nil, errors.New("start: _initialize is an import")
	}
	typeIdx, err := nth(funcs.payload, int(init-importedFuncs))
	if err != nil {
		return nil, err
	}
	guardGlobal, guard := importedGlobals+nGlobals, importedFuncs+nFuncs

	funcs.payload = appendEntry(funcs.payload, binary.AppendUvarint(nil, uint64(typeIdx)))
	globals.payload = appendEntry(globals.payload, []byte{0x7f, 0x01, 0x41, 0x00, 0x0b}) // mut i32 = 0
	body := []byte{0x00}                                                                 // no locals
	body = append(binary.AppendUvarint(append(body, 0x23), uint64(guardGlobal)), 0x04, 0x40, 0x0f, 0x0b)
	body = binary.AppendUvarint(append(body, 0x41, 0x01, 0x24), uint64(guardGlobal))
	body = append(binary.AppendUvarint(append(body, 0x10), uint64(init)), 0x0b)
	code.payload = appendEntry(code.payload, append(binary.AppendUvarint(nil, uint64(len(body))), body...))
	exports.payload, err = reexport(exports.payload, "_initialize", guard)
	if err != nil {
		return nil, err
	}
	exports.payload = appendEntry(exports.payload, exportEntry("_start", guard))

	out := append(make([]byte, 0, len(mod)+64), mod[:8]...)
	for _, s := range secs {
		out = append(out, s.id)
		out = binary.AppendUvarint(out, uint64(len(s.payload)))
		out = append(out, s.payload...)
	}
	return out, nil
}

// section is one section of a module: its id and its contents.
type section struct {
	id      byte
	payload []byte
}

// count reads a vector's length and returns it with the bytes after it.
func count(payload []byte) (uint32, []byte) {
	n, k := binary.Uvarint(payload)
	if k <= 0 {
		return 0, nil
	}
	return uint32(n), payload[k:]
}

// appendEntry returns the vector payload with one more entry at its end.
func appendEntry(payload, entry []byte) []byte {
	n, rest := count(payload)
	out := binary.AppendUvarint(nil, uint64(n)+1)
	return append(append(out, rest...), entry...)
}

// nth returns the i'th u32 of a vector of u32s (the function section).
func nth(payload []byte, i int) (uint32, error) {
	n, rest := count(payload)
	if i >= int(n) {
		return 0, errors.New("start: function index out of range")
	}
	for ; ; i-- {
		v, k := binary.Uvarint(rest)
		if k <= 0 {
			return 0, errors.New("start: bad function section")
		}
		if i == 0 {
			return uint32(v), nil
		}
		rest = rest[k:]
	}
}

func name(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}

func exportEntry(n string, fn uint32) []byte {
	e := binary.AppendUvarint(nil, uint64(len(n)))
	return binary.AppendUvarint(append(append(e, n...), 0x00), uint64(fn))
}

// exportedFunc returns the index of the function exported as want.
func exportedFunc(payload []byte, want string) (uint32, error) {
	n, rest := count(payload)
	for range n {
		s, r, ok := name(rest)
		if !ok || len(r) < 2 {
			return 0, errors.New("start: bad export section")
		}
		idx, k := binary.Uvarint(r[1:])
		if k <= 0 {
			return 0, errors.New("start: bad export section")
		}
		if s == want && r[0] == 0x00 {
			return uint32(idx), nil
		}
		rest = r[1+k:]
	}
	return 0, fmt.Errorf("start: the module does not export the function %s", want)
}

// reexport returns the export section with the function export called n
// pointing at fn.
func reexport(payload []byte, n string, fn uint32) ([]byte, error) {
	cnt, rest := count(payload)
	out := binary.AppendUvarint(nil, uint64(cnt))
	for range cnt {
		s, r, ok := name(rest)
		if !ok || len(r) < 2 {
			return nil, errors.New("start: bad export section")
		}
		_, k := binary.Uvarint(r[1:])
		if k <= 0 {
			return nil, errors.New("start: bad export section")
		}
		if s == n && r[0] == 0x00 {
			out = append(out, exportEntry(s, fn)...)
		} else {
			out = append(out, rest[:len(rest)-len(r)+1+k]...)
		}
		rest = r[1+k:]
	}
	return out, nil
}

// countImports counts the imported functions and globals, which come
// before the module's own in their index spaces.
func countImports(imports *section) (funcs, globals uint32, err error) {
	if imports == nil {
		return 0, 0, nil
	}
	bad := errors.New("start: bad import section")
	n, rest := count(imports.payload)
	for range n {
		var ok bool
		if _, rest, ok = name(rest); !ok {
			return 0, 0, bad
		}
		if _, rest, ok = name(rest); !ok || len(rest) < 1 {
			return 0, 0, bad
		}
		kind := rest[0]
		rest = rest[1:]
		limits := func() bool { // flags, min, [max]
			if len(rest) < 1 {
				return false
			}
			flags := rest[0]
			rest = rest[1:]
			for range 1 + int(flags&1) {
				_, k := binary.Uvarint(rest)
				if k <= 0 {
					return false
				}
				rest = rest[k:]
			}
			return true
		}
		switch kind {
		case 0x00:
			_, k := binary.Uvarint(rest)
			if k <= 0 {
				return 0, 0, bad
			}
			rest = rest[k:]
			funcs++
		case 0x01:
			if len(rest) < 1 {
				return 0, 0, bad
			}
			rest = rest[1:]
			if !limits() {
				return 0, 0, bad
			}
		case 0x02:
			if !limits() {
				return 0, 0, bad
			}
		case 0x03:
			if len(rest) < 2 {
				return 0, 0, bad
			}
			rest = rest[2:]
			globals++
		default:
			return 0, 0, bad
		}
	}
	return funcs, globals, nil
}
