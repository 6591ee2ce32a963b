package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// exchangeOf is a scenario's request as the proxy hands it to the plugin.
func exchangeOf(s gt.Scenario) *exchange {
	method, path := s.Request()
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
	o := gt.Outcome{Answered: e.local != nil, Upstream: e.upstreamBody,
		UpstreamHeader: func(name string) string { v, _ := header(e.upstreamHeaders, name); return v },
		ResponseHeader: func(name string) string { v, _ := header(e.responseHeaders, name); return v }}
	if e.local != nil {
		o.Status, o.Answer = int(e.local.StatusCode), e.localBody
		o.ContentType, _ = header(e.local.Headers, "content-type")
	} else if e.bodyAction != types.ActionContinue && len(e.body) > 0 {
		t.Errorf("body action %v, want Continue", e.bodyAction)
	}
	gt.Check(t, s, o)
}
