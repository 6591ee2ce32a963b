package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// The plugin runs in the SDK's proxytest host twice: as Go code ("go") and as
// the compiled .wasm loaded into the host's wazero runtime ("wasm"), which is
// what Envoy runs. The cases are the same.

func compiled(t *testing.T) []byte {
	t.Helper()
	b, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/proxywasm")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// start runs fn with a host emulator whose plugin has the configuration.
func start(t *testing.T, runner, config string, fn func(h proxytest.HostEmulator)) {
	t.Helper()
	var vm types.VMContext = &vm{}
	if runner == "wasm" {
		w, err := proxytest.NewWasmVMContext(compiled(t))
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		vm = w
	}
	opt := proxytest.NewEmulatorOption().WithVMContext(vm).WithPluginConfiguration([]byte(config))
	host, reset := proxytest.NewHostEmulator(opt)
	defer reset()
	if got := host.StartPlugin(); got != types.OnPluginStartStatusOK {
		t.Fatalf("StartPlugin with %q = %v", config, got)
	}
	fn(host)
}

// exchange is one request through the plugin and what came of it.
type exchange struct {
	headers  [][2]string
	body     []byte
	chunks   int // body sent in this many pieces (0: one)
	noCL     bool
	trailers bool   // the body is followed by trailers, which end the stream
	status   string // the upstream's response status ("": 201)

	// results
	headerAction, bodyAction types.Action
	local                    *proxytest.LocalHttpResponse
	localBody                []byte
	upstreamHeaders          [][2]string
	upstreamBody             []byte
	responseHeaders          [][2]string
}

func post(path string, body []byte) *exchange {
	return &exchange{headers: [][2]string{{":method", "POST"}, {":path", path},
		{"content-type", "application/json"}, {"x-auth-token", gt.Token},
		{"content-length", strconv.Itoa(len(body))}}, body: body}
}

func (e *exchange) run(h proxytest.HostEmulator) *exchange {
	id := h.InitializeHttpContext()
	headers := e.headers
	if e.noCL {
		headers = nil
		for _, kv := range e.headers {
			if kv[0] != "content-length" {
				headers = append(headers, kv)
			}
		}
	}
	e.headerAction = h.CallOnRequestHeaders(id, headers, len(e.body) == 0 && !e.trailers)
	// Send the body in pieces, as a proxy does; what the plugin lets through
	// (Continue) is what the upstream gets.
	var upstream []byte
	if h.GetSentLocalResponse(id) == nil && len(e.body) > 0 {
		n := max(e.chunks, 1)
		size := (len(e.body) + n - 1) / n
		for off := 0; off < len(e.body); off += size {
			end := min(off+size, len(e.body))
			e.bodyAction = h.CallOnRequestBody(id, e.body[off:end], end == len(e.body) && !e.trailers)
			if h.GetSentLocalResponse(id) != nil {
				break
			}
			if e.bodyAction == types.ActionContinue {
				upstream = append(upstream, h.GetCurrentRequestBody(id)...)
			}
		}
	}
	if e.trailers && h.GetSentLocalResponse(id) == nil {
		// A body the plugin held (Pause) goes on whole when the trailers let
		// it; one it let through piece by piece has gone on already.
		held := len(e.body) > 0 && e.bodyAction == types.ActionPause
		if e.bodyAction = h.CallOnRequestTrailers(id, [][2]string{{"x-trailer", "1"}}); held && e.bodyAction == types.ActionContinue {
			upstream = append(upstream[:0], h.GetCurrentRequestBody(id)...)
		}
	}
	if l := h.GetSentLocalResponse(id); l != nil {
		e.local = l
		e.localBody = append([]byte(nil), l.Data...) // guest memory in the wasm runner
	} else {
		e.upstreamHeaders = h.GetCurrentRequestHeaders(id)
		e.upstreamBody = upstream
		status := e.status
		if status == "" {
			status = "201"
		}
		h.CallOnResponseHeaders(id, [][2]string{{":status", status}}, false)
		e.responseHeaders = h.GetCurrentResponseHeaders(id)
	}
	h.CompleteHttpContext(id)
	return e
}

func header(hs [][2]string, name string) (string, bool) {
	for _, kv := range hs {
		if strings.EqualFold(kv[0], name) {
			return kv[1], true
		}
	}
	return "", false
}

func (e *exchange) rejected(t *testing.T, status uint32, code string) gt.APIError {
	t.Helper()
	if e.local == nil {
		t.Fatalf("forwarded (body %q), want a %d answer", e.upstreamBody, status)
	}
	ct, _ := header(e.local.Headers, "content-type")
	return gt.Answer(t, int(e.local.StatusCode), int(status), ct, e.localBody, code)
}

func (e *exchange) forwarded(t *testing.T) {
	t.Helper()
	if e.local != nil {
		t.Fatalf("answered %d %s, want forwarded", e.local.StatusCode, e.localBody)
	}
	if e.bodyAction != types.ActionContinue && len(e.body) > 0 {
		t.Errorf("body action %v, want Continue", e.bodyAction)
	}
}

var runners = []string{"go", "wasm"}

func TestDefaultConfig(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, "", func(h proxytest.HostEmulator) {
				t.Run("not JSON is IOTDA.000008", func(t *testing.T) {
					a := post(gt.Path, gt.NotJSON).run(h).rejected(t, 400, gateway.CodeInvalidJSON)
					if len(a.Errors) == 0 || a.Errors[0].Code != "syntax" {
						t.Errorf("errors %+v, want a syntax problem", a.Errors)
					}
				})
				t.Run("too large by content-length is 413 before the body", func(t *testing.T) {
					big := make([]byte, 1<<20+1)
					e := post(gt.Path, big)
					e.run(h).rejected(t, 413, gateway.CodeInvalidInput)
					if e.bodyAction != 0 || e.headerAction != types.ActionPause {
						t.Errorf("actions %v/%v: the body should not have been read", e.headerAction, e.bodyAction)
					}
				})
				t.Run("too large while streaming is 413", func(t *testing.T) {
					e := post(gt.Path, []byte(`{"name":"`+strings.Repeat("x", 1<<20)+`"}`))
					e.noCL, e.chunks = true, 4
					a := e.run(h).rejected(t, 413, gateway.CodeInvalidInput)
					if len(a.Errors) != 1 || a.Errors[0].Code != "too_large" {
						t.Errorf("errors %+v, want one too_large", a.Errors)
					}
				})
				t.Run("other path passes untouched", func(t *testing.T) {
					for _, p := range []string{"/v5/iot/" + gt.ProjectID + "/iotda-instances/abc",
						"/v5/iot/" + gt.ProjectID + "/products", "/"} {
						e := post(p, gt.NotJSON).run(h)
						if e.headerAction != types.ActionContinue {
							t.Errorf("%s: header action %v", p, e.headerAction)
						}
						e.forwarded(t)
						if string(e.upstreamBody) != string(gt.NotJSON) {
							t.Errorf("%s: body %q changed", p, e.upstreamBody)
						}
						if _, ok := header(e.responseHeaders, gateway.HeaderEstimate); ok {
							t.Errorf("%s: estimate header on an unchecked request", p)
						}
					}
				})
				t.Run("other method passes untouched", func(t *testing.T) {
					for _, m := range []string{"GET", "PUT", "DELETE", "post"} {
						e := post(gt.Path, gt.NotJSON)
						e.headers[0][1] = m
						e.run(h)
						e.forwarded(t)
						if string(e.upstreamBody) != string(gt.NotJSON) {
							t.Errorf("%s: body %q changed", m, e.upstreamBody)
						}
					}
				})
				t.Run("invalid is IOTDA.000006 with every problem", func(t *testing.T) {
					a := post(gt.Path, gt.InvalidSize).run(h).rejected(t, 400, gateway.CodeInvalidInput)
					if len(a.Errors) != 1 || a.Errors[0].Path != "/flavor/size" || a.Errors[0].Code != "range" {
						t.Errorf("errors %+v, want one range at /flavor/size", a.Errors)
					}
				})
				t.Run("a body followed by trailers is checked all the same", func(t *testing.T) {
					for _, chunks := range []int{1, 3} {
						e := post(gt.Path, gt.InvalidSize)
						e.chunks, e.trailers = chunks, true
						a := e.run(h).rejected(t, 400, gateway.CodeInvalidInput)
						if len(a.Errors) != 1 || a.Errors[0].Code != "range" {
							t.Errorf("%d pieces: errors %+v, want one range", chunks, a.Errors)
						}
						v := post(gt.Path, gt.Minimal)
						v.chunks, v.trailers = chunks, true
						v.run(h).forwarded(t)
						if got, _ := header(v.upstreamHeaders, gateway.HeaderDefaults); got == "" {
							t.Errorf("%d pieces: forwarded without %s: not checked", chunks, gateway.HeaderDefaults)
						}
					}
				})
				t.Run("bad project_id is rejected as a path parameter", func(t *testing.T) {
					a := post("/v5/iot/not_a_project!/iotda-instances", gt.Minimal).run(h).rejected(t, 400, gateway.CodeInvalidInput)
					if len(a.Errors) != 1 || a.Errors[0].In != "path" || a.Errors[0].Path != "project_id" {
						t.Errorf("errors %+v, want one at path project_id", a.Errors)
					}
				})
				t.Run("valid is forwarded completed and priced", func(t *testing.T) {
					for _, tc := range []struct {
						name      string
						body      []byte
						estimate  string
						currency  string
						wantField string
					}{
						{"standard yearly", gt.ExampleStandardYearly, "3960.00", "USD", `"is_auto_renew":true`},
						{"minimal", gt.Minimal, "165.00", "USD", `"enterprise_project_id":"0"`},
						{"enterprise (no public price)", gt.ExampleEnterprise, gateway.Unpriced, "", `"ciphering_algorithm":"COMMON_ALGORITHM"`},
					} {
						e := post(gt.Path, tc.body).run(h)
						e.forwarded(t)
						if e.headerAction != types.ActionPause {
							t.Errorf("%s: header action %v, want Pause until the body is checked", tc.name, e.headerAction)
						}
						if !strings.Contains(string(e.upstreamBody), tc.wantField) {
							t.Errorf("%s: upstream body %s lacks %s", tc.name, e.upstreamBody, tc.wantField)
						}
						if _, ok := header(e.upstreamHeaders, "content-length"); ok {
							t.Errorf("%s: content-length kept although the body changed", tc.name)
						}
						defaults, _ := header(e.upstreamHeaders, gateway.HeaderDefaults)
						if why := gt.SameExceptDefaults(gt.Normalized(tc.body), e.upstreamBody, defaults); why != "" {
							t.Errorf("%s: %s", tc.name, why)
						}
						if got, _ := header(e.responseHeaders, gateway.HeaderEstimate); got != tc.estimate {
							t.Errorf("%s: estimate %q, want %q", tc.name, got, tc.estimate)
						}
						if got, _ := header(e.responseHeaders, gateway.HeaderCurrency); got != tc.currency {
							t.Errorf("%s: currency %q, want %q", tc.name, got, tc.currency)
						}
					}
				})
			})
		})
	}
}

