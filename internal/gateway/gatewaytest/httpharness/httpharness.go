// Package httpharness runs the request matrix (gatewaytest.Scenarios)
// against a gateway over real HTTP: the in-process http-wasm host
// (examples/gateway/proxy) and real Traefik (internal/traefiktest).
package httpharness

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// Target is a gateway under test.
type Target struct {
	// Route returns where a request under the named configuration goes: the
	// gateway's base URL, and the Host header to send ("": the URL's).
	Route func(config string) (base, host string)
	// Backend is what the gateway forwards to.
	Backend *proxy.Backend
	// H2C says the gateway serves HTTP/2 cleartext.
	H2C bool
}

var (
	h1  = &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	h2c = func() *http.Client {
		p := new(http.Protocols)
		p.SetUnencryptedHTTP2(true)
		return &http.Client{Timeout: time.Minute, Transport: &http.Transport{Protocols: p}}
	}()
)

// Response is a gateway's answer, read whole.
type Response struct {
	Status int
	Proto  string
	Header http.Header
	Body   []byte
	// ContentLength is the length the answer was framed with (-1: chunked).
	ContentLength int64
}

// Send sends one scenario's request and reads the answer.
func Send(t testing.TB, tg Target, s gt.Scenario) Response {
	t.Helper()
	base, host := tg.Route(s.ConfigName())
	method, path := s.Request()
	var body io.Reader = bytes.NewReader(s.Body)
	if s.Chunked {
		body = io.MultiReader(body) // no known length: sent chunked
	}
	if s.Body == nil {
		body = nil
	}
	req, err := http.NewRequest(method, base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Auth-Token", gt.Token)
	for k, v := range s.Header {
		req.Header.Set(k, v)
	}
	if s.BackendStatus != 0 {
		req.Header.Set(proxy.HeaderStatus, strconv.Itoa(s.BackendStatus))
	}
	client := h1
	if s.H2C && tg.H2C {
		client = h2c
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", s.Name, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: reading the answer: %v", s.Name, err)
	}
	return Response{res.StatusCode, res.Proto, res.Header, b, res.ContentLength}
}

// Run runs every scenario against tg, one at a time, each a subtest.
func Run(t *testing.T, tg Target, scenarios []gt.Scenario) {
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			tg.Backend.Reset()
			Check(t, tg, s, Send(t, tg, s))
		})
	}
}

// Check holds a scenario's answer, and what the backend received, to the
// scenario's Want.
func Check(t *testing.T, tg Target, s gt.Scenario, r Response) {
	t.Helper()
	w := s.Want
	got := tg.Backend.Received()
	if r.Status != w.Status {
		t.Fatalf("status %d, want %d: %.300s", r.Status, w.Status, r.Body)
	}
	if s.H2C && tg.H2C && r.Proto != "HTTP/2.0" {
		t.Errorf("answered over %s, want HTTP/2.0", r.Proto)
	}
	o := gt.Outcome{Answered: w.Code != "" || len(got) == 0, Status: r.Status, ContentType: r.Header.Get("Content-Type"),
		Answer: r.Body, ResponseHeader: r.Header.Get, UpstreamHeader: func(string) string { return "" }}
	if o.Answered {
		if r.ContentLength != int64(len(r.Body)) {
			t.Errorf("the plugin's own answer is framed with length %d, want a Content-Length of %d", r.ContentLength, len(r.Body))
		}
		if len(got) != 0 {
			t.Errorf("the backend received %d requests, want none", len(got))
		}
	} else {
		if len(got) != 1 {
			t.Fatalf("the backend received %d requests, want 1", len(got))
		}
		o.Upstream, o.UpstreamHeader = got[0].Body, got[0].Header.Get
	}
	gt.Check(t, s, o)
}
