// Command proxywasm is iotda-preflight as a proxy-wasm plugin for Envoy and
// the gateways built on it (Istio, Envoy Gateway, ...). Build it with the
// standard Go compiler as a WASI reactor:
//
//	go run ./internal/wasmbuild/build -o build/proxywasm.wasm ./wasm/proxywasm    # make plugins
//
// (the go command's GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared,
// with the jumps threaded as for every module of this repository: see
// wasm/module's Build).
//
// The plugin configuration is the JSON object internal/gateway documents
// (strict, max_body_bytes, fill_defaults, fail_open, lang, catalog). What a
// request becomes is decided by internal/gateway; this file only moves bytes
// between the proxy-wasm ABI and it.
//
// A matched request's headers are held (Pause) until the whole body has been
// read, so nothing of an invalid request reaches the upstream. With
// fill_defaults the content-length header is removed, because the body the
// upstream gets may be longer than the one sent (the proxy then frames it
// itself).
//
// In Envoy (1.33 or later, for the reactor's imports), as an HTTP filter
// before the router; the proxy's own buffer limit
// (per_connection_buffer_limit_bytes, 1 MiB by default) must be at least
// max_body_bytes, or Envoy answers 413 before the plugin sees the body:
//
//	http_filters:
//	  - name: envoy.filters.http.wasm
//	    typed_config:
//	      "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
//	      config:
//	        name: iotda-preflight
//	        configuration:
//	          "@type": type.googleapis.com/google.protobuf.StringValue
//	          value: '{"fail_open": false, "max_body_bytes": 1048576}'
//	        vm_config:
//	          runtime: envoy.wasm.runtime.v8
//	          code: {local: {filename: /etc/envoy/proxywasm.wasm}}
package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/iotda-preflight/preflight/internal/gateway"
	"github.com/iotda-preflight/preflight/internal/reactor"
)

func main() {}

func init() { proxywasm.SetVMContext(&vm{}) }

type vm struct{ types.DefaultVMContext }

func (*vm) NewPluginContext(uint32) types.PluginContext { return &plugin{} }

type plugin struct {
	types.DefaultPluginContext
	cfg      gateway.Config
	counters map[string]proxywasm.MetricCounter
}

// OnPluginStart reads the configuration; a bad one stops the plugin from
// starting, which the proxy reports, instead of running half-configured.
func (p *plugin) OnPluginStart(size int) types.OnPluginStartStatus {
	var data []byte
	if size > 0 {
		var err error
		if data, err = proxywasm.GetPluginConfiguration(); err != nil {
			proxywasm.LogCriticalf("iotda-preflight: reading the configuration: %v", err)
			return types.OnPluginStartStatusFailed
		}
	}
	cfg, err := gateway.ParseConfig(data)
	if err != nil {
		proxywasm.LogCriticalf("iotda-preflight: %v", err)
		return types.OnPluginStartStatusFailed
	}
	p.cfg = cfg
	p.counters = make(map[string]proxywasm.MetricCounter, len(Counters))
	for _, name := range Counters {
		p.counters[name] = proxywasm.DefineCounterMetric(MetricPrefix + name)
	}
	return types.OnPluginStartStatusOK
}

func (p *plugin) NewHttpContext(uint32) types.HttpContext { return &stream{cfg: &p.cfg, plugin: p} }

// stream is one HTTP request through the plugin.
type stream struct {
	types.DefaultHttpContext
	cfg    *gateway.Config
	plugin *plugin
	// checking is true from a matched request's headers until its verdict.
	checking bool
	// bodySize is how much of the body the proxy has buffered so far.
	bodySize int
	req      gateway.Request
	// respHeaders are the verdict's headers for the upstream's response,
	// successHeaders those for a successful (2xx) one only.
	respHeaders, successHeaders []gateway.Header
}

func (s *stream) OnHttpRequestHeaders(_ int, endOfStream bool) (action types.Action) {
	defer s.recoverTo(&action)
	method, _ := proxywasm.GetHttpRequestHeader(":method")
	path, _ := proxywasm.GetHttpRequestHeader(":path")
	req, v, matched, decided := s.cfg.Begin(method, path, hostHeaders{}, false) // the proxy frames the body it is given
	if !matched {
		return types.ActionContinue
	}
	s.checking, s.req = true, req
	if decided {
		return s.apply(v)
	}
	if endOfStream { // no body at all: the check says so
		return s.apply(s.cfg.Decide(&s.req))
	}
	if s.cfg.FillDefaults && !s.req.SignsBody() { // a signed body is never replaced
		if err := proxywasm.RemoveHttpRequestHeader("content-length"); err != nil {
			return s.apply(s.cfg.Failure("removing content-length: " + err.Error()))
		}
	}
	return types.ActionPause
}

func (s *stream) OnHttpRequestBody(bodySize int, endOfStream bool) (action types.Action) {
	if !s.checking {
		return types.ActionContinue
	}
	defer s.recoverTo(&action)
	s.bodySize = bodySize
	if bodySize > s.cfg.MaxBodyBytes {
		return s.apply(s.cfg.TooLarge())
	}
	if !endOfStream {
		return types.ActionPause // buffer until the whole body is here
	}
	return s.decide()
}

// OnHttpRequestTrailers ends a request whose body is followed by trailers:
// the proxy then never calls OnHttpRequestBody with endOfStream, and what it
// buffered would go on unchecked.
func (s *stream) OnHttpRequestTrailers(int) (action types.Action) {
	if !s.checking {
		return types.ActionContinue
	}
	defer s.recoverTo(&action)
	return s.decide()
}

