package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iotda-preflight/preflight/core"
)

// writeReport prints the result for people: the verdict, the problems with
// their codes and paths, the defaults with the values they get, and the
// estimate.
func writeReport(w io.Writer, name string, r *core.Result) {
	verdict := "VALID"
	if !r.Valid {
		verdict = "INVALID"
	}
	fmt.Fprintf(w, "%s: %s (%s, %s)\n", name, verdict, count(len(r.Errors), "error"), count(len(r.Warnings), "warning"))
	writeProblems(w, "Errors", r.Errors)
	writeProblems(w, "Warnings", r.Warnings)
	if len(r.Defaults) > 0 {
		fmt.Fprintln(w, "\nDefaults the platform fills")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		var req any
		_ = json.Unmarshal(r.Request, &req)
		for _, d := range r.Defaults {
			fmt.Fprintf(tw, "  %s\t= %s\n", d, lookup(req, d))
		}
		tw.Flush()
	}
	if r.Estimate != nil {
		fmt.Fprintln(w)
		writeEstimate(w, r.Estimate)
	}
}

func writeProblems(w io.Writer, title string, ps []core.Problem) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range ps {
		where := p.Path
		if p.In != "" {
			where = p.In + " " + p.Path
		} else if where == "" {
			where = "(body)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Code, where, p.Message)
	}
	tw.Flush()
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
