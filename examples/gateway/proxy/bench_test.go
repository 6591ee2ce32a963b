package proxy

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/iotda-preflight/preflight/host"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// BenchmarkMiddleware is the http-wasm middleware's own cost per request,
// in process (no network, a next handler that does nothing): a request it
// only matches and lets by, a valid one (checked, completed, priced) and an
// invalid one (answered 400).
func BenchmarkMiddleware(b *testing.B) {
	mw, err := NewMiddleware(context.Background(), httpwasm(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer mw.Close()
	h := mw.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	for _, c := range []struct {
		name, path string
		body       []byte
		status     int
	}{
		{"other-path", "/v5/iot/" + gt.ProjectID + "/products", gt.Valid(3), 200},
		{"valid", gt.Path, gt.Valid(3), 200},
		{"invalid", gt.Path, gt.Invalid(3), 400},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("POST", c.path, bytes.NewReader(c.body)))
				if w.Code != c.status {
					b.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
				}
			}
		})
	}
}

// BenchmarkAgainstHost is the middleware's valid request (checked, filled,
// priced, forwarded to a handler that does nothing) against
// host.AppendCheck (BenchmarkHostCheck: wazero, a pooled instance) on the
// same body, the API page's enterprise example. Each iteration does one of
// each, timed apiece, so the other tenants' load on this shared machine
// falls on both alike: ratio is the middleware's time over the host's (the
// goal is at most 2), with the medians and the 99th percentiles.
func BenchmarkAgainstHost(b *testing.B) {
	body := gt.ExampleEnterprise
	ctx := context.Background()
	hc, err := host.New(ctx, host.NewConfig())
	if err != nil {
		b.Fatal(err)
	}
	defer hc.Close(ctx)
	mw, err := NewMiddleware(ctx, httpwasm(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer mw.Close()
	h := mw.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	var dst []byte
	var hostT, mwT []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if dst, err = hc.AppendCheck(ctx, dst[:0], body, nil); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", gt.Path, bytes.NewReader(body)))
		t2 := time.Now()
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
		hostT, mwT = append(hostT, t1.Sub(t0)), append(mwT, t2.Sub(t1))
	}
	var sum [2]time.Duration
	for i, l := range [][]time.Duration{hostT, mwT} {
		slices.Sort(l)
		for _, d := range l {
			sum[i] += d
		}
		name := []string{"host", "middleware"}[i]
		b.ReportMetric(float64(l[len(l)/2].Nanoseconds())/1e3, name+"-p50-µs")
		b.ReportMetric(float64(l[len(l)*99/100].Nanoseconds())/1e3, name+"-p99-µs")
	}
	b.ReportMetric(float64(sum[1])/float64(sum[0]), "ratio")
}
