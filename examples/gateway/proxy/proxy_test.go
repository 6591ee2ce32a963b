package proxy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// Every test here runs the compiled wasm/httpwasm module in the gateway and
// talks to it over real HTTP on 127.0.0.1.

func httpwasm(t testing.TB) []byte {
	t.Helper()
	b, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/httpwasm")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func start(t testing.TB, config string) *Stack {
	t.Helper()
	st, err := Start(context.Background(), httpwasm(t), []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send posts body to base+path; chunked sends it without a Content-Length.
func send(t testing.TB, method, url string, body []byte, chunked bool) response {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	if chunked {
		r = io.MultiReader(r) // hides the length: net/http sends it chunked
	}
	return do(t, newRequest(t, method, url, r))
}

// newRequest is a request of the tests' client: JSON, with the tests'
// token; a body of no known length (not a bytes.Reader) is sent chunked.
func newRequest(t testing.TB, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Auth-Token", gt.Token)
	return req
}

// do sends req and reads its response whole.
func do(t testing.TB, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

func (r response) rejected(t *testing.T, status int, code string) gt.APIError {
	t.Helper()
	return gt.Answer(t, r.status, status, r.header.Get("Content-Type"), r.body, code)
}

func nothingReached(t *testing.T, st *Stack) {
	t.Helper()
	if got := st.Backend.Received(); len(got) != 0 {
		t.Errorf("the backend received %d requests, want none: %s", len(got), got[0].Body)
	}
	st.Backend.Reset()
}

// reached returns the one request the backend received, and forgets it.
func reached(t *testing.T, st *Stack) Received {
	t.Helper()
	got := st.Backend.Received()
	st.Backend.Reset()
	if len(got) != 1 {
		t.Fatalf("the backend received %d requests, want 1", len(got))
	}
	return got[0]
}

func TestDefaultConfig(t *testing.T) {
	st := start(t, "")
	url := st.Gateway.URL + gt.Path

	t.Run("not JSON is IOTDA.000008", func(t *testing.T) {
		a := send(t, "POST", url, gt.NotJSON, false).rejected(t, 400, gateway.CodeInvalidJSON)
		if len(a.Errors) == 0 || a.Errors[0].Code != "syntax" {
			t.Errorf("errors %+v", a.Errors)
		}
		nothingReached(t, st)
	})
	t.Run("too large is 413", func(t *testing.T) {
		big := []byte(`{"name":"` + strings.Repeat("x", 1<<20) + `"}`)
		for _, chunked := range []bool{false, true} {
			a := send(t, "POST", url, big, chunked).rejected(t, 413, gateway.CodeInvalidInput)
			if len(a.Errors) != 1 || a.Errors[0].Code != "too_large" {
				t.Errorf("chunked %v: errors %+v", chunked, a.Errors)
			}
		}
		nothingReached(t, st)
	})
	t.Run("other paths and methods pass untouched", func(t *testing.T) {
		for _, tc := range []struct{ method, path string }{
			{"POST", "/v5/iot/" + gt.ProjectID + "/iotda-instances/abc"},
			{"POST", "/v5/iot/" + gt.ProjectID + "/products"},
			{"POST", "/"},
			{"PUT", gt.Path},
			{"GET", gt.Path + "?limit=10"},
			{"DELETE", gt.Path},
		} {
			r := send(t, tc.method, st.Gateway.URL+tc.path, gt.NotJSON, false)
			if r.status != 200 {
				t.Errorf("%s %s: status %d", tc.method, tc.path, r.status)
			}
			if r.header.Get(gateway.HeaderEstimate) != "" {
				t.Errorf("%s %s: estimate on an unchecked request", tc.method, tc.path)
			}
			got := reached(t, st)
			if got.Method != tc.method || got.URI != tc.path || string(got.Body) != string(gt.NotJSON) {
				t.Errorf("%s %s: backend got %s %s %q", tc.method, tc.path, got.Method, got.URI, got.Body)
			}
			if got.Header.Get(gateway.HeaderDefaults) != "" {
				t.Errorf("%s %s: defaults header on an unchecked request", tc.method, tc.path)
			}
		}
	})
	t.Run("invalid is IOTDA.000006 and never reaches the backend", func(t *testing.T) {
		a := send(t, "POST", url, gt.InvalidSize, false).rejected(t, 400, gateway.CodeInvalidInput)
		if len(a.Errors) != 1 || a.Errors[0].Path != "/flavor/size" || a.Errors[0].Code != "range" {
			t.Errorf("errors %+v", a.Errors)
		}
		a = send(t, "POST", st.Gateway.URL+"/v5/iot/bad_project!/iotda-instances", gt.Minimal, false).
			rejected(t, 400, gateway.CodeInvalidInput)
		if len(a.Errors) != 1 || a.Errors[0].In != "path" {
			t.Errorf("errors %+v", a.Errors)
		}
		nothingReached(t, st)
	})
	t.Run("valid is forwarded completed and priced", func(t *testing.T) {
		for _, tc := range []struct {
			name               string
			body               []byte
			chunked            bool
			estimate, currency string
			defaults           string
		}{
			{"minimal", gt.Minimal, false, "165.00", "USD",
				"/charge_info/is_auto_renew,/charge_info/is_auto_pay,/enterprise_project_id"},
			{"minimal, chunked", gt.Minimal, true, "165.00", "USD",
				"/charge_info/is_auto_renew,/charge_info/is_auto_pay,/enterprise_project_id"},
			{"page example 1", gt.ExampleStandardYearly, false, "3960.00", "USD", ""},
			{"page example 3 (enterprise, no public price)", gt.ExampleEnterprise, false, gateway.Unpriced, "", ""},
		} {
			r := send(t, "POST", url+"?trace=1", tc.body, tc.chunked)
			if r.status != 200 {
				t.Fatalf("%s: status %d: %s", tc.name, r.status, r.body)
			}
			if got := r.header.Get(gateway.HeaderEstimate); got != tc.estimate {
				t.Errorf("%s: estimate %q, want %q", tc.name, got, tc.estimate)
			}
			if got := r.header.Get(gateway.HeaderCurrency); got != tc.currency {
				t.Errorf("%s: currency %q, want %q", tc.name, got, tc.currency)
			}
			got := reached(t, st)
			defaults := got.Header.Get(gateway.HeaderDefaults)
			if tc.defaults != "" && !sameSet(defaults, tc.defaults) {
				t.Errorf("%s: defaults %q, want %q", tc.name, defaults, tc.defaults)
			}
			if cl := got.Header.Get("Content-Length"); cl != strconv.Itoa(len(got.Body)) {
				t.Errorf("%s: backend Content-Length %q for %d bytes", tc.name, cl, len(got.Body))
			}
			if why := gt.SameExceptDefaults(gt.Normalized(tc.body), got.Body, defaults); why != "" {
				t.Errorf("%s: %s", tc.name, why)
			}
		}
	})
}

func sameSet(a, b string) bool {
	as, bs := strings.Split(a, ","), strings.Split(b, ",")
	if len(as) != len(bs) {
		return false
	}
	m := map[string]bool{}
	for _, s := range as {
		m[s] = true
	}
	for _, s := range bs {
		if !m[s] {
			return false
		}
	}
	return true
}

func TestPassThrough(t *testing.T) {
	st := start(t, `{"fill_defaults": false}`)
	r := send(t, "POST", st.Gateway.URL+gt.Path, gt.ExampleStandardYearly, false)
	if r.status != 200 || r.header.Get(gateway.HeaderEstimate) != "3960.00" {
		t.Fatalf("status %d estimate %q: %s", r.status, r.header.Get(gateway.HeaderEstimate), r.body)
	}
	if got := reached(t, st); !bytes.Equal(got.Body, gt.ExampleStandardYearly) {
		t.Errorf("body changed: %s", got.Body)
	}
}

// Fail closed is the default (TestDefaultConfig: 413 and nothing forwarded).
// Fail open forwards what the plugin cannot check, untouched and marked.
func TestFailOpen(t *testing.T) {
	st := start(t, `{"fail_open": true, "max_body_bytes": 100}`)
	big := []byte(`{"name":"` + strings.Repeat("x", 200<<10) + `"}`) // several read chunks
	for _, chunked := range []bool{false, true} {
		r := send(t, "POST", st.Gateway.URL+gt.Path, big, chunked)
		if r.status != 200 || r.header.Get(gateway.HeaderSkipped) != "too_large" {
			t.Errorf("chunked %v: status %d skipped %q", chunked, r.status, r.header.Get(gateway.HeaderSkipped))
		}
		got := reached(t, st)
		if !bytes.Equal(got.Body, big) {
			t.Errorf("chunked %v: the backend got %d bytes, want the %d sent", chunked, len(got.Body), len(big))
		}
		if got.Header.Get(gateway.HeaderSkipped) != "too_large" {
			t.Errorf("chunked %v: the backend was not told the request is unchecked", chunked)
		}
	}
	// Within the limit, the check still applies.
	send(t, "POST", st.Gateway.URL+gt.Path, []byte("nope"), false).rejected(t, 400, gateway.CodeInvalidJSON)
	nothingReached(t, st)
}

// TestFailOpenForwardLimit: failing open, a body too large to check that
// came without a Content-Length has been partly read, and the host holds
// all the plugin writes back until the request goes on; past
// gateway.ForwardLimit it is answered 413 instead of being held whole.
func TestFailOpenForwardLimit(t *testing.T) {
	st := start(t, `{"fail_open": true, "max_body_bytes": 100}`)
	for _, tc := range []struct {
		size   int64
		status int
		why    string
	}{
		{gateway.ForwardLimit, 200, "up to the limit it is forwarded, unchecked"},
		{gateway.ForwardLimit + 1, 413, "one byte past it is answered, not held"},
	} {
		// No length: sent chunked.
		res := do(t, newRequest(t, "POST", st.Gateway.URL+gt.Path, io.LimitReader(repeat('x'), tc.size)))
		if res.status != tc.status {
			t.Fatalf("%d bytes: status %d %s; %s", tc.size, res.status, res.body, tc.why)
		}
		got := st.Backend.Received()
		st.Backend.Reset()
		if tc.status == 413 {
			res.rejected(t, 413, gateway.CodeInvalidInput)
			if len(got) != 0 || res.header.Get(gateway.HeaderSkipped) != "" {
				t.Fatalf("%d bytes: %d reached the backend, skipped %q: %s", tc.size, len(got), res.header.Get(gateway.HeaderSkipped), tc.why)
			}
		} else if len(got) != 1 || int64(len(got[0].Body)) != tc.size {
			t.Fatalf("%d bytes: the backend got %d requests: %s", tc.size, len(got), tc.why)
		}
	}
}

// repeat is an endless reader of one byte.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func TestFailClosedSmallLimit(t *testing.T) {
	st := start(t, `{"max_body_bytes": 100}`)
	big := []byte(`{"name":"` + strings.Repeat("x", 200<<10) + `"}`)
	for _, chunked := range []bool{false, true} {
		a := send(t, "POST", st.Gateway.URL+gt.Path, big, chunked).rejected(t, 413, gateway.CodeInvalidInput)
		if len(a.Errors) != 1 || !strings.Contains(a.Errors[0].Message, "100 bytes") {
			t.Errorf("chunked %v: errors %+v", chunked, a.Errors)
		}
	}
	nothingReached(t, st)
}

// TestOversizeRefusedUnread: a Content-Length over max_body_bytes is
// answered 413 before any of the body is read: a client that waits for
// "100 Continue" gets the 413 instead, and never sends the body. So in the
// gateway, where the plugin sees most requests without their Content-Length
// (WrapReframed), as well as in a host that keeps it (Wrap).
func TestOversizeRefusedUnread(t *testing.T) {
	st := start(t, `{"max_body_bytes": 100}`)
	conn, err := net.Dial("tcp", strings.TrimPrefix(st.Gateway.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\nExpect: 100-continue\r\n\r\n", gt.Path)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(status, "HTTP/1.1 413") {
		t.Fatalf("%q: the plugin asked for the body (or answered otherwise) instead of refusing it by its Content-Length", status)
	}
	nothingReached(t, st)
}

// TestContentEncoding: a gzip body is answered 415 when failing closed,
// forwarded untouched and marked when failing open.
func TestContentEncoding(t *testing.T) {
	post := func(st *Stack, codings ...string) response {
		req := newRequest(t, "POST", st.Gateway.URL+gt.Path, bytes.NewReader(gt.Gzipped))
		for _, c := range codings {
			req.Header.Add("Content-Encoding", c) // one line each
		}
		return do(t, req)
	}
	closed := start(t, "")
	for _, codings := range [][]string{{"gzip"}, {"identity", "gzip"}} { // on two lines, the list of both
		post(closed, codings...).rejected(t, 415, gateway.CodeUnreadable)
		nothingReached(t, closed)
	}

	open := start(t, `{"fail_open": true}`)
	res := post(open, "gzip")
	if res.status != 200 || res.header.Get(gateway.HeaderSkipped) != "content_encoding" {
		t.Fatalf("fail open: status %d, %s %q", res.status, gateway.HeaderSkipped, res.header.Get(gateway.HeaderSkipped))
	}
	if r := reached(t, open); !bytes.Equal(r.Body, gt.Gzipped) || r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("the backend got %q (%q), want the body as sent", r.Body, r.Header.Get("Content-Encoding"))
	}
}

func TestBadConfigRefused(t *testing.T) {
	for _, config := range []string{`{"strict": "yes"}`, `{"max_body_bytes": 0}`, `{"fail_closed": true}`, `not json`} {
		if _, err := NewMiddleware(context.Background(), httpwasm(t), []byte(config)); err == nil {
			t.Errorf("%s: the middleware loaded", config)
		}
	}
}

// The configuration reaches the check: strict mode turns the API page's
// string-typed booleans into errors, and a catalog of one's own prices.
func TestConfigStrictAndCatalog(t *testing.T) {
	st := start(t, `{"strict": true}`)
	a := send(t, "POST", st.Gateway.URL+gt.Path, gt.ExampleStandardYearly, false).rejected(t, 400, gateway.CodeInvalidInput)
	if len(a.Errors) != 2 || a.Errors[0].Path != "/charge_info/is_auto_renew" || a.Errors[0].Code != "type" {
		t.Errorf("strict: errors %+v, want type errors for the two string booleans", a.Errors)
	}
	nothingReached(t, st)

	st = start(t, `{"catalog": {"name": "own", "effective": "2026-01-01", "currency": "EUR", "source": "our price sheet",
		"flavors": [{"type": "iotda.standard.s1", "instance_type": "standard", "charge_modes": ["prePaid"], "price": {"month": "100"}}]}}`)
	r := send(t, "POST", st.Gateway.URL+gt.Path, gt.Minimal, false)
	if r.status != 200 || r.header.Get(gateway.HeaderEstimate) != "100.00" || r.header.Get(gateway.HeaderCurrency) != "EUR" {
		t.Errorf("own catalog: status %d estimate %q %q", r.status, r.header.Get(gateway.HeaderEstimate), r.header.Get(gateway.HeaderCurrency))
	}
	reached(t, st)
	a = send(t, "POST", st.Gateway.URL+gt.Path, gt.ExampleStandardPayPerUse, false).rejected(t, 400, gateway.CodeInvalidInput)
	if len(a.Errors) != 1 || a.Errors[0].Code != "unknown_flavor" {
		t.Errorf("own catalog: errors %+v, want unknown_flavor (s2 is not in it)", a.Errors)
	}
}

// A failure of the plugin itself: a module built with the preflight_faults
// tag panics in the check for gt.FaultPath. The plugin recovers and fails
// closed (500, nothing forwarded) or open (forwarded untouched, marked).
func TestPluginFailure(t *testing.T) {
	guest, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/httpwasm", gt.FaultTag)
	if err != nil {
		t.Fatal(err)
	}
	for _, config := range []string{"", `{"fail_open": true}`} {
		st, err := Start(context.Background(), guest, []byte(config))
		if err != nil {
			t.Fatal(err)
		}
		r := send(t, "POST", st.Gateway.URL+gt.FaultPath, gt.Minimal, false)
		if config == "" {
			r.rejected(t, 500, gateway.CodeFailure)
			nothingReached(t, st)
		} else {
			if r.status != 200 || r.header.Get(gateway.HeaderSkipped) != "failure" {
				t.Errorf("fail open: status %d skipped %q", r.status, r.header.Get(gateway.HeaderSkipped))
			}
			got := reached(t, st)
			if !bytes.Equal(got.Body, gt.Minimal) || got.Header.Get(gateway.HeaderSkipped) != "failure" {
				t.Errorf("fail open: the backend got %q, skipped %q", got.Body, got.Header.Get(gateway.HeaderSkipped))
			}
		}
		// The instance survived the panic: the next request is checked.
		send(t, "POST", st.Gateway.URL+gt.Path, gt.NotJSON, false).rejected(t, 400, gateway.CodeInvalidJSON)
		st.Close()
	}
}

// TestHostKeepsLength runs the plugin as Traefik and Dapr do: in
// http-wasm-host-go's net/http handler in front of a reverse proxy that
// forwards the request with the Content-Length it came with (Traefik's is
// httputil.ReverseProxy as it is). A body the plugin filled to another
// length used to fail that forward (502, the backend given a cut body).
func TestHostKeepsLength(t *testing.T) {
	backend := &Backend{}
	bs, err := Serve("127.0.0.1:0", backend)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bs.Close() })
	mw, err := NewMiddleware(context.Background(), httpwasm(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mw.Close() })
	u, _ := url.Parse(bs.URL)
	gw, err := Serve("127.0.0.1:0", mw.Wrap(httputil.NewSingleHostReverseProxy(u)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gw.Close() })

	var pretty bytes.Buffer
	if err := json.Indent(&pretty, gt.Valid(2), "", "        "); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		body     []byte
		chunked  bool
		filled   bool
		rejected bool
		why      string
	}{
		{"compact", gt.Valid(1), false, false, false, "the filled body is longer than the length the host keeps: the body goes on as sent"},
		{"indented", pretty.Bytes(), false, true, false, "the filled body, written compactly, is shorter: padded with spaces to the kept length"},
		{"chunked", gt.Valid(3), true, true, false, "without a Content-Length the host frames any body"},
		{"invalid", gt.Invalid(4), false, false, true, "rejected at the edge: nothing to forward"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := send(t, "POST", gw.URL+gt.Path, tc.body, tc.chunked)
			if tc.rejected { // answered here, whatever the length
				res.rejected(t, 400, gateway.CodeInvalidInput)
				if got := backend.Received(); len(got) != 0 {
					t.Fatalf("the backend received %d requests: %s", len(got), tc.why)
				}
				return
			}
			if res.status != http.StatusOK {
				t.Fatalf("status %d %s: %s", res.status, res.body, tc.why)
			}
			got := backend.Received()
			backend.Reset()
			if len(got) != 1 {
				t.Fatalf("the backend received %d requests, want 1", len(got))
			}
			body, defaults := got[0].Body, got[0].Header.Get(gateway.HeaderDefaults)
			if !tc.chunked && len(body) != len(tc.body) {
				t.Fatalf("the backend got %d bytes of the %d the request said: %s", len(body), len(tc.body), tc.why)
			}
			if !tc.filled {
				if !bytes.Equal(body, tc.body) || defaults != "" {
					t.Fatalf("got %q with defaults %q, want the body as sent and none: %s", body, defaults, tc.why)
				}
				return
			}
			if defaults == "" || !json.Valid(body) {
				t.Fatalf("got %q with defaults %q, want a filled body: %s", body, defaults, tc.why)
			}
			if why := gt.SameExceptDefaults(tc.body, body, defaults); why != "" {
				t.Fatalf("%s: %s", why, tc.why)
			}
		})
	}
}

// TestSignedBodyUntouched: a request signed with an AK/SK over its body (the
// official SDKs' way; examples/sdkclient checks the signature itself) goes
// on byte for byte, even where the plugin would fill every body.
func TestSignedBodyUntouched(t *testing.T) {
	st := start(t, "")
	body := gt.Valid(7) // enterprise_project_id and the auto flags left out
	req := newRequest(t, "POST", st.Gateway.URL+gt.Path, bytes.NewReader(body))
	req.Header.Set(gateway.HeaderAuthorization, gt.Signature)
	res := do(t, req)
	if res.status != http.StatusOK || res.header.Get(gateway.HeaderEstimate) == "" {
		t.Fatalf("status %d, estimate %q: a signed request is still checked and priced", res.status, res.header.Get(gateway.HeaderEstimate))
	}
	r := reached(t, st)
	if !bytes.Equal(r.Body, body) || r.Header.Get(gateway.HeaderDefaults) != "" {
		t.Fatalf("the backend got %q with defaults %q; want the signed body as sent", r.Body, r.Header.Get(gateway.HeaderDefaults))
	}
}
