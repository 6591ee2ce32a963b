package core

import (
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// The reader turns the body into a flat tree of nodes that point back into
// the body's bytes. encoding/json cannot be used: it matches member names
// case-insensitively, keeps the last of two duplicate members, and replaces
// invalid UTF-8 silently (RULES.md, "How the body is read"). Nothing is
// copied or unescaped here; strings are decoded later, only where a rule
// needs their text.

type kind uint8

const (
	kindNull kind = iota
	kindFalse
	kindTrue
	kindNumber
	kindString
	kindObject
	kindArray
)

// node is one JSON value. Offsets are byte offsets into the body.
type node struct {
	kind   kind
	esc    bool  // a string value with escapes
	keyEsc bool  // a member name with escapes
	isInt  bool  // a number written as an integer: -?(0|[1-9][0-9]*)
	dup    bool  // a member whose name an earlier member of its object has
	wide   bool  // a string with a multi-byte character
	start  int32 // first byte of the value (a string's opening quote)
	end    int32 // one past the last byte (a container's closing bracket + 1)
	// keyStart/keyEnd is the member name without its quotes; keyStart < 0
	// for the root and for array elements.
	keyStart, keyEnd int32
	parent           int32 // -1 for the root
	first, next      int32 // first child, next sibling; -1 for none
	count            int32 // number of children
	index            int32 // position in the parent
}

// readError is what stops the reader: nothing after it is read. The checker
// turns it into a problem (see readProblem).
type readError struct {
	code Code
	node int32 // the value it concerns (-1: the whole document)
	off  int32
	msg  message
}

// reader holds the state of one read; it is reused through a pool.
type reader struct {
	src      []byte
	pos      int
	nodes    []node
	maxDepth int
	err      *readError
	errBuf   readError
	dups     []int32 // members whose name repeats an earlier one's; reading goes on after one
	keys     map[memberKey]struct{}
	wide     bool // the last string read holds a multi-byte character
}

func (r *reader) reset(src []byte, maxDepth int) {
	r.src, r.pos, r.maxDepth, r.err = src, 0, maxDepth, nil
	r.nodes = r.nodes[:0]
	r.dups = r.dups[:0]
	if len(r.keys) > 0 { // used by large objects only
		clear(r.keys)
	}
}

func (r *reader) fail(code Code, at int32, msg message) {
	if code == CodeSyntax && r.pos < len(r.src) && r.src[r.pos] >= utf8.RuneSelf {
		// A byte that is not UTF-8 is an encoding error wherever it stands.
		if c, size := utf8.DecodeRune(r.src[r.pos:]); c == utf8.RuneError && size == 1 {
			code, msg = CodeEncoding, badUTF8Msg(r.pos)
		}
	}
	if r.err == nil {
		r.errBuf = readError{code: code, node: at, off: int32(r.pos), msg: msg}
		r.err = &r.errBuf
	}
}

// read parses the whole body. On success the root is node 0.
func (r *reader) read() {
	r.skipSpace()
	if r.pos == len(r.src) {
		r.fail(CodeSyntax, -1, emptyMsg())
		return
	}
	if len(r.src) >= 3 && r.src[0] == 0xEF && r.src[1] == 0xBB && r.src[2] == 0xBF {
		r.fail(CodeSyntax, -1, bomMsg())
		return
	}
	r.value(-1, -1, -1, 0, 1)
	if r.err != nil {
		return
	}
	r.skipSpace()
	if r.pos != len(r.src) {
		// Whatever its bytes, invalid UTF-8 included: syntax (RULES.md).
		r.errBuf = readError{code: CodeSyntax, node: -1, off: int32(r.pos), msg: trailingMsg(r.pos)}
		r.err = &r.errBuf
	}
}

func (r *reader) skipSpace() { r.pos = skipSpace(r.src, r.pos) }

// skipSpace returns the index of the first byte of src at or after p that
// is not JSON white space, or len(src).
func skipSpace(src []byte, p int) int {
	for p < len(src) && src[p] <= ' ' && isJSONSpace[src[p]] {
		p++
	}
	return p
}

// skipLines is skipSpace where white space is likely to be a line break and
// indentation, as before a member: after a line break, a run of spaces is
// skipped at once (the bytes before the first that is not a space are a
// word's trailing zero bytes once xored with spaces).
//
// Not inlined: in the object loop, its one caller on a hot path, the
// inlined copy measured slower (39.2k against 38.3k instructions per check).
//
//go:noinline
func skipLines(src []byte, p int) int {
	for p < len(src) && src[p] <= ' ' && isJSONSpace[src[p]] {
		p++
		if src[p-1] == '\n' && p+8 <= len(src) {
			p += bits.TrailingZeros64(load64(src, p)^' '*ones) >> 3
		}
	}
	return p
}

var isJSONSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// value reads one value into a new node and returns its index.
func (r *reader) value(parent, keyStart, keyEnd int32, index int32, depth int) int32 {
	i := int32(len(r.nodes))
	if len(r.nodes) == cap(r.nodes) {
		r.grow(r.pos)
	}
	r.nodes = append(r.nodes, node{
		start: int32(r.pos), keyStart: keyStart, keyEnd: keyEnd,
		parent: parent, first: -1, next: -1, index: index,
	})
	if r.pos >= len(r.src) {
		r.fail(CodeSyntax, i, eofMsg())
		return i
	}
	switch c := r.src[r.pos]; {
	case c == '{' || c == '[':
		if depth > r.maxDepth {
			r.fail(CodeTooDeep, i, tooDeepMsg(r.maxDepth))
			return i
		}
		r.pos++
		if c == '{' {
			r.nodes[i].kind = kindObject
			r.object(i, depth)
		} else {
			r.nodes[i].kind = kindArray
			r.array(i, depth)
		}
	case c == '"':
		r.nodes[i].kind = kindString
		r.nodes[i].esc = r.str(i)
		r.nodes[i].wide = r.wide
	case c == '-' || (c >= '0' && c <= '9'):
		r.nodes[i].kind = kindNumber
		r.nodes[i].isInt = r.number(i)
	case c == 't':
		r.nodes[i].kind = kindTrue
		r.literal(i, "true")
	case c == 'f':
		r.nodes[i].kind = kindFalse
		r.literal(i, "false")
	case c == 'n':
		r.nodes[i].kind = kindNull
		r.literal(i, "null")
	default:
		r.fail(CodeSyntax, i, unexpectedMsg(quoteByte(c)))
	}
	r.nodes[i].end = int32(r.pos)
	return i
}

// grow makes room for more nodes. In a large body, it makes room for as
// many as the body holds at the density read so far, rather than a quarter
// more each time: the copies a slice leaves behind as it grows by quarters
// add up to several times its final size, and as WebAssembly, where memory
// never shrinks, that peak is what an instance keeps (RATIONALE.md has the
// figures). at is where reading has got to.
func (r *reader) grow(at int) {
	n := len(r.nodes)
	want := n + n/4 + 64
	if len(r.src) > 64<<10 && at > 0 {
		est := int64(n) * int64(len(r.src)) / int64(at)
		// At most a node per two bytes: the densest body, of one-digit
		// elements, has that many.
		est = min(est+est/8, int64(len(r.src))/2+64)
		want = max(want, int(est))
	}
	grown := make([]node, n, want)
	copy(grown, r.nodes)
	r.nodes = grown
}

func (r *reader) literal(i int32, lit string) {
	if len(r.src)-r.pos >= len(lit) && string(r.src[r.pos:r.pos+len(lit)]) == lit {
		r.pos += len(lit)
		return
	}
	r.fail(CodeSyntax, i, badLiteralMsg(lit))
}

// link appends child c to container p.
func (r *reader) link(p, prev, c int32) {
	if prev < 0 {
		r.nodes[p].first = c
	} else {
		r.nodes[prev].next = c
	}
	r.nodes[p].count++
}

func (r *reader) object(i int32, depth int) {
	src := r.src
	prev := int32(-1)
	// seen has a bit for the signature of each member name so far: a name
	// whose bit is clear repeats none of them, so most members need no
	// comparison at all. Escaped names are compared in full (their raw
	// bytes are not their text): after one, seen has every bit set.
	var seen uint64
	p := skipSpace(src, r.pos)
	if p < len(src) && src[p] == '}' {
		r.pos = p + 1
		return
	}
	// Names and string values of plain ASCII, the most of any body, are
	// read here, a word at a time, and anything else through str and value:
	// as WebAssembly, a call costs more than reading a word. The position
	// is kept in p, and in r.pos only around those calls.
	for n := int32(0); ; n++ {
		p = skipLines(src, p)
		if p >= len(src) || src[p] != '"' {
			r.pos = p
			r.failAt(CodeSyntax, i, msgWantName)
			return
		}
		keyStart := int32(p + 1)
		keyEsc := false
		q := p + 1
		for ; q+8 <= len(src); q += 8 {
			if m := stops(load64(src, q)); m != 0 {
				q += firstStop(m)
				break
			}
		}
		if q < len(src) && src[q] == '"' {
			p = q + 1
		} else {
			r.pos = p
			keyEsc = r.str(i)
			if r.err != nil {
				return
			}
			p = r.pos
		}
		keyEnd := int32(p - 1)
		p = skipSpace(src, p)
		if p >= len(src) || src[p] != ':' {
			r.pos = p
			r.failAt(CodeSyntax, i, msgWantColon)
			return
		}
		p = skipSpace(src, p+1)
		c := int32(len(r.nodes))
		q = p + 1
		if p < len(src) && src[p] == '"' {
			for ; q+8 <= len(src); q += 8 {
				if m := stops(load64(src, q)); m != 0 {
					q += firstStop(m)
					break
				}
			}
		}
		if q < len(src) && src[q] == '"' && src[p] == '"' {
			if len(r.nodes) == cap(r.nodes) {
				r.grow(p) // the position is p here, not r.pos
			}
			r.nodes = append(r.nodes, node{kind: kindString, keyEsc: keyEsc, start: int32(p), end: int32(q + 1),
				keyStart: keyStart, keyEnd: keyEnd, parent: i, first: -1, next: -1, index: n})
			p = q + 1
		} else {
			r.pos = p
			c = r.value(i, keyStart, keyEnd, n, depth+1)
			r.nodes[c].keyEsc = keyEsc
			if r.err != nil {
				return
			}
			p = r.pos
		}
		r.link(i, prev, c)
		sig := uint64(1) << keySignature(src, keyStart, keyEnd)
		if keyEsc {
			sig = ^uint64(0)
		}
		if (seen&sig != 0 || n >= duplicatePairwise) && r.isDuplicate(i, c) { // n: the members before c
			r.nodes[c].dup = true
			r.duplicate(c)
		}
		seen |= sig
		prev = c
		p = skipSpace(src, p)
		if p < len(src) && src[p] == ',' {
			p++
			continue
		}
		r.pos = p
		r.end(i, '}', msgWantCommaObject)
		return
	}
}

// end reads the closing bracket of container i at r.pos, where its caller
// found no comma after the last member or element, or fails.
func (r *reader) end(i int32, closing byte, msg *msgDef) {
	switch {
	case r.pos >= len(r.src):
		r.fail(CodeSyntax, i, eofMsg())
	case r.src[r.pos] == closing:
		r.pos++
	default:
		r.fail(CodeSyntax, i, unexpectedCharMsg(msg, quoteByte(r.src[r.pos])))
	}
}

func (r *reader) array(i int32, depth int) {
	prev := int32(-1)
	r.skipSpace()
	if r.pos < len(r.src) && r.src[r.pos] == ']' {
		r.pos++
		return
	}
	for n := int32(0); ; n++ {
		r.skipSpace()
		c := r.value(i, -1, -1, n, depth+1)
		if r.err != nil {
			return
		}
		r.link(i, prev, c)
		prev = c
		r.skipSpace()
		if p := r.pos; p < len(r.src) && r.src[p] == ',' {
			r.pos++
			continue
		}
		r.end(i, ']', msgWantCommaArray)
		return
	}
}

func (r *reader) failAt(code Code, i int32, msg *msgDef) {
	if r.pos >= len(r.src) {
		r.fail(code, i, eofMsg())
		return
	}
	r.fail(code, i, unexpectedCharMsg(msg, quoteByte(r.src[r.pos])))
}

// key returns member i's name, unescaped. The result is only valid until the
// next call that decodes a string.
func (r *reader) key(i int32) []byte {
	n := &r.nodes[i]
	if n.keyEsc {
		return unescape(nil, r.src[n.keyStart:n.keyEnd])
	}
	return r.src[n.keyStart:n.keyEnd]
}

// text returns string node i's contents, unescaped, using buf when it must
// decode.
func (r *reader) text(buf []byte, i int32) []byte {
	n := &r.nodes[i]
	raw := r.src[n.start+1 : n.end-1]
	if !n.esc {
		return raw
	}
	return unescape(buf[:0], raw)
}

// pointer appends the JSON Pointer of node i to dst, escaped for a JSON
// string when esc is set.
func (r *reader) pointer(dst []byte, i int32, esc bool) []byte {
	if i < 0 {
		return dst
	}
	// Collect the chain root-first without allocating for shallow trees.
	var stack [40]int32
	chain := stack[:0]
	for n := i; n > 0; n = r.nodes[n].parent {
		chain = append(chain, n)
	}
	for k := len(chain) - 1; k >= 0; k-- {
		n := &r.nodes[chain[k]]
		dst = append(dst, '/')
		if n.keyStart < 0 {
			dst = strconv.AppendInt(dst, int64(n.index), 10)
			continue
		}
		key := r.key(chain[k])
		for len(key) > 0 {
			j := 0
			for j < len(key) && key[j] != '~' && key[j] != '/' {
				j++
			}
			dst = appendText(dst, string(key[:j]), esc)
			if j < len(key) {
				dst = append(dst, '~', "01"[boolInt(key[j] == '/')])
				j++
			}
			key = key[j:]
		}
	}
	return dst
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