func TestPassThrough(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, `{"fill_defaults": false}`, func(h proxytest.HostEmulator) {
				e := post(gt.Path, gt.ExampleStandardYearly).run(h)
				e.forwarded(t)
				if string(e.upstreamBody) != string(gt.ExampleStandardYearly) {
					t.Errorf("body changed: %s", e.upstreamBody)
				}
				if cl, _ := header(e.upstreamHeaders, "content-length"); cl != strconv.Itoa(len(gt.ExampleStandardYearly)) {
					t.Errorf("content-length %q", cl)
				}
				if got, _ := header(e.responseHeaders, gateway.HeaderEstimate); got != "3960.00" {
					t.Errorf("estimate %q", got)
				}
				post(gt.Path, gt.InvalidSize).run(h).rejected(t, 400, gateway.CodeInvalidInput)
			})
		})
	}
}

// TestSignedBodyUntouched: a request signed with an AK/SK over its body, as
// the official SDKs sign, goes upstream with its body and content-length as
// sent, under the default configuration (fill_defaults), unless its
// signature leaves the body out.
func TestSignedBodyUntouched(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, "", func(h proxytest.HostEmulator) {
				e := post(gt.Path, gt.ExampleStandardYearly)
				e.headers = append(e.headers, [2]string{"authorization", gt.Signature})
				e.run(h).forwarded(t)
				if string(e.upstreamBody) != string(gt.ExampleStandardYearly) {
					t.Errorf("a signed body changed: %s", e.upstreamBody)
				}
				if cl, _ := header(e.upstreamHeaders, "content-length"); cl != strconv.Itoa(len(gt.ExampleStandardYearly)) {
					t.Errorf("content-length %q: the body was not replaced, so it stays", cl)
				}
				if d, _ := header(e.upstreamHeaders, gateway.HeaderDefaults); d != "" {
					t.Errorf("%s %q on a body that was not filled", gateway.HeaderDefaults, d)
				}
				if got, _ := header(e.responseHeaders, gateway.HeaderEstimate); got != "3960.00" {
					t.Errorf("estimate %q: a signed request is still checked and priced", got)
				}

				e = post(gt.Path, gt.ExampleStandardYearly)
				e.headers = append(e.headers, [2]string{"authorization", gt.Signature}, [2]string{"x-sdk-content-sha256", "UNSIGNED-PAYLOAD"})
				e.run(h).forwarded(t)
				if string(e.upstreamBody) == string(gt.ExampleStandardYearly) {
					t.Errorf("a signature that leaves the body out: the body should be normalized and filled, as without one")
				}
			})
		})
	}
}

