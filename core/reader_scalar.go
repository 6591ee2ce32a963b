package core

import "unicode/utf8"

// Strings and numbers: the reader's scalars, checked as they are read.

// str reads a string starting at its opening quote and reports whether it
// has escapes. i is the node it belongs to (for errors). It records in
// r.wide whether the string holds a multi-byte character: a string of plain
// ASCII without escapes is its own text, and the checker tests its
// character class with one table lookup per byte.
func (r *reader) str(i int32) (esc bool) {
	src := r.src
	p := r.pos + 1 // past the opening quote
	wide := false
	for {
		// Words while they are plain, then bytes (written out: as WebAssembly a
		// call costs more than a word).
		for p+8 <= len(src) {
			if m := stops(load64(src, p)); m != 0 {
				p += firstStop(m)
				goto stop
			}
			p += 8
		}
		for p < len(src) && plainByte[src[p]] {
			p++
		}
	stop:
		if p >= len(src) {
			r.pos = p
			r.fail(CodeSyntax, i, eofStringMsg())
			return esc
		}
		switch c := src[p]; {
		case c == '"':
			r.pos, r.wide = p+1, wide
			return esc
		case c == '\\':
			esc = true
			r.pos = p
			if !r.escape(i) {
				return esc
			}
			p = r.pos
		case c < 0x20:
			r.pos = p
			r.fail(CodeSyntax, i, controlMsg(c))
			return esc
		default:
			rn, size := utf8.DecodeRune(src[p:])
			if rn == utf8.RuneError && size == 1 {
				r.pos = p
				r.fail(CodeEncoding, i, badUTF8Msg(p))
				return esc
			}
			wide = true
			p += size
		}
	}
}

// escape reads one escape sequence at r.pos (the backslash).
func (r *reader) escape(i int32) bool {
	src := r.src
	if r.pos+1 >= len(src) {
		r.pos = len(src)
		r.fail(CodeSyntax, i, eofStringMsg())
		return false
	}
	switch src[r.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		r.pos += 2
		return true
	case 'u':
	default:
		r.pos++
		r.fail(CodeSyntax, i, badEscapeMsg(quoteByte(src[r.pos])))
		return false
	}
	u, ok := hex4(src, r.pos+2)
	if !ok {
		r.fail(CodeSyntax, i, badEscapeMsg("u"))
		return false
	}
	r.pos += 6
	switch {
	case u >= 0xD800 && u < 0xDC00: // high surrogate: a low one must follow
		lo, ok := -1, false
		if r.pos+1 < len(src) && src[r.pos] == '\\' && src[r.pos+1] == 'u' {
			lo, ok = hex4(src, r.pos+2)
		}
		if !ok || lo < 0xDC00 || lo >= 0xE000 {
			r.fail(CodeEncoding, i, surrogateMsg())
			return false
		}
		r.pos += 6
	case u >= 0xDC00 && u < 0xE000:
		r.fail(CodeEncoding, i, surrogateMsg())
		return false
	}
	return true
}

func hex4(src []byte, at int) (int, bool) {
	if at+4 > len(src) {
		return 0, false
	}
	v := 0
	for _, c := range src[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// number reads a number (RFC 8259) and reports whether it is written as an
// integer.
func (r *reader) number(i int32) bool {
	src, p := r.src, r.pos
	if src[p] == '-' {
		p++
	}
	digits := func() int {
		s := p
		for p < len(src) && src[p] >= '0' && src[p] <= '9' {
			p++
		}
		return p - s
	}
	isInt := true
	switch {
	case p < len(src) && src[p] == '0':
		if p++; p < len(src) && src[p] >= '0' && src[p] <= '9' {
			r.pos = p
			r.fail(CodeSyntax, i, leadingZeroMsg())
			return false
		}
	case digits() == 0:
		r.pos = p
		r.failAt(CodeSyntax, i, msgBadNumber)
		return false
	}
	if p < len(src) && src[p] == '.' {
		p++
		isInt = false
		if digits() == 0 {
			r.pos = p
			r.failAt(CodeSyntax, i, msgBadNumber)
			return false
		}
	}
	if p < len(src) && (src[p] == 'e' || src[p] == 'E') {
		p++
		isInt = false
		if p < len(src) && (src[p] == '+' || src[p] == '-') {
			p++
		}
		if digits() == 0 {
			r.pos = p
			r.failAt(CodeSyntax, i, msgBadNumber)
			return false
		}
	}
	r.pos = p
	return isInt
}

// unescape appends the decoded form of a string's contents (already known to
// be well formed) to dst.
func unescape(dst, raw []byte) []byte {
	for k := 0; k < len(raw); {
		c := raw[k]
		if c != '\\' {
			dst = append(dst, c)
			k++
			continue
		}
		switch raw[k+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			u, _ := hex4(raw, k+2)
			k += 6
			if u >= 0xD800 && u < 0xDC00 {
				lo, _ := hex4(raw, k+2)
				u = 0x10000 + (u-0xD800)<<10 + (lo - 0xDC00)
				k += 6
			}
			dst = utf8.AppendRune(dst, rune(u))
			continue
		default: // '"', '\\', '/'
			dst = append(dst, raw[k+1])
		}
		k += 2
	}
	return dst
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return "'" + string(rune(c)) + "'"
	}
	return "byte 0x" + string([]byte{hexDigits[c>>4], hexDigits[c&0xf]})
}
