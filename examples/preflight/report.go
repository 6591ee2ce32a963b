package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/iotda-preflight/preflight/core"
)

// writeReport prints the result for people, in the words of w: the verdict,
// for a resize or change of charge mode the change time and the current
// instance it was checked with, the problems with their codes and paths,
// the defaults with the values they get, and the estimate.
func writeReport(out io.Writer, w *words, name string, c *changeOf, r *core.Result) {
	verdict := w.valid
	if !r.Valid {
		verdict = w.invalid
	}
	fmt.Fprintln(out, w.verdict(name, verdict, len(r.Errors), len(r.Warnings)))
	if c.api != core.APICreate {
		fmt.Fprintln(out, w.change(string(c.api), c.at))
		if c.currentName != "" {
			fmt.Fprintln(out, w.current(c.currentName))
		} else {
			fmt.Fprintln(out, w.current(w.noCurrent))
		}
	}
	writeProblems(out, w, w.errors, r.Errors)
	writeProblems(out, w, w.warnings, r.Warnings)
	if len(r.Defaults) > 0 {
		fmt.Fprintf(out, "\n%s\n", w.defaults)
		var req any
		_ = json.Unmarshal(r.Request, &req)
		var t table
		for _, d := range r.Defaults {
			t.row("  "+d, "= "+lookup(req, d))
		}
		t.write(out)
	}
	if r.Estimate != nil {
		fmt.Fprintln(out)
		writeEstimate(out, w, r.Estimate)
	}
}

func writeProblems(out io.Writer, w *words, title string, ps []core.Problem) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(out, "\n%s\n", title)
	var t table
	for _, p := range ps {
		where := p.Path
		if p.In != "" {
			where = p.In + " " + p.Path
		} else if where == "" {
			where = w.body
		}
		t.row("  "+string(p.Code), where, p.Message)
	}
	t.write(out)
}

// lookup returns the JSON of the value at pointer ptr in v.
func lookup(v any, ptr string) string {
	for _, tok := range strings.Split(ptr, "/")[1:] {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return "?"
			}
			v = c[i]
		default:
			return "?"
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}
