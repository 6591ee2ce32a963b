package core

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// The writer appends these without escaping: they must need none.
func TestFixedTextIsPlain(t *testing.T) {
	for id := range fields {
		assert.True(t, isPlain(fields[id].pointer), "pointer of field %d", id)
	}
	for _, w := range words {
		assert.True(t, isPlain(w[0]) && isPlain(w[1]), "%v", w)
	}
	for _, c := range charClasses {
		assert.True(t, isPlain(c.desc[0]) && isPlain(c.desc[1]), "%v", c.desc)
	}
	for _, c := range Codes {
		assert.True(t, isPlain(string(c)), "%s", c)
	}
	pc := msgSurrogate.pieces[0][0]
	assert.NotEqual(t, pc.raw, pc.json, "a template with a backslash is escaped once, when it is cut into pieces")
	assert.Equal(t, string(appendEscaped(nil, pc.raw)), pc.json)
}

// Cutting a template into pieces loses nothing: the pieces and their
// placeholders spell the template again, and each piece's JSON is its text
// escaped.
func TestTemplatePieces(t *testing.T) {
	names := map[placeholder][]string{}
	for _, sl := range slots {
		names[sl.ph] = append(names[sl.ph], sl.name)
	}
	for _, d := range allMessages {
		for li, m := range d.text {
			var b strings.Builder
			for _, pc := range d.pieces[li] {
				b.WriteString(pc.raw)
				if pc.ph != phNone {
					for _, name := range names[pc.ph] { // the name that stands in m here
						if pc.noun != "" {
							name += "|" + pc.noun[1:]
						}
						if strings.HasPrefix(m[b.Len():], "{"+name+"}") {
							b.WriteString("{" + name + "}")
							break
						}
					}
				}
				assert.Equal(t, string(appendEscaped(nil, pc.raw)), pc.json)
			}
			assert.Equal(t, m, b.String(), "language %d", li)
		}
	}
}

// A template uses at most one placeholder name of each slot: two would
// read the same argument.
func TestTemplateSlots(t *testing.T) {
	for _, d := range allMessages {
		for _, m := range d.text {
			seen := map[placeholder]string{}
			for _, sl := range slots {
				name, ph := sl.name, sl.ph
				if !strings.Contains(m, "{"+name+"}") && !strings.Contains(m, "{"+name+"|") {
					continue
				}
				assert.Empty(t, seen[ph], "%q uses {%s} and {%s}, one slot", m, seen[ph], name)
				seen[ph] = name
			}
		}
	}
}

// placeholdersOf lists a template's placeholders, in order.
func placeholdersOf(pieces []piece) []placeholder {
	var out []placeholder
	for _, pc := range pieces {
		if pc.ph != phNone {
			out = append(out, pc.ph)
		}
	}
	return out
}

// isPlain reports whether s holds no byte that a JSON string escapes.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] && s[i] < utf8.RuneSelf {
			return false
		}
	}
	return true
}
