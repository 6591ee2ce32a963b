package proxy

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

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
