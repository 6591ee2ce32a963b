package core

import (
	"testing"

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
	assert.False(t, plainText[msgSurrogate][0], "a template with a backslash is escaped")
}
