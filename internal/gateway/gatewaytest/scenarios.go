package gatewaytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Configs are the plugin configurations the scenarios run under, by name,
// written as a user writes them (JSON types; a harness for a host whose
// configuration is text, Traefik's file provider, hands them as strings).
var Configs = map[string]map[string]any{
	"default": {},
	// fail_open with a small limit: what cannot be checked goes on, marked.
	"open": {"fail_open": true, "max_body_bytes": 4096},
	// A small limit, failing closed.
	"small":   {"max_body_bytes": 4096},
	"zh":      {"lang": "zh"},
	"strict":  {"strict": true},
	"nofill":  {"fill_defaults": false},
	"catalog": {"catalog": OwnCatalog},
}

// AsStrings is options as Traefik's file provider hands them to a plugin,
// YAML and TOML alike: every boolean and number a string, at every depth.
func AsStrings(options map[string]any) map[string]any {
	var conv func(v any) any
	conv = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, x := range v {
				out[k] = conv(x)
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, x := range v {
				out[i] = conv(x)
			}
			return out
		case string:
			return v
		}
		return fmt.Sprint(v)
	}
	return conv(options).(map[string]any)
}

// OwnCatalog prices only iotda.standard.s1, in euros, 100 a month.
var OwnCatalog = map[string]any{
	"name": "own", "effective": "2026-01-01", "currency": "EUR", "source": "our price sheet",
	"flavors": []any{map[string]any{"type": "iotda.standard.s1", "instance_type": "standard",
		"charge_modes": []any{"prePaid"}, "max_units": 200, "price": map[string]any{"month": "100"}}},
}

// Scenario is one row of the request matrix (issue 14), which every harness
// runs: proxytest against the compiled proxy-wasm module, the in-process
// http-wasm host, and real Traefik.
type Scenario struct {
	Name   string
	Config string // a key of Configs ("": "default")
	Method string // "" is POST
	Path   string // "" is Path
	Header map[string]string
	Body   []byte
	// Chunked sends the body without a Content-Length.
	Chunked bool
	// BackendStatus is the backend's answer (0: 200).
	BackendStatus int
	// H2C sends it over HTTP/2 cleartext (a harness that has no such
	// protocol sends it over HTTP/1.1).
	H2C  bool
	Want Want
}

// ConfigName is the scenario's configuration's key in Configs.
func (s *Scenario) ConfigName() string {
	if s.Config == "" {
		return "default"
	}
	return s.Config
}

// Request is the scenario's method and path, the defaults filled in.
func (s *Scenario) Request() (method, path string) {
	method, path = s.Method, s.Path
	if method == "" {
		method = "POST"
	}
	if path == "" {
		path = Path
	}
	return method, path
}

// Want is what a scenario must come to.
type Want struct {
	Status int
	// Code is the error_code of the plugin's own answer; "" means the
	// request is forwarded.
	Code string
	// AsSent: the backend gets the body byte for byte as sent (else: the
	// body as sent or, listed in X-Preflight-Defaults, filled).
	AsSent bool
	// Skipped is the response's X-Preflight-Skipped.
	Skipped string
	// Estimate is the response's X-Preflight-Estimate: "" absent, "any" a
	// total, else that total.
	Estimate string
	// Msg is part of the answer's error_msg.
	Msg string
	// Unchecked: the plugin lets the request through untouched, without
	// any header of its own.
	Unchecked bool
	// Problems, when set, are the answer's errors, in order.
	Problems []Problem
}

// Problem is one of an answer's errors as a scenario expects it: where it is
// ("path", or "" for the body), its pointer or parameter, and its code.
type Problem struct{ In, Path, Code string }

