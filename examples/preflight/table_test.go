package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDisplayWidth(t *testing.T) {
	cases := []struct {
		s    string
		want int
		why  string
	}{
		{"", 0, "empty"},
		{"USD", 3, "ASCII: one column each"},
		{"个月", 4, "Han: two columns each"},
		{"（本订单）", 10, "fullwidth parentheses are wide too"},
		{"é", 1, "a Latin letter with an accent is one column"},
		{"7 个月", 6, "mixed"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, displayWidth(c.s), c.why)
	}
}

// Columns line up as a terminal shows them, Chinese or not; a row's last
// cell sets no width and trailing spaces are dropped.
func TestTableAligns(t *testing.T) {
	var tb table
	tb.row("  项目", "数量", "")
	tb.row("  iotda.standard.s1", "1 个单位", "a long last cell that widens nothing")
	tb.row("  x", "y")
	var b strings.Builder
	tb.write(&b)
	assert.Equal(t, "  项目               数量\n  iotda.standard.s1  1 个单位  a long last cell that widens nothing\n  x                  y\n", b.String())
}