// TestEstimateOnSuccessOnly: the estimate's headers go on the upstream's
// successful response, not on a refusal or a proxy's error, where a price
// would read as an order made.
func TestEstimateOnSuccessOnly(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, "", func(h proxytest.HostEmulator) {
				for _, tc := range []struct {
					status string
					priced bool
				}{{"200", true}, {"201", true}, {"401", false}, {"409", false}, {"502", false}} {
					e := post(gt.Path, gt.ExampleStandardYearly)
					e.status = tc.status
					e.run(h).forwarded(t)
					got, ok := header(e.responseHeaders, gateway.HeaderEstimate)
					if ok != tc.priced || tc.priced && got != "3960.00" {
						t.Errorf("upstream %s: estimate %q (%v), want it only on a success", tc.status, got, ok)
					}
				}
			})
		})
	}
}

// TestContentEncoding: a body sent with a Content-Encoding (gzip) cannot be
// read as JSON: fail closed answers 415 before the body; fail open
// forwards it untouched, marked.
func TestContentEncoding(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, "", func(h proxytest.HostEmulator) {
				e := post(gt.Path, gt.Gzipped)
				e.headers = append(e.headers, [2]string{"content-encoding", "gzip"})
				e.run(h).rejected(t, 415, gateway.CodeUnreadable)
				if e.headerAction != types.ActionPause {
					t.Errorf("header action %v: answered at the headers, the body is not awaited", e.headerAction)
				}
				// Sent on two lines, the header is the list of both: gzip applies.
				e = post(gt.Path, gt.Gzipped)
				e.headers = append(e.headers, [2]string{"content-encoding", "identity"}, [2]string{"content-encoding", "gzip"})
				e.run(h).rejected(t, 415, gateway.CodeUnreadable)
			})
			start(t, runner, `{"fail_open": true}`, func(h proxytest.HostEmulator) {
				e := post(gt.Path, gt.Gzipped)
				e.headers = append(e.headers, [2]string{"content-encoding", "gzip"})
				e.run(h).forwarded(t)
				if string(e.upstreamBody) != string(gt.Gzipped) {
					t.Errorf("body changed: %q", e.upstreamBody)
				}
				if got, _ := header(e.upstreamHeaders, gateway.HeaderSkipped); got != "content_encoding" {
					t.Errorf("upstream %s %q", gateway.HeaderSkipped, got)
				}
			})
		})
	}
}

