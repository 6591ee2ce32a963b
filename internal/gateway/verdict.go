package gateway

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iotda-preflight/preflight/core"
)

// Header names the plugins read or write.
const (
	HeaderAuthToken = "X-Auth-Token"
	// HeaderEstimate carries the estimate's total ("3960.00"), or "unpriced"
	// when the catalog has no price for the order; create's response only
	// (see Decide).
	HeaderEstimate = "X-Preflight-Estimate"
	// HeaderCurrency carries the estimate's currency code; absent when unpriced.
	HeaderCurrency = "X-Preflight-Currency"
	// HeaderDefaults, on the forwarded request, lists the JSON Pointers of the
	// members the plugin filled, comma-separated; it is removed when the
	// plugin filled none. A client's own value is always replaced or removed,
	// so the backend can trust it.
	HeaderDefaults = "X-Preflight-Defaults"
	// HeaderAuthorization carries a Huawei Cloud AK/SK signature
	// ("SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..."), which
	// covers the body's SHA-256 unless HeaderContentSHA256 says
	// UnsignedPayload: such a body must reach the API byte for byte.
	HeaderAuthorization = "Authorization"
	HeaderContentSHA256 = "X-Sdk-Content-Sha256"
	// HeaderContentEncoding names a coding applied to the body; the plugin
	// reads only bodies without one (see Unreadable).
	HeaderContentEncoding = "Content-Encoding"
	// HeaderSkipped marks a request the plugin forwarded unchecked (fail
	// open), on the request and on its response: "too_large",
	// "content_encoding" or "failure".
	// A checked request never carries it, whatever the client sent.
	HeaderSkipped = "X-Preflight-Skipped"
)

// UnsignedPayload, in HeaderContentSHA256, leaves the body out of the
// signature.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// Error codes of the API (RULES.md, "Response shape of the real API"), and
// the plugin's own for a failure of the plugin itself.
const (
	CodeInvalidInput = "IOTDA.000006"
	CodeInvalidJSON  = "IOTDA.000008"
	CodeFailure      = "PREFLIGHT.000500"
	CodeUnreadable   = "PREFLIGHT.000415"
)

// Request is what a plugin has read of a matched request.
type Request struct {
	Body []byte
	// Route is which request it is and its path parameters (Match); the
	// zero Route is create's, with an empty project_id.
	Route
	AuthToken    string // the X-Auth-Token header; only its length is checked
	HasAuthToken bool
	// Authorization and ContentSHA256 are those headers ("" when absent):
	// a request signed over its body (see HeaderAuthorization) is forwarded
	// with its body as sent, since a filled one would fail the signature.
	Authorization string
	ContentSHA256 string
	// FixedLength says the host forwards the request with Length bytes of
	// body, whatever body the plugin gives it: an http-wasm host built on
	// Go's net/http (Traefik, Dapr) frames the forwarded request by the
	// Content-Length it came with, which no ABI call changes, and a body of
	// another length fails the forward or, on Traefik's fast proxy, is
	// replaced by an empty one. Length -1 fits no body (a Content-Length the
	// plugin could not read). Without FixedLength the host frames the body
	// the plugin gives.
	FixedLength bool
	Length      int
}

// Header is one header to set.
type Header struct{ Name, Value string }

// Verdict is what a plugin does with a matched request.
type Verdict struct {
	// Forward is true when the request goes on to the backend.
	Forward bool
	// Body replaces the request body when Forward is true and Body is not nil.
	Body []byte
	// RequestHeaders are set on the forwarded request; an empty Value
	// removes the header.
	RequestHeaders []Header
	// ResponseHeaders are set on the response the client gets, whether it
	// comes from the backend or from the plugin.
	ResponseHeaders []Header
	// SuccessHeaders are set on the backend's response only when it is a
	// success (2xx): the estimate, which on a refusal (401, 409, a quota) or
	// a proxy's 502 would read as the price of an order that was not made.
	SuccessHeaders []Header
	// Status and ResponseBody are the plugin's own answer when Forward is
	// false; the body is JSON (ContentType), its error_code Code.
	Status       int
	ResponseBody []byte
	Code         string
	// Checked says the check ran on the body; Skipped is why the request
	// goes on unchecked ("" when it does not); Failed says the plugin itself
	// failed, and Log is the reason, for the host's log.
	Checked bool
	Skipped string
	Failed  bool
	Log     string
}