// decide checks the whole buffered body and carries out the verdict.
func (s *stream) decide() types.Action {
	body, err := proxywasm.GetHttpRequestBody(0, s.bodySize)
	if err != nil && s.bodySize > 0 {
		return s.apply(s.cfg.Failure("reading the body: " + err.Error()))
	}
	s.req.Body = body
	defer reactor.AfterCall(len(body), s.cfg.MaxBodyBytes)
	return s.apply(s.cfg.Decide(&s.req))
}

func (s *stream) OnHttpResponseHeaders(int, bool) types.Action {
	defer func() { // the response is the backend's: never fail it for a header
		if p := recover(); p != nil {
			proxywasm.LogErrorf("iotda-preflight: setting the estimate headers: %v", p)
		}
	}()
	headers := s.respHeaders
	if status, err := proxywasm.GetHttpResponseHeader(":status"); err == nil {
		if n, err := strconv.Atoi(status); err == nil && gateway.Success(n) {
			headers = append(headers, s.successHeaders...)
		}
	}
	for _, h := range headers {
		if h.Value == "" {
			_ = proxywasm.RemoveHttpResponseHeader(h.Name)
		} else if err := proxywasm.ReplaceHttpResponseHeader(h.Name, h.Value); err != nil {
			proxywasm.LogWarnf("iotda-preflight: setting %s: %v", h.Name, err)
		}
	}
	return types.ActionContinue
}

// apply carries out a verdict (gateway.Config.Carry) and returns what the
// host should do next. A failure's reason goes to the host's log
// (proxy_log), and the verdict's counters to its metrics, which Envoy
// exposes as stats (wasmcustom.iotda_preflight.checked, ...).
func (s *stream) apply(v gateway.Verdict) types.Action {
	s.checking = false
	s.respHeaders, s.successHeaders = nil, nil
	if s.cfg.Carry(carrier{s}, v) {
		return types.ActionContinue
	}
	return types.ActionPause
}

// carrier is the proxy-wasm ABI as gateway.Config.Carry uses it.
type carrier struct{ s *stream }

func (carrier) Log(msg string)         { proxywasm.LogError(msg) }
func (c carrier) Count(counter string) { c.s.plugin.count(counter) }

// Answer leaves out Content-Length: the proxy frames its local reply itself.
func (carrier) Answer(status int, headers []gateway.Header, body []byte) error {
	var hs [][2]string
	for _, h := range headers {
		if h.Value != "" && !strings.EqualFold(h.Name, "Content-Length") {
			hs = append(hs, [2]string{strings.ToLower(h.Name), h.Value})
		}
	}
	return proxywasm.SendHttpResponse(uint32(status), hs, body, -1)
}

// Forward replaces the body the proxy buffered; the body as sent is
// already there.
func (carrier) Forward(body []byte) (bool, error) {
	if body == nil {
		return true, nil
	}
	return true, proxywasm.ReplaceHttpRequestBody(body)
}

func (carrier) SetRequestHeader(name, value string) error {
	if value == "" {
		return proxywasm.RemoveHttpRequestHeader(name)
	}
	return proxywasm.ReplaceHttpRequestHeader(name, value)
}

// SetResponseHeader and OnSuccess keep the headers for the upstream's
// response, which OnHttpResponseHeaders sets.
func (c carrier) SetResponseHeader(name, value string) error {
	c.s.respHeaders = append(c.s.respHeaders, gateway.Header{Name: name, Value: value})
	return nil
}

func (c carrier) OnSuccess(headers []gateway.Header) error {
	c.s.successHeaders = headers
	return nil
}

// recoverTo turns a panic of the plugin into the configured failure verdict
// instead of a trapped VM. If carrying that out panics too, fail open simply
// continues and fail closed stops the stream.
func (s *stream) recoverTo(action *types.Action) {
	p := recover()
	if p == nil {
		return
	}
	reason := fmt.Sprint(p)
	defer func() {
		if recover() != nil {
			if s.cfg.FailOpen {
				*action = types.ActionContinue
			} else {
				*action = types.ActionPause
			}
		}
	}()
	*action = s.apply(s.cfg.Failure(reason))
}

// MetricPrefix starts every counter's name.
const MetricPrefix = "iotda_preflight."

// Counters are the names of every counter a verdict adds to
// (gateway.Verdict's Counters), defined when the plugin starts.
var Counters = gateway.CounterNames

// count adds one to the named counter. A host that refuses it costs the
// counter only, never the request.
func (p *plugin) count(name string) {
	defer func() {
		if r := recover(); r != nil {
			proxywasm.LogWarnf("iotda-preflight: counter %s: %v", name, r)
		}
	}()
	if c, ok := p.counters[name]; ok {
		c.Increment(1)
	}
}

// hostHeaders reads the request's headers for gateway.Config.Begin; the
// proxy's header names are lowercase.
type hostHeaders struct{}

func (hostHeaders) Header(name string) (string, bool) {
	v, err := proxywasm.GetHttpRequestHeader(strings.ToLower(name))
	return v, err == nil
}

// HeaderList joins every value of the header: a proxy may hand a header
// sent on several lines as several entries, and GetHttpRequestHeader gives
// only one of them.
func (hostHeaders) HeaderList(name string) string {
	headers, err := proxywasm.GetHttpRequestHeaders()
	if err != nil {
		return ""
	}
	var vals []string
	for _, kv := range headers {
		if strings.EqualFold(kv[0], name) {
			vals = append(vals, kv[1])
		}
	}
	return strings.Join(vals, ", ")
}
