package core

import (
	"strconv"
	"unicode/utf8"
)

// The result document is written by hand, not by encoding/json: it is on the
// hot path of every engine (reflection is the slowest part of Go as
// WebAssembly), and one writer makes every engine's bytes the same.
// Strings are escaped minimally: '"', '\\' and the C0 controls; everything
// else, including '<', '>', '&' and U+2028/U+2029, is written as UTF-8.

const hexDigits = "0123456789abcdef"

// plainByte marks the bytes a JSON string holds as they are: printable
// ASCII but '"' and '\\'. The reader uses it too.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s as a JSON string. Invalid UTF-8 is written as
// U+FFFD, so the output is always valid JSON.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s)
	return append(dst, '"')
}

// appendText appends s as the inside of a JSON string when esc is set, and
// as it is otherwise: paths and messages are written with it straight into
// the document, or into a Go string.
func appendText(dst []byte, s string, esc bool) []byte {
	if esc {
		return appendEscaped(dst, s)
	}
	return append(dst, s...)
}

// appendEscaped appends s escaped as the inside of a JSON string.
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		// Whole words while they are plain, then single bytes up to the
		// next byte that is not: each byte is tested once.
		for i+8 <= len(s) && plainWord(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
		}
		for i < len(s) && plainByte[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\ufffd"...)
				start = i + 1
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

// appendMember appends `"name":` after a comma when the object already has a
// member (first is false).
func appendMember(dst []byte, first bool, name string) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = appendString(dst, name)
	return append(dst, ':')
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendInt(dst []byte, n int64) []byte { return strconv.AppendInt(dst, n, 10) }

// AppendString appends s to dst as a JSON string, escaped exactly as every
// string of the result document is (only '"', '\\' and control characters;
// invalid UTF-8 becomes U+FFFD). Hosts use it to write documents of their
// own, such as the module's error documents, the way the core does.
func AppendString(dst []byte, s string) []byte { return appendString(dst, s) }