// Counters are the names of the counters a plugin that keeps metrics
// increments for v: "checked", "rejected.<error code>", "skipped.<reason>",
// "failed" (a code's dots are underscores: a dot separates a stat name's
// parts).
func (v *Verdict) Counters() []string {
	var c []string
	if v.Checked {
		c = append(c, "checked")
	}
	if v.Failed {
		c = append(c, "failed")
	}
	if !v.Forward && v.Code != "" {
		c = append(c, rejected(v.Code))
	}
	if v.Skipped != "" {
		c = append(c, "skipped."+v.Skipped)
	}
	return c
}

// rejected is the counter of the plugin's own answers with code.
func rejected(code string) string { return "rejected." + strings.ReplaceAll(code, ".", "_") }

// CounterNames are every name Counters returns, for a host that defines its
// counters when the plugin starts.
var CounterNames = []string{"checked", "failed",
	rejected(CodeInvalidInput), rejected(CodeInvalidJSON), rejected(CodeUnreadable), rejected(CodeFailure),
	"skipped.too_large", "skipped.content_encoding", "skipped.failure"}

// ContentType is the type of the plugin's own answers.
const ContentType = "application/json;charset=UTF-8"

// Success reports whether a backend's response status is a success, on
// which SuccessHeaders are set.
func Success(status int) bool { return status >= 200 && status <= 299 }

// check is core.Check; tests replace it to make the check fail.
var check = core.Check

// Decide checks a matched request whose whole body the plugin has read. It
// never panics: a panic in the check becomes c.Failure.
func (c *Config) Decide(r *Request) (v Verdict) {
	defer func() {
		if p := recover(); p != nil {
			v = c.Failure(fmt.Sprint(p))
		}
	}()
	if len(r.Body) > c.MaxBodyBytes {
		return c.TooLarge()
	}
	res := check(r.Body, c.options(r))
	if !res.Valid {
		v = c.rejection(400, res.Errors)
		v.Checked = true
		return v
	}
	v = Verdict{Forward: true, Checked: true}
	// Only create is priced at the edge. A resize or a change of charge mode
	// is priced from the instance as it is now (its flavor, units, charge
	// mode and expiry), which the plugin does not know: the check then says
	// "unpriced" of every one, and a header that said so would tell the
	// client nothing while reading like create's "no price in the catalog".
	if r.create() {
		v.SuccessHeaders = estimateHeaders(res.Estimate)
	}
	// The plugin's own headers replace whatever the client sent under
	// their names, so the backend can trust them.
	defaults := ""
	if c.FillDefaults && res.Request != nil && !r.SignsBody() {
		if body, ok := c.fit(res.Request, r); ok {
			v.Body = body
			defaults = strings.Join(res.Defaults, ",")
		}
	}
	v.RequestHeaders = []Header{{HeaderDefaults, defaults}, {HeaderSkipped, ""}}
	return v
}

// SignsBody reports whether the request's signature covers its body: it
// carries an Authorization header, and does not say UnsignedPayload. Any
// Authorization counts: IoTDA's own bearer credential is X-Auth-Token, and
// taking an unknown scheme for a signature costs only the filling, which
// the platform does the same way.
func (r *Request) SignsBody() bool {
	return r.Authorization != "" && !strings.EqualFold(strings.TrimSpace(r.ContentSHA256), UnsignedPayload)
}

// fit returns the filled body in a length the host forwards: as it is when
// the host frames the body it is given, else padded with spaces to the
// request's fixed length (white space after a JSON value, which every JSON
// reader skips). A filled body longer than that length does not fit (ok
// false): the body goes on as sent, which the platform fills the same way.
func (c *Config) fit(filled []byte, r *Request) (body []byte, ok bool) {
	switch {
	case !r.FixedLength || len(filled) == r.Length:
		return filled, true
	case len(filled) < r.Length && r.Length <= c.MaxBodyBytes:
		body = make([]byte, r.Length)
		copy(body, filled)
		for i := len(filled); i < len(body); i++ {
			body[i] = ' '
		}
		return body, true
	}
	return nil, false
}

