package main

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// fuzzHost is one emulated proxy for every input of a fuzzing process, with
// the plugin's Go code and the default configuration.
var fuzzHost = sync.OnceValue(func() proxytest.HostEmulator {
	host, _ := proxytest.NewHostEmulator(proxytest.NewEmulatorOption().WithVMContext(&vm{}))
	if got := host.StartPlugin(); got != types.OnPluginStartStatusOK {
		panic("the plugin did not start")
	}
	return host
})

// FuzzPlugin sends requests of any path, body, token and framing (a body in
// pieces, with or without content-length, with or without trailers) through the plugin's stream
// handling, and holds what the proxy is told to do to the decision
// internal/gateway makes: a request off the route goes on untouched; one on
// it is answered with the verdict's status and bytes, or goes on with the
// verdict's body and headers.
func FuzzPlugin(f *testing.F) {
	f.Add(gt.Path, gt.Valid(3), gt.Token, uint8(0), false, false)
	f.Add(gt.Path, gt.Invalid(3), "", uint8(3), true, true)
	f.Add(gt.Path+"/x/..", []byte(`{"name":1}`), "t", uint8(2), false, true)
	f.Add("/v5/iot/"+gt.ProjectID+"/products", gt.Valid(1), gt.Token, uint8(1), false, false)
	f.Add(gt.Path, []byte{}, gt.Token, uint8(0), false, true)
	f.Add(gt.ResizePath, gt.Resize, gt.Token, uint8(0), false, false)
	f.Add(gt.ChangeChargeModePath+"/", gt.ChangeChargeMode, "", uint8(0x82), true, false)
	f.Add(gt.Path+"//resize", gt.Resize, gt.Token, uint8(1), false, false)
	f.Fuzz(func(t *testing.T, path string, body []byte, token string, chunks uint8, noCL, trailers bool) {
		if path == "" || path[0] != '/' || strings.ContainsFunc(path, isCTLOrSpace) ||
			strings.ContainsAny(token, "\r\n\x00") || strings.TrimSpace(token) != token {
			return // not a request target or a header value a proxy carries as it is
		}
		e := post(path, body)
		e.chunks, e.noCL, e.trailers = int(chunks%8), noCL, trailers
		if chunks&0x80 != 0 {
			e.status = "503" // the upstream fails: no estimate on its answer
		}
		if token == "" {
			e.headers = slices.DeleteFunc(e.headers, func(kv [2]string) bool { return kv[0] == "x-auth-token" })
		} else {
			for i := range e.headers {
				if e.headers[i][0] == "x-auth-token" {
					e.headers[i][1] = token
				}
			}
		}
		e.run(fuzzHost())

		route, ok := gateway.Match("POST", path)
		if !ok {
			if e.local != nil || (len(body) > 0 && !bytes.Equal(e.upstreamBody, body)) {
				t.Fatalf("%s is off the route but was not let through untouched", path)
			}
			return
		}
		c, _ := gateway.ParseConfig(nil)
		v := c.Decide(&gateway.Request{Body: body, Route: route, AuthToken: token, HasAuthToken: token != ""})
		if !v.Forward {
			if e.local == nil || int(e.local.StatusCode) != v.Status || !bytes.Equal(e.localBody, v.ResponseBody) {
				t.Fatalf("%s: %+v %s; the decision is %d %s", path, e.local, e.localBody, v.Status, v.ResponseBody)
			}
			return
		}
		if e.local != nil {
			t.Fatalf("%s: answered %d %s; the decision forwards it", path, e.local.StatusCode, e.localBody)
		}
		want := body
		if v.Body != nil {
			want = v.Body
		}
		if len(body) > 0 && !bytes.Equal(e.upstreamBody, want) {
			t.Fatalf("%s: the upstream gets %q, want %q", path, e.upstreamBody, want)
		}
		for _, hd := range v.RequestHeaders {
			got, sent := header(e.upstreamHeaders, hd.Name)
			if got != hd.Value || sent != (hd.Value != "") {
				t.Fatalf("%s: request header %s = %q (%v), want %q", path, hd.Name, got, sent, hd.Value)
			}
		}
		for _, hd := range v.ResponseHeaders {
			if got, _ := header(e.responseHeaders, hd.Name); got != hd.Value {
				t.Fatalf("%s: response header %s = %q, want %q", path, hd.Name, got, hd.Value)
			}
		}
		for _, hd := range v.SuccessHeaders {
			got, set := header(e.responseHeaders, hd.Name)
			if e.status == "" && got != hd.Value || e.status != "" && set {
				t.Fatalf("%s: upstream %q: response header %s = %q (%v), want %q on a success only", path, e.status, hd.Name, got, set, hd.Value)
			}
		}
	})
}

// isCTLOrSpace: a request target holds none of these (RFC 9112), and the
// emulated proxy trims them from a header's ends, so a path with one would
// test the emulator, not the plugin.
func isCTLOrSpace(r rune) bool { return r <= ' ' || r == 0x7f }