// Fail closed is the default (TestDefaultConfig: 413). Fail open forwards
// what the plugin cannot check, untouched and marked.
func TestFailOpen(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, `{"fail_open": true, "max_body_bytes": 64}`, func(h proxytest.HostEmulator) {
				big := []byte(`{"name":"` + strings.Repeat("x", 100) + `"}`)
				for _, noCL := range []bool{false, true} {
					e := post(gt.Path, big)
					e.noCL, e.chunks = noCL, 3
					e.run(h)
					e.forwarded(t)
					if string(e.upstreamBody) != string(big) {
						t.Errorf("content-length %v: body changed: %q", !noCL, e.upstreamBody)
					}
					if got, _ := header(e.upstreamHeaders, gateway.HeaderSkipped); got != "too_large" {
						t.Errorf("content-length %v: upstream %s %q", !noCL, gateway.HeaderSkipped, got)
					}
					if got, _ := header(e.responseHeaders, gateway.HeaderSkipped); got != "too_large" {
						t.Errorf("content-length %v: response %s %q", !noCL, gateway.HeaderSkipped, got)
					}
				}
				// A body within the limit is still checked.
				post(gt.Path, []byte(`nope`)).run(h).rejected(t, 400, gateway.CodeInvalidJSON)
			})
		})
	}
}