// TooLarge is the verdict on a body larger than MaxBodyBytes, known from its
// Content-Length or from reading past the limit: the plugin cannot buffer
// it, so FailOpen decides. Closed answers 413 in the API's shape with the
// check's own too_large problem, as the check would have.
func (c *Config) TooLarge() Verdict {
	if c.FailOpen {
		return skipped("too_large")
	}
	return c.tooLarge(c.MaxBodyBytes)
}

// ForwardLimit is the most body a plugin forwards unchecked when failing
// open after it has read part of it (a body too large that came without a
// Content-Length): an http-wasm host holds all a plugin writes back in
// memory before the request goes on, so a larger one is answered instead
// (TooLargeToForward).
const ForwardLimit = 64 << 20

// TooLargeToForward is the verdict on a body past ForwardLimit, failing
// open or closed: 413, as TooLarge when closed.
func (c *Config) TooLargeToForward() Verdict {
	return c.tooLarge(ForwardLimit)
}

// tooLarge answers 413 in the API's shape with one too_large problem.
func (c *Config) tooLarge(limit int) Verdict {
	p := core.Problem{Path: "", Code: core.CodeTooLarge,
		Message: text(c.Lang, "the body is larger than "+strconv.Itoa(limit)+" bytes", "请求体大于 "+strconv.Itoa(limit)+" 字节")}
	return c.rejection(413, []core.Problem{p})
}

// rejection is the plugin's own answer with status and the problems.
func (c *Config) rejection(status int, problems []core.Problem) Verdict {
	body, code := rejection(problems, c.Lang)
	return Verdict{Status: status, ResponseBody: body, Code: code}
}

// AtHeaders is the verdict a matched request's headers decide before any of
// its body is read (ok true): one sent with a Content-Encoding the plugin
// cannot read (Unreadable), or one whose Content-Length is over MaxBodyBytes
// (TooLarge). contentEncoding is the header's every value as one list ("":
// none); contentLength is ContentLength of its value (-1: none sent, or
// unreadable). ok false: read the body, then Decide.
func (c *Config) AtHeaders(contentEncoding string, contentLength int64) (v Verdict, ok bool) {
	if v, ok := c.Unreadable(contentEncoding); ok {
		return v, true
	}
	if contentLength > int64(c.MaxBodyBytes) {
		return c.TooLarge(), true
	}
	return Verdict{}, false
}

