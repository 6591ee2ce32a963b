package gateway

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
// sent (-1: none, or unreadable).
func (c *Config) Begin(method, uri string, h Headers) (r Request, v Verdict, matched, decided bool) {
	projectID, ok := Match(method, uri)
	if !ok {
		return Request{}, Verdict{}, false, false
	}
	r = Request{ProjectID: projectID, Length: -1}
	r.AuthToken, r.HasAuthToken = h.Header(HeaderAuthToken)
	r.Authorization, _ = h.Header(HeaderAuthorization)
	r.ContentSHA256, _ = h.Header(HeaderContentSHA256)
	if cl, ok := h.Header("Content-Length"); ok {
		r.Length = int(min(ContentLength(cl), int64(MaxBodyLimit)+1)) // beyond any limit, whatever the int's size
	}
	v, decided = c.AtHeaders(h.HeaderList(HeaderContentEncoding), int64(r.Length))
	return r, v, true, decided
}
