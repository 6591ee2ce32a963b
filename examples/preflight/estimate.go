package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/iotda-preflight/preflight/core"
)

// writeEstimate prints an estimate for people, in the words of w: a table
// of its lines (item, quantity, unit price, periods, amount, basis) and the
// total, then the same span under each charge option the flavor offers,
// each with the months it pays for. A basis of several parts (a prorated
// resize's sum, then how the months left were counted) is written below
// the table, a part a line. An unpriced estimate prints its reason instead
// of figures. Write errors are the caller's to notice on out (the report
// goes to a terminal or a pipe).
func writeEstimate(out io.Writer, w *words, e *core.Estimate) {
	if e == nil {
		return
	}
	period := ""
	if e.Period.Num > 0 {
		period = w.count(e.Period.Num, e.Period.Type)
	}
	fmt.Fprintln(out, w.estimate(e.Currency, e.ChargeMode, period))

	if !e.Priced {
		fmt.Fprintf(out, "  %s%s\n", w.notPriced, e.Reason)
	} else {
		var t table
		var below []core.Line
		t.row("  "+w.header[0], w.header[1], w.header[2], w.header[3], w.header[4], w.header[5])
		for _, l := range e.Lines {
			periods, basis := strconv.Itoa(l.Periods), l.Basis
			if l.Periods == 0 { // prorated: not a whole number of periods
				periods = w.prorated
			}
			if len(basisParts(basis)) > 1 {
				basis = w.below
				below = append(below, l)
			}
			t.row("  "+l.Item, w.count(l.Quantity, l.Unit), l.UnitPrice.String()+" / "+w.perName(l.Per), periods, l.Amount.String(), basis)
		}
		t.row("  "+w.total, "", "", "", e.Total.String()+" "+e.Currency)
		t.write(out)
		for _, l := range below {
			fmt.Fprintf(out, "  %s\n", w.basisOf(l.Item))
			for _, part := range basisParts(l.Basis) {
				fmt.Fprintf(out, "    %s\n", part)
			}
		}
		if e.Hourly != (core.Money{}) {
			fmt.Fprintf(out, "  %s\n", w.hourly(e.Hourly.String(), e.Currency))
		}
	}

	if a := e.Alternatives; len(a.Options) > 0 {
		fmt.Fprintln(out, w.alternatives(w.count(a.SpanMonths, "month")))
		var t table
		for _, o := range a.Options {
			var marks string
			if o.Cheapest {
				marks = w.cheapest
			}
			if o.Selected {
				marks = strings.TrimSpace(marks + w.thisOrder)
			}
			t.row("  "+o.ChargeMode, w.count(o.Periods, o.Per), o.Total.String()+" "+e.Currency,
				w.covers(w.count(covered(o, a.SpanMonths), "month")), marks)
		}
		t.write(out)
		if a.YearlyBeatsMonthlyAt > 0 {
			fmt.Fprintf(out, "  %s\n", w.yearBeatsMonth(w.count(a.YearlyBeatsMonthlyAt, "month")))
		}
	}

	if c := e.Catalog; c.Name != "" || c.Source != "" {
		fmt.Fprintln(out, w.prices(c.Name, c.Effective, c.Source))
	}
}

// basisParts splits a line's basis where the core separates its parts (a
// semicolon, "；" in Chinese).
func basisParts(basis string) []string {
	return strings.Split(strings.ReplaceAll(basis, "；", "; "), "; ")
}

// covered is the months a charge option pays for: its months, its years'
// (whole years, so more than the span when the span is not), or the span
// for hours, which are the span's.
func covered(o core.ChargeOption, span int) int {
	switch o.Per {
	case "month":
		return o.Periods
	case "year":
		return 12 * o.Periods
	}
	return span
}