// ContentLength reads a Content-Length header's value: the length, or -1
// when the value is not one.
func ContentLength(value string) int64 {
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// Unreadable is the verdict on a request whose body the plugin cannot read
// as JSON, known from its Content-Encoding header (contentEncoding, "" when
// absent): any coding but identity (gzip, br, deflate, ...). Whether the API
// would take such a body is not the plugin's to say, so, as for a body too
// large, FailOpen decides: closed answers 415 PREFLIGHT.000415, naming the
// coding; open forwards it unchecked. ok is false for a body the plugin
// reads, which Decide then decides.
func (c *Config) Unreadable(contentEncoding string) (v Verdict, ok bool) {
	coding := strings.TrimSpace(contentEncoding)
	if coding == "" || strings.EqualFold(coding, "identity") {
		return Verdict{}, false
	}
	if c.FailOpen {
		return skipped("content_encoding"), true
	}
	if len(coding) > 64 {
		coding = coding[:64] + "..."
	}
	body := errorJSON(&errorBody{Code: CodeUnreadable,
		Msg: text(c.Lang, "The gateway checks only a body sent without a Content-Encoding, not "+strconv.Quote(coding)+"; it was not forwarded.",
			"网关只检查未经 Content-Encoding 编码的请求体，而不是 "+strconv.Quote(coding)+"；请求未转发。")})
	return Verdict{Status: 415, ResponseBody: body, Code: CodeUnreadable}, true
}

// Failure is the verdict when the plugin itself failed (reason is for logs;
// it is not sent to the client). Closed answers 500.
func (c *Config) Failure(reason string) Verdict {
	log := "iotda-preflight: plugin failure: " + reason
	if c.FailOpen {
		v := skipped("failure")
		v.Failed, v.Log = true, log+" (failing open: forwarded unchecked)"
		return v
	}
	body := errorJSON(&errorBody{Code: CodeFailure,
		Msg: text(c.Lang, "The gateway could not check the request; it was not forwarded.", "网关未能检查该请求；请求未转发。")})
	return Verdict{Status: 500, ResponseBody: body, Code: CodeFailure, Failed: true, Log: log + " (failing closed: answered 500)"}
}

// skipped forwards the request unchecked, marked so on the request and on
// its response; a client's own X-Preflight-Defaults is removed, since the
// backend trusts it to say what the plugin filled.
func skipped(reason string) Verdict {
	h := []Header{{HeaderSkipped, reason}}
	return Verdict{Forward: true, RequestHeaders: append(h, Header{HeaderDefaults, ""}), ResponseHeaders: h, Skipped: reason}
}

type errorBody struct {
	Code   string         `json:"error_code"`
	Msg    string         `json:"error_msg"`
	Errors []core.Problem `json:"errors,omitempty"`
}

// maxReported is the most problems a rejection lists: a 1 MiB body can hold
// a hundred thousand problems, and an answer of megabytes helps no client.
const maxReported = 100

// rejection is the API's error document with the problems attached (the
// first maxReported). A body that is not JSON at all (syntax, encoding) is
// IOTDA.000008, anything else IOTDA.000006. error_msg starts with the API's
// own sentence and names the first problem, so a client that shows only the
// message still says why.
func rejection(problems []core.Problem, lang core.Lang) (body []byte, code string) {
	e := errorBody{Code: CodeInvalidInput, Msg: text(lang, "Invalid input data.", "输入数据无效。"), Errors: problems}
	for _, p := range problems {
		if p.Code == core.CodeSyntax || p.Code == core.CodeEncoding {
			e.Code, e.Msg = CodeInvalidJSON, text(lang, "The request body is not valid JSON.", "请求体不是有效的 JSON。")
			break
		}
	}
	if len(problems) > 0 {
		first := problems[0]
		where := first.Path
		if where == "" && first.In == "" {
			where = text(lang, "body", "请求体")
		}
		e.Msg += text(lang, " ", "") + where + text(lang, ": ", "：") + first.Message
		all, most := strconv.Itoa(len(problems)), strconv.Itoa(maxReported)
		switch n := strconv.Itoa(len(problems) - 1); {
		case len(problems) > maxReported:
			e.Msg += text(lang, " ("+all+" problems in all; errors lists the first "+most+")", "（共 "+all+" 个问题，errors 列出前 "+most+" 个）")
			e.Errors = problems[:maxReported]
		case len(problems) > 1:
			e.Msg += text(lang, " (and "+n+" more, see errors)", "（另有 "+n+" 个问题，见 errors）")
		}
	}
	return errorJSON(&e), e.Code
}

// text is the English or the Chinese of a message, as lang asks.
func text(lang core.Lang, en, zh string) string {
	if lang == core.Chinese {
		return zh
	}
	return en
}

// errorJSON writes e with core's writer rather than encoding/json, whose
// reflection is the slowest part of Go as WebAssembly (it doubled the
// plugin's cost of a 400), so the problems are escaped exactly as every
// engine escapes them.
func errorJSON(e *errorBody) []byte {
	out := make([]byte, 0, 128+160*len(e.Errors))
	out = append(out, `{"error_code":`...)
	out = core.AppendString(out, e.Code)
	out = append(out, `,"error_msg":`...)
	out = core.AppendString(out, e.Msg)
	if len(e.Errors) > 0 {
		out = append(out, `,"errors":[`...)
		for i := range e.Errors {
			if i > 0 {
				out = append(out, ',')
			}
			out = e.Errors[i].AppendJSON(out)
		}
		out = append(out, ']')
	}
	return append(out, '}')
}