// EstimateProblem says what is wrong with an answer's X-Preflight-Estimate
// value est and X-Preflight-Currency value currency under w ("": nothing).
func (w *Want) EstimateProblem(est, currency string) string {
	switch {
	case w.Estimate == "" && est != "":
		return fmt.Sprintf("X-Preflight-Estimate %q, want none", est)
	case w.Estimate == "any" && (est == "" || est == "unpriced"):
		return fmt.Sprintf("X-Preflight-Estimate %q, want a total", est)
	case w.Estimate != "" && w.Estimate != "any" && est != w.Estimate:
		return fmt.Sprintf("X-Preflight-Estimate %q, want %q", est, w.Estimate)
	case (est == "" || est == "unpriced") && currency != "":
		return fmt.Sprintf("X-Preflight-Currency %q without a total", currency)
	}
	return ""
}

// Scenarios is the request matrix.
func Scenarios() []Scenario {
	pretty := &bytes.Buffer{}
	if err := json.Indent(pretty, ExampleStandardYearly, "", "    "); err != nil {
		panic(err)
	}
	big := []byte(`{"name":"` + strings.Repeat("x", 2<<20) + `"}`)
	mid := []byte(`{"name":"` + strings.Repeat("x", 5000) + `"}`)
	ok := Want{Status: 200, Estimate: "any"}
	return []Scenario{
		{Name: "example: standard yearly", Body: ExampleStandardYearly, Want: ok},
		{Name: "example: standard pay-per-use", Body: ExampleStandardPayPerUse, Want: ok},
		{Name: "example: enterprise", Body: ExampleEnterprise, Want: Want{Status: 200, Estimate: "unpriced"}},
		{Name: "minimal compact body, longer when filled", Body: Minimal, Want: ok},
		{Name: "pretty-printed", Body: pretty.Bytes(), Want: ok},
		{Name: "chunked", Body: Minimal, Chunked: true, Want: ok},
		{Name: "invalid, many problems", Body: ManyProblems, Want: Want{Status: 400, Code: CodeInvalidInput, Msg: "more, see errors)"}},
		{Name: "truncated", Body: Minimal[:len(Minimal)-7], Want: Want{Status: 400, Code: CodeInvalidJSON}},
		{Name: "not JSON", Body: NotJSON, Want: Want{Status: 400, Code: CodeInvalidJSON}},
		{Name: "empty", Body: []byte{}, Want: Want{Status: 400, Code: CodeInvalidJSON}},
		{Name: "gzip, closed", Body: Gzipped, Header: map[string]string{"Content-Encoding": "gzip"}, Want: Want{Status: 415, Code: CodeUnreadable}},
		{Name: "2 MiB with Content-Length", Body: big, Want: Want{Status: 413, Code: CodeInvalidInput}},
		{Name: "2 MiB chunked", Body: big, Chunked: true, Want: Want{Status: 413, Code: CodeInvalidInput}},
		{Name: "GET passes", Method: "GET", Body: nil, Want: Want{Status: 200, Unchecked: true}},
		{Name: "another path passes", Path: "/v5/iot/" + ProjectID + "/devices", Body: NotJSON, Want: Want{Status: 200, AsSent: true, Unchecked: true}},
		{Name: "a 409 from the backend carries no estimate", Body: Minimal, BackendStatus: 409, Want: Want{Status: 409}},
		{Name: "AK/SK signed: the body as sent", Body: Minimal, Header: map[string]string{"Authorization": Signature}, Want: Want{Status: 200, AsSent: true, Estimate: "any"}},
		{Name: "forged X-Preflight-Defaults and -Skipped", Body: ExampleStandardYearly,
			Header: map[string]string{"X-Preflight-Defaults": "/forged", "X-Preflight-Skipped": "forged"}, Want: ok},
		{Name: "HTTP/2 cleartext", Body: Minimal, H2C: true, Want: ok},
		{Name: "fail_open: gzip goes on", Config: "open", Body: Gzipped, Header: map[string]string{"Content-Encoding": "gzip"},
			Want: Want{Status: 200, AsSent: true, Skipped: "content_encoding"}},
		{Name: "fail_open: too large goes on", Config: "open", Body: mid, Want: Want{Status: 200, AsSent: true, Skipped: "too_large"}},
		{Name: "fail_open: too large chunked goes on", Config: "open", Body: mid, Chunked: true, Want: Want{Status: 200, AsSent: true, Skipped: "too_large"}},
		{Name: "fail_open: invalid is still refused", Config: "open", Body: InvalidSize, Want: Want{Status: 400, Code: CodeInvalidInput}},
		{Name: "max_body_bytes", Config: "small", Body: mid, Want: Want{Status: 413, Code: CodeInvalidInput, Msg: "4096"}},
		{Name: "lang zh", Config: "zh", Body: ManyProblems, Want: Want{Status: 400, Code: CodeInvalidInput, Msg: "个问题"}},
		{Name: "strict: the example's string booleans", Config: "strict", Body: ExampleStandardYearly, Want: Want{Status: 400, Code: CodeInvalidInput}},
		{Name: "fill_defaults false: the body as sent", Config: "nofill", Body: Minimal, Want: Want{Status: 200, AsSent: true, Estimate: "any"}},
		{Name: "catalog: its own price", Config: "catalog", Body: Minimal, Want: Want{Status: 200, Estimate: "100.00"}},
		{Name: "catalog: a flavor it lacks", Config: "catalog", Body: ExampleStandardPayPerUse, Want: Want{Status: 400, Code: CodeInvalidInput}},
		// The instance's two order-changing requests: checked as create is,
		// filled as create is, never priced (that needs the instance as it
		// is now, which the plugin does not know). An empty instance_id
		// (".../iotda-instances//resize") is no row: Traefik merges the
		// slashes before the plugin and the backend see the path, which
		// the other hosts hand on as sent (TestMatch holds both readings).
		{Name: "resize: filled, no estimate", Path: ResizePath, Body: Resize, Want: Want{Status: 200}},
		{Name: "resize: spelled in capitals", Path: Path + "/" + InstanceID + "/RESIZE", Body: Resize, Want: Want{Status: 200}},
		{Name: "resize: a bad instance_id and a bad size", Path: Path + "/NOT-HEX/resize", Body: []byte(`{"flavor":{"type":"iotda.standard.s1","size":0}}`),
			Want: Want{Status: 400, Code: CodeInvalidInput, Msg: "instance_id",
				Problems: []Problem{{"path", "instance_id", "pattern"}, {"", "/flavor/size", "range"}}}},
		{Name: "resize: AK/SK signed: the body as sent", Path: ResizePath, Body: Resize, Header: map[string]string{"Authorization": Signature},
			Want: Want{Status: 200, AsSent: true}},
		{Name: "resize: a 409 from the backend", Path: ResizePath, Body: Resize, BackendStatus: 409, Want: Want{Status: 409}},
		{Name: "resize: GET passes", Method: "GET", Path: ResizePath, Want: Want{Status: 200, Unchecked: true}},
		{Name: "change-charge-mode: filled, no estimate", Path: ChangeChargeModePath, Body: ChangeChargeMode, Want: Want{Status: 200}},
		{Name: "change-charge-mode: 12 months", Path: ChangeChargeModePath, Body: []byte(`{"period_type":"month","period_num":12}`),
			Want: Want{Status: 400, Code: CodeInvalidInput, Problems: []Problem{{"", "/period_num", "range"}}}},
		{Name: "change-charge-mode: in Chinese, a create body", Config: "zh", Path: ChangeChargeModePath, Body: Minimal,
			Want: Want{Status: 400, Code: CodeInvalidInput, Msg: "period_type",
				Problems: []Problem{{"", "/period_type", "required"}, {"", "/period_num", "required"}}}},
	}
}

