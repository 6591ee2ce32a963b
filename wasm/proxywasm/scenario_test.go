package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"

	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// exchangeOf is a scenario's request as the proxy hands it to the plugin.
func exchangeOf(s gt.Scenario) *exchange {
	method, path := s.Method, s.Path
	if method == "" {
		method = "POST"
	}
	if path == "" {
		path = gt.Path
	}
	e := post(path, s.Body)
	e.headers[0][1] = method
	for k, v := range s.Header {
		e.headers = append(e.headers, [2]string{strings.ToLower(k), v})
	}
	if s.Chunked {
		e.noCL, e.chunks = true, 3
	}
	if s.BackendStatus != 0 {
		e.status = strconv.Itoa(s.BackendStatus)
	}
	return e
}

// wantCounters are the counters a scenario adds to.
func wantCounters(w gt.Want) []string {
	switch {
	case w.Unchecked:
		return nil
	case w.Skipped != "":
		return []string{"skipped." + w.Skipped}
	case w.Code != "" && w.Status == 400:
		return []string{"checked", "rejected." + strings.ReplaceAll(w.Code, ".", "_")}
	case w.Code != "":
		return []string{"rejected." + strings.ReplaceAll(w.Code, ".", "_")}
	}
	return []string{"checked"}
}

var allCounters = Counters

func countersOf(h proxytest.HostEmulator) map[string]uint64 {
	m := map[string]uint64{}
	for _, name := range allCounters {
		m[name], _ = h.GetCounterMetric(MetricPrefix + name) // not yet defined: 0
	}
	return m
}

// The request matrix through the proxytest host, with the plugin as Go and
// as the compiled module, and the metrics each row adds to.
func TestScenarios(t *testing.T) {
	for _, runner := range runners {
		t.Run(runner, func(t *testing.T) {
			for name, options := range gt.Configs {
				config, err := json.Marshal(options)
				if err != nil {
					t.Fatal(err)
				}
				start(t, runner, string(config), func(h proxytest.HostEmulator) {
					for _, s := range gt.Scenarios() {
						if s.ConfigName() != name {
							continue
						}
						t.Run(s.Name, func(t *testing.T) {
							before := countersOf(h)
							e := exchangeOf(s).run(h)
							checkScenario(t, s, e)
							after := countersOf(h)
							want := wantCounters(s.Want)
							for _, c := range allCounters {
								added := after[c] - before[c]
								wantAdded := uint64(0)
								for _, w := range want {
									if w == c {
										wantAdded = 1
									}
								}
								if added != wantAdded {
									t.Errorf("counter %s%s went up by %d, want %d", MetricPrefix, c, added, wantAdded)
								}
							}
						})
					}
				})
			}
		})
	}
}

func checkScenario(t *testing.T, s gt.Scenario, e *exchange) {
	t.Helper()
	w := s.Want
	if w.Code != "" {
		a := e.rejected(t, uint32(w.Status), w.Code)
		if !strings.Contains(a.Msg, w.Msg) {
			t.Errorf("error_msg %q does not contain %q", a.Msg, w.Msg)
		}
		return
	}
	e.forwarded(t)
	defaults, _ := header(e.upstreamHeaders, "x-preflight-defaults")
	if w.AsSent || s.Body == nil {
		if !bytes.Equal(e.upstreamBody, s.Body) && len(s.Body) > 0 {
			t.Errorf("the upstream got %d bytes, want the %d sent as they were", len(e.upstreamBody), len(s.Body))
		}
		if defaults != "" {
			t.Errorf("X-Preflight-Defaults %q on a body forwarded as sent", defaults)
		}
	} else if why := gt.SameExceptDefaults(gt.Normalized(s.Body), e.upstreamBody, defaults); why != "" &&
		gt.SameExceptDefaults(s.Body, e.upstreamBody, defaults) != "" {
		t.Errorf("forwarded body: %s", why)
	}
	if defaults == "/forged" {
		t.Errorf("the client's forged X-Preflight-Defaults reached the upstream")
	}
	if v, _ := header(e.upstreamHeaders, "x-preflight-skipped"); v != w.Skipped && !w.Unchecked {
		t.Errorf("the upstream got X-Preflight-Skipped %q, want %q", v, w.Skipped)
	}
	if v, _ := header(e.responseHeaders, "x-preflight-skipped"); v != w.Skipped {
		t.Errorf("the answer's X-Preflight-Skipped %q, want %q", v, w.Skipped)
	}
	est, _ := header(e.responseHeaders, "x-preflight-estimate")
	if why := w.EstimateProblem(est); why != "" {
		t.Error(why)
	}
}
