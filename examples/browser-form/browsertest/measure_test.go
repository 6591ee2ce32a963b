package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/iotda-preflight/preflight/examples/browser-form/site"
)

// The ready time is measured in a tab no DevTools client is attached to, as
// in a person's browser. chromedp attaches to every tab it drives and turns
// on the Page, Runtime, Network, DOM, CSS, Log and Inspector agents there;
// in interleaved runs that session made each reload of this page slower,
// whichever agents were turned off again (RATIONALE.md, Browser and
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
	return measureIn(t, ctx, "", url, reports, reloads)
}

// measureIn is measure in the browser context given ("": the browser's
// own, whose cache the test's other tabs share).
func measureIn(t *testing.T, ctx context.Context, browserContext cdp.BrowserContextID, url string, reports <-chan measured, reloads int) []measured {
	t.Helper()
	tab, err := chromedp.CallBrowser(ctx, target.CreateTarget, target.CreateTargetParams{
		URL: url + "?measure=" + strconv.Itoa(reloads), BrowserContextID: browserContext})
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
		case <-time.After(30 * time.Second):
			t.Fatalf("timed load %d did not report in 30 s", i)
		}
	}
	return loads
}

// A first visit, measured apart: each round opens the form in a new browser
// context, whose cache is empty as a first-time visitor's is, and reloads
// it there. Each round is made twice, interleaved: with the module as the
// server sends it (compressed, as the browser accepts) and with it sent as
// it is (the request's Accept-Encoding dropped), so the two are compared in
// one run on a shared machine. Over loopback the module's megabytes take next
// to no time, so the rounds also run over a link paced to a typical
// connection's rate, where what the module costs to send shows.
func TestFirstVisit(t *testing.T) {
	ctx := browser(t)
	handler, err := site.Handler(root)
	if err != nil {
		t.Fatal(err)
	}
	const rounds, reloads = 5, 2
	var results []firstVisit
	for _, link := range []struct {
		name string
		rate int // bytes per second; 0: as fast as loopback goes
	}{
		{"loopback", 0},
		{"25 Mbit/s", 25_000_000 / 8},
	} {
		variants := []struct {
			name string
			h    http.Handler
		}{
			{"compressed", handler},
			{"uncompressed", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.Header.Del("Accept-Encoding")
				handler.ServeHTTP(w, r)
			})},
		}
		byVariant := make([]firstVisit, len(variants))
		for round := range rounds {
			for i, v := range variants {
				served, reports := measuring(t, paced(v.h, link.rate))
				server := httptest.NewServer(served)
				fresh, err := chromedp.CallBrowser(ctx, target.CreateBrowserContext, target.CreateBrowserContextParams{})
				must(t, err)
				loads := measureIn(t, ctx, fresh.BrowserContextID, server.URL+"/", reports, reloads)
				_, err = chromedp.CallBrowser(ctx, target.DisposeBrowserContext, target.DisposeBrowserContextParams(fresh))
				must(t, err)
				server.Close()
				r := &byVariant[i]
				r.Link, r.Module = link.name, v.name
				r.FirstMs = append(r.FirstMs, loads[0].Ready)
				for _, m := range loads[1:] {
					r.ReloadMs = append(r.ReloadMs, m.Ready)
				}
				if round == 0 {
					r.ModuleBytes = moduleTransfer(t, loads[0])
				}
			}
		}
		for _, r := range byVariant {
			r.FirstMedianMs, r.ReloadMedianMs = median(r.FirstMs), median(r.ReloadMs)
			t.Logf("%s, module %s: first visit ready in %v ms (median of %v), the module %d bytes over the network; reloads %v ms (median of %v)",
				r.Link, r.Module, r.FirstMedianMs, r.FirstMs, r.ModuleBytes, r.ReloadMedianMs, r.ReloadMs)
			results = append(results, r)
		}
		compressed, uncompressed := byVariant[0], byVariant[1]
		if compressed.ModuleBytes*2 > uncompressed.ModuleBytes {
			t.Errorf("%s: the module took %d bytes compressed, %d as it is: the browser was not sent a compressed copy (make browser-test makes them)",
				link.name, compressed.ModuleBytes, uncompressed.ModuleBytes)
		}
	}
	data, err := json.MarshalIndent(results, "", "  ")
	must(t, err)
	must(t, os.WriteFile(filepath.Join(root, "build", "browser-first-visit.json"), append(data, '\n'), 0o644))
}

// firstVisit is what TestFirstVisit measures over one link, with the
// module sent one way; written to build/browser-first-visit.json.
type firstVisit struct {
	Link           string    `json:"link"`
	Module         string    `json:"module"`   // "compressed" or "uncompressed"
	FirstMs        []float64 `json:"first_ms"` // navigation start to a ready form, in a new browser context
	FirstMedianMs  float64   `json:"first_median_ms"`
	ReloadMs       []float64 `json:"reload_ms"` // the same on its reloads
	ReloadMedianMs float64   `json:"reload_median_ms"`
	ModuleBytes    int       `json:"module_bytes"` // preflight.wasm over the network on a first visit
}

// moduleTransfer returns the bytes preflight.wasm took over the network in
// a load (its timeline's transfer size).
func moduleTransfer(t *testing.T, m measured) int {
	t.Helper()
	var entries [][]any
	must(t, json.Unmarshal([]byte(m.Timeline), &entries))
	for _, e := range entries {
		if len(e) == 4 && e[0] == "preflight.wasm" {
			if n, ok := e[3].(float64); ok {
				return int(n)
			}
		}
	}
	t.Fatalf("the module is not in the load's timeline: %s", m.Timeline)
	return 0
}

// paced serves h over a link of rate bytes per second shared by every
// response, as one connection's bandwidth is (0: unpaced).
func paced(h http.Handler, rate int) http.Handler {
	if rate == 0 {
		return h
	}
	l := &link{rate: rate}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&pacedWriter{ResponseWriter: w, link: l}, r)
	})
}

// link is the bandwidth paced responses share: free is when it is next
// idle.
type link struct {
	rate int
	mu   sync.Mutex
	free time.Time
}

// pacedWriter writes a response in pieces, each once the link has carried
// the ones before it.
type pacedWriter struct {
	http.ResponseWriter
	link *link
}

func (w *pacedWriter) Write(b []byte) (int, error) {
	const piece = 16 << 10
	written := 0
	for len(b) > 0 {
		n := min(len(b), piece)
		w.link.mu.Lock()
		start := time.Now()
		if w.link.free.After(start) {
			start = w.link.free
		}
		w.link.free = start.Add(time.Duration(n) * time.Second / time.Duration(w.link.rate))
		done := w.link.free
		w.link.mu.Unlock()
		time.Sleep(time.Until(done))
		m, err := w.ResponseWriter.Write(b[:n])
		written += m
		if err != nil {
			return written, err
		}
		b = b[n:]
	}
	return written, nil
}

// readyTimes returns the loads' ready and shown times.
func readyTimes(loads []measured) (ready, shown []float64) {
	for _, m := range loads {
		ready = append(ready, m.Ready)
		shown = append(shown, m.Shown)
	}
	return ready, shown
}
