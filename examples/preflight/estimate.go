package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iotda-preflight/preflight/core"
)

// writeEstimate prints an estimate for people: a table of its lines (item,
// quantity, unit price, periods, amount, basis) and the total, then the
// same capacity under each charge option the flavor offers. An unpriced
// estimate prints its reason instead of figures. Write errors are the
// caller's to notice on w (the report goes to a terminal or a pipe).
func writeEstimate(w io.Writer, e *core.Estimate) {
	if e == nil {
		return
	}
	fmt.Fprintf(w, "Estimate (%s, %s", e.Currency, e.ChargeMode)
	if e.Period.Num > 0 {
		fmt.Fprintf(w, ", %s", count(e.Period.Num, e.Period.Type))
	}
	fmt.Fprintln(w, ")")

	if !e.Priced {
		fmt.Fprintf(w, "  not priced: %s\n", e.Reason)
	} else {
		tw := newTable(w)
		fmt.Fprintln(tw, "  ITEM\tQUANTITY\tUNIT PRICE\tPERIODS\tAMOUNT\tBASIS")
		for _, l := range e.Lines {
			fmt.Fprintf(tw, "  %s\t%s\t%s / %s\t%d\t%s\t%s\n",
				l.Item, count(l.Quantity, l.Unit), l.UnitPrice, l.Per, l.Periods, l.Amount, l.Basis)
		}
		fmt.Fprintf(tw, "  Total\t\t\t\t%s %s\n", e.Total, e.Currency)
		tw.Flush()
		if e.Hourly != (core.Money{}) {
			fmt.Fprintf(w, "  (%s %s an hour)\n", e.Hourly, e.Currency)
		}
	}

	if a := e.Alternatives; len(a.Options) > 0 {
		fmt.Fprintf(w, "Alternatives for the same %s:\n", count(a.SpanMonths, "month"))
		tw := newTable(w)
		for _, o := range a.Options {
			var marks string
			if o.Cheapest {
				marks = "cheapest"
			}
			if o.Selected {
				marks += " (this order)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s %s\t%s\n", o.ChargeMode, count(o.Periods, o.Per), o.Total, e.Currency, marks)
		}
		tw.Flush()
		if a.YearlyBeatsMonthlyAt > 0 {
			fmt.Fprintf(w, "  A year costs less than paying monthly from %s on.\n", count(a.YearlyBeatsMonthlyAt, "month"))
		}
	}

	if c := e.Catalog; c.Name != "" || c.Source != "" {
		fmt.Fprintf(w, "Prices: catalog %q", c.Name)
		if c.Effective != "" {
			fmt.Fprintf(w, " of %s", c.Effective)
		}
		if c.Source != "" {
			fmt.Fprintf(w, ", %s", c.Source)
		}
		fmt.Fprintln(w)
	}
}

// table is a tabwriter whose rows lose the padding of an empty last cell.
type table struct {
	*tabwriter.Writer
	buf strings.Builder
	out io.Writer
}

func newTable(w io.Writer) *table {
	t := &table{out: w}
	t.Writer = tabwriter.NewWriter(&t.buf, 0, 0, 2, ' ', 0)
	return t
}

// Flush writes the aligned rows, without trailing spaces.
func (t *table) Flush() {
	t.Writer.Flush()
	for _, line := range strings.SplitAfter(t.buf.String(), "\n") {
		if trimmed := strings.TrimRight(line, " \n"); line != "" {
			fmt.Fprintln(t.out, trimmed)
		}
	}
	t.buf.Reset()
}

// count writes n and the noun, plural when n is not 1: "3 months".
func count(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
