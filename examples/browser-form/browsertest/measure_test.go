package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The ready time is measured in a tab no DevTools client is attached to, as
// in a person's browser. chromedp attaches to every tab it drives and turns
// on the Page, Runtime, Network, DOM, CSS, Log and Inspector agents there;
// in interleaved runs that session made each reload of this page 20-40 ms
// slower, whichever agents were turned off again (RATIONALE.md, Browser and
// Node). So the test opens the timed tab with Target.createTarget, which
// chromedp does not attach to, and the page reports its own times and
// reloads itself: the server adds measureScript to the page when the
// address asks for it (?measure=<reloads>), and nowhere else.

// measureScript reports, once the form is ready or has failed, the page's
// own times to reportPath, then reloads the page (location.reload(), what
// a person's reload does) until it has done so as often as ?measure= says.
// It only watches an attribute until then, so the page's work is its own.
const measureScript = `<script data-measure>
(() => {
  const reloads = +new URLSearchParams(location.search).get("measure");
  const done = +(sessionStorage.getItem("preflight-measured") ?? 0);
  const report = () => {
    const form = window.preflightForm ?? {};
    const timeline = ` + timelineJS + `;
    const body = JSON.stringify({
      state: document.body.dataset.ready,
      navigation: performance.getEntriesByType("navigation")[0].type,
      ready: form.readyMs ?? 0,
      shown: form.shownMs ?? 0,
      verdict: document.querySelector("#verdict")?.innerText ?? "",
      timeline: JSON.stringify(timeline),
    });
    sessionStorage.setItem("preflight-measured", done + 1);
    fetch("` + reportPath + `", { method: "POST", body }).finally(() => {
      if (done < reloads) setTimeout(() => location.reload(), 100);
    });
  };
  if (document.body.dataset.ready !== "false") return report();
  new MutationObserver((_, watch) => {
    if (document.body.dataset.ready !== "false") { watch.disconnect(); report(); }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-ready"] });
})();
</script>
`

const reportPath = "/_measured"

// timelineJS is a JavaScript expression of the page's load so far, for the
// log: every file's fetch (name, start, end, bytes over the network, 0 when
// it came from the cache) and the page's marks, in ms since navigation.
const timelineJS = `[
      ...performance.getEntriesByType("resource").map((e) => [e.name.split("/").pop(), Math.round(e.startTime), Math.round(e.responseEnd), e.transferSize]),
      ...performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)]),
      ["dcl", Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd)],
    ]`

// measured is one load's report.
type measured struct {
	State      string  `json:"state"`      // "true": ready; "failed"
	Navigation string  `json:"navigation"` // "navigate" (the first load) or "reload"
	Ready      float64 `json:"ready"`      // ms from the start of navigation
	Shown      float64 `json:"shown"`
	Verdict    string  `json:"verdict"`
	Timeline   string  `json:"timeline"`
}

// measuring serves the site's handler, adding measureScript to the page
// when its address has ?measure=, and takes the page's reports.
func measuring(t *testing.T, site http.Handler) (handler http.Handler, reports <-chan measured) {
	t.Helper()
	got := make(chan measured, 64)
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+reportPath, func(w http.ResponseWriter, r *http.Request) {
		var m measured
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&m); err != nil {
			t.Errorf("a report of the timed page: %v", err)
			return
		}
		got <- m
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" || !r.URL.Query().Has("measure") {
			site.ServeHTTP(w, r)
			return
		}
		page := httptest.NewRecorder()
		site.ServeHTTP(page, r)
		end := bytes.LastIndex(page.Body.Bytes(), []byte("</body>"))
		if page.Code != http.StatusOK || end < 0 {
			t.Errorf("the page: status %d, </body> at %d", page.Code, end)
			http.Error(w, "no page to time", http.StatusInternalServerError)
			return
		}
		for name, values := range page.Header() {
			w.Header()[name] = values
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(page.Code)
		html := page.Body.Bytes()
		w.Write(html[:end])
		io.WriteString(w, measureScript)
		w.Write(html[end:])
	})
	return mux, got
}

// measure loads the page at url in a new tab nothing is attached to, then
// lets it reload itself reloads times, and returns each load's report, the
// first load first. A load that does not report within 20 s, or whose form
// failed, fails the test.
func measure(t *testing.T, ctx context.Context, url string, reports <-chan measured, reloads int) []measured {
	t.Helper()
	tab, err := chromedp.CallBrowser(ctx, target.CreateTarget, target.CreateTargetParams{URL: url + "?measure=" + strconv.Itoa(reloads)})
	must(t, err)
	defer chromedp.CallBrowser(ctx, target.CloseTarget, target.CloseTargetParams(tab))
	var loads []measured
	for i := 0; i <= reloads; i++ {
		select {
		case m := <-reports:
			want := "reload"
			if i == 0 {
				want = "navigate"
			}
			if m.State != "true" || m.Navigation != want {
				t.Fatalf("timed load %d (%s, want %s): the form did not start: %q", i, m.Navigation, want, m.Verdict)
			}
			m.Ready, m.Shown = math.Round(m.Ready*10)/10, math.Round(m.Shown*10)/10
			t.Logf("timed %s %d: ready %v ms, shown %v ms; timeline, ms since navigation (resource: start, end, bytes over the network, 0 from the cache): %s",
				m.Navigation, i, m.Ready, m.Shown, m.Timeline)
			loads = append(loads, m)
		case <-time.After(20 * time.Second):
			t.Fatalf("timed load %d did not report in 20 s", i)
		}
	}
	return loads
}

// readyTimes returns the loads' ready and shown times.
func readyTimes(loads []measured) (ready, shown []float64) {
	for _, m := range loads {
		ready = append(ready, m.Ready)
		shown = append(shown, m.Shown)
	}
	return ready, shown
}