func TestFailClosedSmallLimit(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			start(t, runner, `{"max_body_bytes": 64}`, func(h proxytest.HostEmulator) {
				e := post(gt.Path, []byte(`{"name":"`+strings.Repeat("x", 100)+`"}`))
				e.noCL, e.chunks = true, 3
				a := e.run(h).rejected(t, 413, gateway.CodeInvalidInput)
				if len(a.Errors) != 1 || !strings.Contains(a.Errors[0].Message, "64 bytes") {
					t.Errorf("errors %+v", a.Errors)
				}
			})
		})
	}
}

func TestBadConfigDoesNotStart(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			for _, config := range []string{`{"strict": "yes"}`, `{"max_body_bytes": 0}`, `{"fail_closed": true}`, `not json`} {
				var vm types.VMContext = &vm{}
				if runner == "wasm" {
					w, err := proxytest.NewWasmVMContext(compiled(t))
					if err != nil {
						t.Fatal(err)
					}
					vm = w
					defer w.Close()
				}
				host, reset := proxytest.NewHostEmulator(proxytest.NewEmulatorOption().
					WithVMContext(vm).WithPluginConfiguration([]byte(config)))
				if got := host.StartPlugin(); got != types.OnPluginStartStatusFailed {
					t.Errorf("%s: StartPlugin = %v, want failed", config, got)
				}
				reset()
			}
		})
	}
}

// A failure of the plugin itself: a module built with the preflight_faults
// tag panics in the check for gt.FaultPath. The plugin recovers and fails
// closed (500, nothing forwarded) or open (forwarded untouched, marked).
func TestPluginFailure(t *testing.T) {
	guest, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/proxywasm", gt.FaultTag)
	if err != nil {
		t.Fatal(err)
	}
	for _, config := range []string{"", `{"fail_open": true}`} {
		w, err := proxytest.NewWasmVMContext(guest)
		if err != nil {
			t.Fatal(err)
		}
		host, reset := proxytest.NewHostEmulator(proxytest.NewEmulatorOption().
			WithVMContext(w).WithPluginConfiguration([]byte(config)))
		if got := host.StartPlugin(); got != types.OnPluginStartStatusOK {
			t.Fatalf("%s: StartPlugin = %v", config, got)
		}
		e := post(gt.FaultPath, gt.Minimal).run(host)
		// The reason reaches the proxy's log (proxy_log), and the failure
		// its stats.
		if logs := strings.Join(host.GetErrorLogs(), "\n"); !strings.Contains(logs, "iotda-preflight: plugin failure: injected fault") {
			t.Errorf("%s: the error log lacks the failure's reason: %q", config, logs)
		}
		if n, err := host.GetCounterMetric(MetricPrefix + "failed"); n != 1 || err != nil {
			t.Errorf("%s: failed counter %d (%v), want 1", config, n, err)
		}
		if config == "" {
			e.rejected(t, 500, gateway.CodeFailure)
		} else {
			e.forwarded(t)
			if string(e.upstreamBody) != string(gt.Minimal) {
				t.Errorf("fail open: body changed: %s", e.upstreamBody)
			}
			if got, _ := header(e.upstreamHeaders, gateway.HeaderSkipped); got != "failure" {
				t.Errorf("fail open: upstream %s %q", gateway.HeaderSkipped, got)
			}
			if got, _ := header(e.responseHeaders, gateway.HeaderSkipped); got != "failure" {
				t.Errorf("fail open: response %s %q", gateway.HeaderSkipped, got)
			}
		}
		// The instance survived the panic: the next request is checked.
		post(gt.Path, gt.NotJSON).run(host).rejected(t, 400, gateway.CodeInvalidJSON)
		reset()
		w.Close()
	}
}
