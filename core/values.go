package core

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// The value rules: one member's value against its own field, whatever the
// rest of the body holds.

// integer reads an integer member, from a number written as an integer or
// from a string of one (RULES.md: -?(0|[1-9][0-9]*)).
func (s *state) integer(f fieldID, n int32) (int64, bool) {
	nd := &s.r.nodes[n]
	var digits []byte
	switch {
	case nd.kind == kindNumber && nd.isInt:
		digits = s.r.src[nd.start:nd.end]
	case nd.kind == kindNumber:
		s.add(s.at(CodeType, f, n, notIntegerMsg()))
		return 0, false
	case nd.kind == kindString:
		if digits = s.r.src[nd.start+1 : nd.end-1]; nd.esc { // text, by hand: a call costs more as WebAssembly
			digits = s.unescaped(nd)
		}
		if !isIntegerText(digits) {
			s.typeError(f, n)
			return 0, false
		}
		if !s.coerced(f, n) {
			return 0, false
		}
	default:
		s.typeError(f, n)
		return 0, false
	}
	num, ok := parseInt(digits)
	if ok && nd.kind == kindString {
		// Normalized to its JSON type; an integer too long to read stays
		// as written (it is a range error anyway).
		// A string of digits without escapes is num's own JSON (but "-0").
		s.edits = append(s.edits, edit{node: n, num: num, digits: !nd.esc && string(digits) != "-0"})
	}
	fd := &fields[f]
	if !ok || num < fd.min || num > fd.max {
		if !fd.bounded { // a bounded field's bounds depend on other members (cross.go)
			s.rangeError(f, n, fd.min, fd.max)
			return 0, false
		}
		if !ok {
			num = fd.max + 1 // beyond any bound
		}
	}
	return num, true
}

func (s *state) rangeError(f fieldID, n int32, lo, hi int64) {
	s.add(s.at(CodeRange, f, n, rangeMsg(lo, hi)))
}

// parseInt reads digits already known to be an integer's
// (-?(0|[1-9][0-9]*)); it reports false beyond 18 digits, which is beyond
// every bound.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func isIntegerText(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 || (b[0] == '0' && len(b) > 1) {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (s *state) boolean(f fieldID, n int32) bool {
	nd := &s.r.nodes[n]
	switch nd.kind {
	case kindTrue, kindFalse:
		return true
	case kindString:
		t := s.text(n)
		if string(t) != "true" && string(t) != "false" {
			break
		}
		if !s.coerced(f, n) {
			return false
		}
		text := "false"
		if t[0] == 't' {
			text = "true"
		}
		s.edits = append(s.edits, edit{node: n, text: text})
		return true
	}
	s.typeError(f, n)
	return false
}

// str checks a string member: enum, length in code points, characters, and
// the shapes of tag keys and topic URNs.
func (s *state) str(f fieldID, n int32) bool {
	fd := &fields[f]
	nd := &s.r.nodes[n]
	t := s.r.src[nd.start+1 : nd.end-1] // text, by hand: a call costs more as WebAssembly
	if nd.esc {
		t = s.unescaped(nd)
	}
	if fd.enum != nil {
		for _, e := range fd.enum {
			if string(t) == e {
				return true
			}
		}
		s.add(s.at(CodeEnum, f, n, enumMsg(enumList(fd.enum))))
		return false
	}
	var count int
	bad := rune(-1)
	switch {
	case fd.chars != nil && !nd.esc && !nd.wide && fd.chars.allowsASCII(t):
		count = len(t) // ASCII only, every character allowed
	case fd.chars != nil:
		count, bad = fd.chars.scan(t)
	default:
		count = utf8.RuneCount(t)
	}
	if count < fd.minLen || count > fd.maxLen {
		p := s.at(CodeLength, f, n, lengthMsg("", fd.minLen, fd.maxLen, count))
		p.val = -1
		s.add(p)
		return false
	}
	if bad >= 0 {
		p := s.at(CodePattern, f, n, patternMsg("", fd.chars, bad))
		p.val = -1
		s.add(p)
		return false
	}
	switch fd.special {
	case tagKey:
		first, _ := utf8.DecodeRune(t)
		last, _ := utf8.DecodeLastRune(t)
		if isSpace(first) || isSpace(last) {
			p := s.at(CodePattern, f, n, trimmedMsg())
			p.val = -1
			s.add(p)
			return false
		}
		if len(t) >= 5 && string(t[:5]) == "_sys_" {
			p := s.at(CodePattern, f, n, reservedMsg())
			p.val = -1
			s.add(p)
			return false
		}
	case smnTopicURN:
		if !isTopicURN(t) {
			p := s.at(CodePattern, f, n, urnMsg())
			p.val = -1
			s.add(p)
			return false
		}
	case timestamp:
		at, ok := parseTimestamp(t)
		if !ok {
			s.add(s.at(CodePattern, f, n, timestampMsg()))
			return false
		}
		s.stamp = at
	}
	return true
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xA0:
		return true
	}
	return r > 0xFF && (r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000)
}

// isTopicURN reports whether t is urn:smn:{region}:{project}:{topic}: five
// non-empty parts (RULES.md).
func isTopicURN(t []byte) bool {
	for parts := 1; ; parts++ { // segments found with IndexByte: a URN is long, its colons few
		seg := t
		i := bytes.IndexByte(t, ':')
		if i >= 0 {
			seg, t = t[:i], t[i+1:]
		}
		if len(seg) == 0 || parts == 1 && string(seg) != "urn" || parts == 2 && string(seg) != "smn" {
			return false
		}
		if i < 0 {
			return parts == 5
		}
	}
}

func enumList(enum []string) string {
	var b []byte
	for i, e := range enum {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, e)
	}
	return string(b)
}
