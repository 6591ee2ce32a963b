package proxy

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// fuzzMiddleware is one middleware for every input of a fuzzing process:
// compiling the plugin takes seconds, a request tens of microseconds.
var fuzzMiddleware = sync.OnceValues(func() (*Middleware, error) {
	b, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/httpwasm")
	if err != nil {
		return nil, err
	}
	return NewMiddleware(context.Background(), b, nil)
})

// FuzzMiddleware sends requests of any path, body and token through the
// compiled http-wasm plugin, in process, and holds what it does to the
// decision the same package makes natively: a request off the route reaches
// the backend untouched; one on it is answered with the verdict's status and
// bytes, or forwarded with the verdict's body and headers.
func FuzzMiddleware(f *testing.F) {
	f.Add(gt.Path, gt.Valid(3), gt.Token, false, false, false)
	f.Add(gt.Path, gt.Valid(3), gt.Token, false, true, true)
	f.Add(gt.Path, gt.Invalid(3), "", true, false, false)
	f.Add(gt.Path+"/x/..", []byte(`{"name":1}`), "t", false, false, false)
	f.Add("/v5/iot/"+gt.ProjectID+"/products", gt.Valid(1), gt.Token, false, false, true)
	f.Add("/v5/iot/%ff/iotda-instances", []byte("\xff"), "", false, true, false)
	f.Add(gt.ResizePath, gt.Resize, gt.Token, false, false, false)
	f.Add(gt.ChangeChargeModePath+"/", gt.ChangeChargeMode, "", true, false, true)
	f.Add(gt.Path+"/NOT-HEX/RESIZE", gt.Resize, gt.Token, false, true, false)
	// Built and compiled before the first input, not during it: that takes
	// seconds, more than fuzzing allows one input on a busy machine.
	mw, err := fuzzMiddleware()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path string, body []byte, token string, chunked, reframed, refused bool) {
		if len(path) == 0 || path[0] != '/' || bytes.ContainsAny([]byte(path+token), "\r\n\x00 \t") {
			return // not a request target or a header value HTTP can carry
		}
		var reached *http.Request
		var reachedBody []byte
		status := 299
		if refused {
			status = 409 // the backend refuses: no estimate on its answer
		}
		next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reached = r
			reachedBody, _ = io.ReadAll(r.Body)
			w.WriteHeader(status)
		})
		h := mw.Wrap(next) // as Traefik and Dapr run it: the request keeps its length
		if reframed {
			h = mw.WrapReframed(next)
		}
		var rd io.Reader = bytes.NewReader(body)
		if chunked {
			rd = io.MultiReader(rd) // no length: read to its end
		}
		req, err := http.NewRequest("POST", "http://gw"+path, rd)
		if err != nil {
			return // not a request target net/http can serve
		}
		if token != "" {
			req.Header.Set(gateway.HeaderAuthToken, token)
		}
		if !chunked { // as a server hands a request on: the header with the field
			req.Header.Set("Content-Length", strconv.Itoa(len(body)))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)

		// What the host hands the plugin as the request's URI (http-wasm's
		// get_uri in net/http): the escaped path and the query.
		uri := req.URL.EscapedPath()
		if req.URL.ForceQuery || req.URL.RawQuery != "" {
			uri += "?" + req.URL.RawQuery
		}
		route, ok := gateway.Match("POST", uri)
		if !ok {
			if reached == nil || !bytes.Equal(reachedBody, body) || w.Code != status {
				t.Fatalf("%s is off the route but did not reach the backend untouched (%d)", path, w.Code)
			}
			return
		}
		c, _ := gateway.ParseConfig(nil)
		fixed := !chunked && !reframed
		v := c.Decide(&gateway.Request{Body: body, Route: route, AuthToken: token, HasAuthToken: token != "",
			FixedLength: fixed, Length: len(body)})
		if !v.Forward {
			if reached != nil || w.Code != v.Status || !bytes.Equal(w.Body.Bytes(), v.ResponseBody) {
				t.Fatalf("%s: answered %d %s; the decision is %d %s", path, w.Code, w.Body, v.Status, v.ResponseBody)
			}
			return
		}
		if reached == nil || w.Code != status {
			t.Fatalf("%s: not forwarded (%d %s)", path, w.Code, w.Body)
		}
		want := body
		if v.Body != nil {
			want = v.Body
		}
		if !bytes.Equal(reachedBody, want) {
			t.Fatalf("%s: the backend got %q, want %q", path, reachedBody, want)
		}
		if v.Body != nil && reached.Header.Get("Content-Length") != strconv.Itoa(len(reachedBody)) {
			t.Fatalf("%s: Content-Length %q on a new body of %d bytes: a host that frames by it would cut or lose it", path, reached.Header.Get("Content-Length"), len(reachedBody))
		}
		if fixed && len(reachedBody) != len(body) {
			t.Fatalf("%s: a body of %d bytes on a request of %d, which the host forwards as %d", path, len(reachedBody), len(body), len(body))
		}
		for _, hd := range v.RequestHeaders {
			if got := reached.Header.Get(hd.Name); got != hd.Value {
				t.Fatalf("%s: request header %s = %q, want %q", path, hd.Name, got, hd.Value)
			}
		}
		for _, hd := range v.ResponseHeaders {
			if got := w.Header().Get(hd.Name); got != hd.Value {
				t.Fatalf("%s: response header %s = %q, want %q", path, hd.Name, got, hd.Value)
			}
		}
		for _, hd := range v.SuccessHeaders {
			got, set := w.Header()[http.CanonicalHeaderKey(hd.Name)]
			if !refused && w.Header().Get(hd.Name) != hd.Value || refused && set {
				t.Fatalf("%s: backend %d: response header %s = %q, want %q on a success only", path, status, hd.Name, got, hd.Value)
			}
		}
	})
}
