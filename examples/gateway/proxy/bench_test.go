package proxy

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

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
// priced, forwarded to a handler that does nothing) and host.AppendCheck
// (BenchmarkHostCheck: wazero, a pooled instance) on the same body, the API
// page's enterprise example, in one run: the goal is the middleware at most
// 2x the host's check.
func BenchmarkAgainstHost(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("..", "..", "requests", "enterprise-yearly.json"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("host-check", func(b *testing.B) {
		h, err := host.New(ctx, host.NewConfig())
		if err != nil {
			b.Fatal(err)
		}
		defer h.Close(ctx)
		var dst []byte
		for b.Loop() {
			if dst, err = h.AppendCheck(ctx, dst[:0], body, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("middleware-valid", func(b *testing.B) {
		mw, err := NewMiddleware(ctx, httpwasm(b), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer mw.Close()
		h := mw.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("POST", gt.Path, bytes.NewReader(body)))
			if w.Code != 200 {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	})
}
