//go:build !wasip1

package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// serve sends one scenario's request through the plugin natively, on the
// stub of the handler ABI (abi_stub.go), as http-wasm-host-go would: the
// request with its Content-Length when it has one, the next handler's
// response held for handle_response when the plugin asked.
func serve(t *testing.T, s gt.Scenario) gt.Outcome {
	t.Helper()
	method, path := s.Request()
	*stub = stubHost{method: method, uri: path, body: s.Body, reqHeader: http.Header{}, respHeader: http.Header{}}
	stub.reqHeader.Set("Content-Type", "application/json")
	stub.reqHeader.Set("X-Auth-Token", gt.Token)
	if !s.Chunked && s.Body != nil {
		stub.reqHeader.Set("Content-Length", strconv.Itoa(len(s.Body)))
	}
	for k, v := range s.Header {
		stub.reqHeader.Set(k, v)
	}
	if handleRequest() == 0 {
		return gt.Outcome{Answered: true, Status: int(stub.status), ContentType: stub.respHeader.Get("Content-Type"),
			Answer: stub.respBody, ResponseHeader: stub.respHeader.Get}
	}
	upstream := stub.body[stub.read:] // a body the plugin did not read goes on as it is
	if stub.written[bodyRequest] {
		upstream = stub.newBody
	}
	// The backend answers; the plugin sees its status in handle_response.
	stub.status = 200
	if s.BackendStatus != 0 {
		stub.status = uint32(s.BackendStatus)
	}
	handleResponse(0, 0)
	return gt.Outcome{Upstream: upstream, UpstreamHeader: stub.reqHeader.Get, ResponseHeader: stub.respHeader.Get}
}

// The request matrix through the plugin's own code, natively: the same
// logic the compiled module runs, on a stub of the host.
func TestScenarios(t *testing.T) {
	for name, options := range gt.Configs {
		doc, err := json.Marshal(gt.AsStrings(options))
		if err != nil {
			t.Fatal(err)
		}
		if cfg, err = gateway.ParseConfig(doc); err != nil {
			t.Fatal(err)
		}
		for _, s := range gt.Scenarios() {
			if s.ConfigName() != name {
				continue
			}
			t.Run(name+"/"+s.Name, func(t *testing.T) { gt.Check(t, s, serve(t, s)) })
		}
	}
	cfg, _ = gateway.ParseConfig(nil)
}

// A panic in the plugin (here, the host's read_body) is answered as the
// configuration says, and its reason goes to the host's log.
func TestFailureLogged(t *testing.T) {
	defer func() { cfg, _ = gateway.ParseConfig(nil) }()
	for _, tc := range []struct {
		config string
		next   uint64
		status uint32
		log    string
	}{
		{`{}`, 0, 500, "iotda-preflight: plugin failure: the host failed (failing closed: answered 500)"},
		{`{"fail_open":"true"}`, 1, 0, "iotda-preflight: plugin failure: the host failed (failing open: forwarded unchecked)"},
	} {
		cfg, _ = gateway.ParseConfig([]byte(tc.config))
		*stub = stubHost{method: "POST", uri: gt.Path, body: gt.Minimal, reqHeader: http.Header{}, respHeader: http.Header{},
			failRead: "the host failed"}
		if next := handleRequest(); next != tc.next || stub.status != tc.status {
			t.Errorf("%s: next %d, status %d; want %d, %d", tc.config, next, stub.status, tc.next, tc.status)
		}
		if !slices.Contains(stub.logs, tc.log) {
			t.Errorf("%s: logged %q, want %q", tc.config, stub.logs, tc.log)
		}
	}
}
