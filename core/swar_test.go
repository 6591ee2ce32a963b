package core

import (
	"encoding/binary"
	"slices"
	"strings"
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

// skipPlain is the loop the reader writes out where it looks for a string's
// end (str, and the object loop for names and values): words while they
// are plain, then single bytes.
func skipPlain(s []byte, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := stops(load64(s, i)); m != 0 {
			return i + firstStop(m)
		}
	}
	for i < len(s) && plainByte[s[i]] {
		i++
	}
	return i
}

// The word loop must stop exactly at the first byte that is not plain,
// whatever follows it (a borrow in the word test marks later bytes too), at
// every position in and after the word loop, from every start.
func TestSkipPlainStopsAtFirst(t *testing.T) {
	for k := 0; k < 19; k++ { // the stop's position: in the first word, the second, the tail
		for c := 0; c < 256; c++ {
			if plainByte[c] {
				continue
			}
			for _, after := range []byte{0, 0x1f, 0x20, '"', '\\', 'a', 0x7f, 0x80, 0xff} {
				s := make([]byte, 21)
				for i := range s {
					s[i] = 'x'
				}
				s[k] = byte(c)
				for i := k + 1; i < len(s); i++ {
					s[i] = after
				}
				for from := 0; from <= k; from++ {
					if got := skipPlain(s, from); got != k {
						t.Fatalf("stop %#x at %d, then %#x, from %d: skipPlain = %d", c, k, after, from, got)
					}
				}
			}
		}
	}
	for n := 0; n < 20; n++ { // all plain: the end
		s := make([]byte, n)
		for i := range s {
			s[i] = '~'
		}
		if got := skipPlain(s, 0); got != n {
			t.Fatalf("%d plain bytes: skipPlain = %d", n, got)
		}
	}
}

// allowsASCII, the fast path for strings of plain ASCII, agrees with each
// class's own predicate on every plain byte, alone and among allowed ones.
func TestAllowsASCII(t *testing.T) {
	for ci, c := range charClasses {
		for b := 0x20; b < 0x7f; b++ {
			if !plainByte[b] {
				continue
			}
			want := c.allow(rune(b))
			cases := []string{string(rune(b))}
			for at := 0; at < 20; at++ { // in the rounds of eight and in the tail
				cases = append(cases, strings.Repeat("0", at)+string(rune(b))+strings.Repeat("9", 19-at))
			}
			for _, s := range cases {
				if got := c.allowsASCII([]byte(s)); got != want {
					t.Fatalf("class %d (%s): allowsASCII(%q) = %v", ci, c.desc[0], s, got)
				}
			}
		}
	}
}

// lookup finds every field under its parent by name, at every distance from
// the body's end, and no name that differs from all of a parent's fields:
// not another case, a prefix, a longer name, or a name of another parent.
func TestLookupByWords(t *testing.T) {
	// init's search for a multiplier is quick (it runs in every module
	// instance's start): one of the first few candidates.
	k := 0
	for ; k < 64 && (0x9E3779B97F4A7C15*uint64(2*k+1))|1 != fieldMul; k++ {
	}
	if k == 64 {
		t.Fatalf("fieldMul %#x is not among the first 64 candidates", fieldMul)
	}
	s := new(state)
	find := func(parent fieldID, name, tail string) int {
		body := []byte(`{"` + name + `":0` + tail)
		s.r.reset(body, 8)
		s.r.read()
		if s.r.err != nil {
			t.Fatalf("%s: %v", body, s.r.err.code)
		}
		return lookup(&s.r, parent, s.r.nodes[0].first)
	}
	for f := fRoot + 1; f < numFields; f++ {
		name, parent := fields[f].name, fields[f].parent
		if name == "" {
			continue // a tag: an array's element
		}
		for _, tail := range []string{"}", "}" + strings.Repeat(" ", 30)} {
			if got := find(parent, name, tail); got != slices.Index(children[parent], f) || children[parent][got] != f {
				t.Fatalf("%s under %d (tail %q): index %d", name, parent, tail, got)
			}
		}
		others := []string{strings.ToUpper(name[:1]) + name[1:], name[:len(name)-1], name + "s", "x" + name, name + strings.Repeat("_", 30)}
		for i := range name { // one byte changed, anywhere
			b := []byte(name)
			b[i] ^= 0x01
			others = append(others, string(b))
		}
		for _, other := range others {
			got := find(parent, other, "}")
			if got >= 0 && fields[children[parent][got]].name != other {
				t.Fatalf("%q under %d: found %s", other, parent, fields[children[parent][got]].name)
			}
		}
		for p := fRoot; p < numFields; p++ {
			if fields[p].typ == typeObject && p != parent {
				if got := find(p, name, "}"); got >= 0 && fields[children[p][got]].name != name {
					t.Fatalf("%s under %d: found %s", name, p, fields[children[p][got]].name)
				}
			}
		}
	}
}
