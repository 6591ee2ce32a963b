package main

import (
	"io"
	"strings"
	"unicode"
)

// table aligns rows of cells in columns two spaces apart, measuring each
// cell as a terminal shows it: a Chinese character takes two columns
// (text/tabwriter counts it as one, which misaligns a Chinese report). A
// row's trailing spaces are dropped.
type table struct{ rows [][]string }

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(out io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r[:len(r)-1] { // a row's last cell sets no column's width, as with text/tabwriter
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		var line strings.Builder
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	io.WriteString(out, b.String())
	t.rows = t.rows[:0]
}

// displayWidth is how many terminal columns s takes: two for each wide East
// Asian character (Han, Hiragana, Katakana, Hangul, fullwidth forms and
// CJK punctuation), one for any other.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
			(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6) {
			n++
		}
	}
	return n
}