// The codes the scenarios expect (internal/gateway's, restated so that
// this package stays free of it).
const (
	CodeInvalidInput = "IOTDA.000006"
	CodeInvalidJSON  = "IOTDA.000008"
	CodeUnreadable   = "PREFLIGHT.000415"
)

// ManyProblems is a body that breaks many rules at once.
var ManyProblems = []byte(`{"instance_type":"platinum","flavor":{"type":"iotda.standard.s9","size":0},` +
	`"name":"","charge_info":{"charge_mode":"sometimes","period_type":"decade","period_num":99},` +
	`"tags":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}`)

// Outcome is what came of a scenario's request in a harness.
type Outcome struct {
	// Answered: the plugin answered itself (Status, ContentType, Answer);
	// else the request was forwarded: Upstream is the body the backend got.
	Answered    bool
	Status      int
	ContentType string
	Answer      []byte
	Upstream    []byte
	// UpstreamHeader and ResponseHeader read a header of the forwarded
	// request and of the response the client got ("" when absent).
	UpstreamHeader, ResponseHeader func(name string) string
}

// Check holds an outcome to the scenario's Want; it returns the answer's
// error document when the plugin answered.
func Check(t *testing.T, s Scenario, o Outcome) {
	t.Helper()
	w := s.Want
	if w.Code != "" {
		if !o.Answered {
			t.Fatalf("forwarded (%d bytes), want a %d answer", len(o.Upstream), w.Status)
		}
		a := Answer(t, o.Status, w.Status, o.ContentType, o.Answer, w.Code)
		if !strings.Contains(a.Msg, w.Msg) {
			t.Errorf("error_msg %q does not contain %q", a.Msg, w.Msg)
		}
		if w.Problems != nil {
			var got []Problem
			for _, p := range a.Errors {
				got = append(got, Problem{p.In, p.Path, string(p.Code)})
			}
			if !reflect.DeepEqual(got, w.Problems) {
				t.Errorf("errors %+v, want %+v", got, w.Problems)
			}
		}
		if why := w.EstimateProblem(o.ResponseHeader(HeaderEstimate), o.ResponseHeader(HeaderCurrency)); why != "" {
			t.Error(why)
		}
		return
	}
	if o.Answered {
		t.Fatalf("answered %d %.300s, want forwarded", o.Status, o.Answer)
	}
	defaults := o.UpstreamHeader(HeaderDefaults)
	switch {
	case w.AsSent || s.Body == nil:
		if !bytes.Equal(o.Upstream, s.Body) && len(o.Upstream)+len(s.Body) > 0 {
			t.Errorf("the backend got %d bytes, want the %d sent as they were", len(o.Upstream), len(s.Body))
		}
		if defaults != "" {
			t.Errorf("X-Preflight-Defaults %q on a body forwarded as sent", defaults)
		}
	default:
		// As sent, or normalized and filled (the string booleans of the
		// API page's examples read as booleans).
		if why := SameExceptDefaults(s.Body, o.Upstream, defaults); why != "" &&
			SameExceptDefaults(Normalized(s.Body), o.Upstream, defaults) != "" {
			t.Errorf("forwarded body: %s", why)
		}
	}
	if defaults == "/forged" {
		t.Errorf("the client's forged X-Preflight-Defaults reached the backend")
	}
	if v := o.UpstreamHeader(HeaderSkipped); v != w.Skipped && !(w.Unchecked && v == s.Header[HeaderSkipped]) {
		t.Errorf("the backend got X-Preflight-Skipped %q, want %q", v, w.Skipped)
	}
	if v := o.ResponseHeader(HeaderSkipped); v != w.Skipped {
		t.Errorf("the answer's X-Preflight-Skipped %q, want %q", v, w.Skipped)
	}
	if why := w.EstimateProblem(o.ResponseHeader(HeaderEstimate), o.ResponseHeader(HeaderCurrency)); why != "" {
		t.Error(why)
	}
}

// The plugin's headers the scenarios look at.
const (
	HeaderDefaults = "X-Preflight-Defaults"
	HeaderSkipped  = "X-Preflight-Skipped"
	HeaderEstimate = "X-Preflight-Estimate"
	HeaderCurrency = "X-Preflight-Currency"
)
