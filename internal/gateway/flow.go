package gateway

import (
	"fmt"
	"strconv"
)

// Headers is how a plugin reads the request's headers from its host.
type Headers interface {
	// Header returns a request header's first value and whether it was sent.
	Header(name string) (string, bool)
	// HeaderList returns every value of a request header as one list,
	// joined with ", " (RFC 9110: a header sent on several lines is the
	// list of all of them), "" when absent.
	HeaderList(name string) string
}

// Begin is the start of the one request flow both plugins drive: it
// matches the request (Match) and reads what the check needs from its
// headers. matched false: the request passes untouched. decided true: the
// headers alone decide it (AtHeaders), and v is the verdict. Otherwise the
// plugin reads the body, up to MaxBodyBytes, into r.Body, and Decide gives
// the verdict (TooLarge past the limit). r.Length is the Content-Length
// sent (-1: none, or unreadable). keepsLength says the host forwards a
// request with the Content-Length it came with: r.FixedLength is then set
// when one was sent.
func (c *Config) Begin(method, uri string, h Headers, keepsLength bool) (r Request, v Verdict, matched, decided bool) {
	rt, ok := Match(method, uri)
	if !ok {
		return Request{}, Verdict{}, false, false
	}
	r = Request{Route: rt, Length: -1}
	r.AuthToken, r.HasAuthToken = h.Header(HeaderAuthToken)
	r.Authorization, _ = h.Header(HeaderAuthorization)
	r.ContentSHA256, _ = h.Header(HeaderContentSHA256)
	if cl, ok := h.Header("Content-Length"); ok {
		r.Length = int(min(ContentLength(cl), int64(MaxBodyLimit)+1)) // beyond any limit, whatever the int's size
		r.FixedLength = keepsLength
	}
	v, decided = c.AtHeaders(h.HeaderList(HeaderContentEncoding), int64(r.Length))
	return r, v, true, decided
}

// Carrier is how a plugin carries out a verdict through its host ABI: the
// other half of the small interface each plugin implements (Headers is the
// first).
type Carrier interface {
	// Log writes a line to the host's log, at error level.
	Log(msg string)
	// Count adds one to a counter (Verdict.Counters); a host without
	// metrics does nothing.
	Count(name string)
	// Answer answers the request itself with status, headers and body;
	// nothing goes on.
	Answer(status int, headers []Header, body []byte) error
	// Forward gives the request that goes on its body: body, or, nil, the
	// body as sent (what the plugin read of it given back, where the host
	// needs that). false: the host cannot hold that body, and the request is
	// answered (TooLargeToForward) instead.
	Forward(body []byte) (bool, error)
	// SetRequestHeader and SetResponseHeader set a header of the request
	// that goes on and of the response the client gets; value "" removes it.
	SetRequestHeader(name, value string) error
	SetResponseHeader(name, value string) error
	// OnSuccess sets headers on the backend's response if it is a success
	// (2xx); a host that cannot hold the response sets them now.
	OnSuccess(headers []Header) error
}

// Carry carries out v through h: its log line and counters, then the
// plugin's own answer, or the request sent on with its body, headers and
// the response's headers. It reports whether the request goes on. A host
// call that fails turns into Failure, carried out the same way (once: a
// failure that fails again stops a request failing closed and lets one
// failing open go on).
func (c *Config) Carry(h Carrier, v Verdict) (forward bool) {
	return c.carry(h, v, false)
}

func (c *Config) carry(h Carrier, v Verdict, failing bool) bool {
	if v.Log != "" {
		h.Log(v.Log)
	}
	for _, name := range v.Counters() {
		h.Count(name)
	}
	fail := func(err error) bool {
		if failing {
			return v.Forward
		}
		return c.carry(h, c.Failure(err.Error()), true)
	}
	if !v.Forward {
		headers := append([]Header{{"Content-Type", ContentType}, {"Content-Length", strconv.Itoa(len(v.ResponseBody))}},
			v.ResponseHeaders...)
		if err := h.Answer(v.Status, headers, v.ResponseBody); err != nil {
			h.Log("iotda-preflight: sending the " + strconv.Itoa(v.Status) + " answer: " + err.Error())
		}
		return false
	}
	// The body first: one forwarded unchecked that is past what the host
	// may hold is answered instead, before any header is set.
	ok, err := h.Forward(v.Body)
	switch {
	case err != nil:
		return fail(err)
	case !ok:
		return c.carry(h, c.TooLargeToForward(), failing)
	}
	for _, hd := range v.RequestHeaders {
		if err := h.SetRequestHeader(hd.Name, hd.Value); err != nil {
			return fail(fmt.Errorf("setting %s: %w", hd.Name, err))
		}
	}
	for _, hd := range v.ResponseHeaders {
		if err := h.SetResponseHeader(hd.Name, hd.Value); err != nil {
			return fail(fmt.Errorf("setting %s: %w", hd.Name, err))
		}
	}
	if len(v.SuccessHeaders) > 0 {
		if err := h.OnSuccess(v.SuccessHeaders); err != nil {
			return fail(err)
		}
	}
	return true
}
