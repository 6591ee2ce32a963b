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
	pc := templates[msgSurrogate][0][0]
	assert.NotEqual(t, pc.raw, pc.json, "a template with a backslash is escaped once, when it is cut into pieces")
	assert.Equal(t, string(appendEscaped(nil, pc.raw)), pc.json)
}

// Cutting a template into pieces loses nothing: the pieces and their
// placeholders spell the template again, and each piece's JSON is its text
// escaped.
func TestTemplatePieces(t *testing.T) {
	for id := range messages {
		for li, m := range messages[id] {
			var b strings.Builder
			for _, pc := range templates[id][li] {
				b.WriteString(pc.raw)
				if pc.ph != 0 {
					b.WriteString("{" + string(pc.ph) + "}")
				}
				assert.Equal(t, string(appendEscaped(nil, pc.raw)), pc.json)
			}
			assert.Equal(t, m, b.String(), "message %d, language %d", id, li)
		}
	}
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
