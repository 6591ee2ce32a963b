package gateway

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/examples/requests"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// matchReference is Match made another way: every segment decoded, then
// escaped again (so a slash decoded within one stays in it, as %2F); the
// whole path resolved by path.Clean, which merges empty segments, and
// failing that by a plain stack that keeps them; failing both, the decoded
// segments joined, so a decoded slash separates, and resolved the same two
// ways.
func matchReference(method, uri string) (Route, bool) {
	if method != "POST" {
		return Route{}, false
	}
	uri, _, _ = strings.Cut(uri, "#")
	uri, _, _ = strings.Cut(uri, "?")
	segs := strings.Split(uri, "/")
	kept := make([]string, len(segs))
	for i, seg := range segs {
		seg, _, _ = strings.Cut(seg, ";")
		if dec, err := url.PathUnescape(seg); err == nil {
			seg = dec
		}
		segs[i], kept[i] = seg, url.PathEscape(seg)
	}
	split := strings.Split(strings.Join(segs, "/"), "/")
	for _, reading := range []struct {
		segs    []string
		escaped bool
	}{{kept, true}, {split, false}} {
		merged := strings.Split(strings.TrimPrefix(path.Clean("/"+strings.Join(reading.segs, "/")), "/"), "/")
		for _, clean := range [][]string{merged, withEmpty(reading.segs)} {
			if rt, ok := routeOf(clean, reading.escaped); ok {
				return rt, true
			}
		}
	}
	return Route{}, false
}

// withEmpty resolves segs keeping empty segments, but those at the root and
// one at the end (a trailing slash).
func withEmpty(segs []string) []string {
	var stack []string
	for _, seg := range segs {
		switch {
		case seg == ".":
		case seg == "..":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case seg != "" || len(stack) > 0:
			stack = append(stack, seg)
		}
	}
	if n := len(stack); n > 0 && stack[n-1] == "" {
		stack = stack[:n-1]
	}
	return stack
}

// routeOf matches the resolved segments to a route; escaped says they are
// escaped (a slash in one stays %2F).
func routeOf(segs []string, escaped bool) (Route, bool) {
	if len(segs) != 4 && len(segs) != 6 || !strings.EqualFold(segs[0], "v5") || !strings.EqualFold(segs[1], "iot") ||
		!strings.EqualFold(segs[3], "iotda-instances") {
		return Route{}, false
	}
	param := func(s string) string {
		if !escaped {
			return s
		}
		dec, err := url.PathUnescape(s)
		if err != nil {
			panic(err) // it was escaped above
		}
		return dec
	}
	rt := Route{API: core.APICreate, ProjectID: param(segs[2])}
	if len(segs) == 4 {
		return rt, true
	}
	switch rt.InstanceID = param(segs[4]); {
	case strings.EqualFold(segs[5], "resize"):
		rt.API = core.APIResize
	case strings.EqualFold(segs[5], "change-charge-mode"):
		rt.API = core.APIChangeChargeMode
	default:
		return Route{}, false
	}
	return rt, true
}

// FuzzMatch holds Match, which keeps at most seven segments and reads empty
// ones a second way only when it dropped one, to the plain reference: no
// spelling of a route may slip past one and not the other.
func FuzzMatch(f *testing.F) {
	for _, uri := range []string{"/v5/iot/p/iotda-instances", "/v5/iot/p/iotda-instances/x/..", "/a/../v5/iot/%70/IOTDA-instances;x?y",
		"//v5/./iot/p/iotda%2Dinstances/", "/v5/iot/p/iotda-instances/x/y/..", "/v5/iot/p/iotda-instances%2F", "/v5%2fiot/p/iotda-instances",
		"/v5/iot/p/iotda-instances/x%2F..", "/v5/iot/p%2F/iotda-instances", "/v5/iot/a%zz/iotda-instances", "../../v5/iot/p/iotda-instances#f",
		"/v5/iot/p/iotda-instances/i/resize", "/v5/iot/p/iotda-instances/i/change-charge-mode?x", "/V5/iot/p/iotda-instances/I/RESIZE;x",
		"/v5/iot/p/iotda-instances//resize", "/v5/iot//iotda-instances", "/v5/iot/p/iotda-instances/i/x//../../resize",
		"/v5/iot/p/iotda-instances%2F%2Fresize", "/v5/iot/p/iotda-instances/i/resize/extra", "/v5/iot/p/iotda-instances/i/resize/x/..",
		"/a/b/c/d/e/f//x/..", "/v5/iot/p/iotda-instances/i/resize//x/..", "/v5/iot/p/iotda-instances/i%2Fchange-charge-mode/"} {
		f.Add("POST", uri)
	}
	f.Add("GET", "/v5/iot/p/iotda-instances")
	f.Add("GET", "/v5/iot/p/iotda-instances/i/resize")
	f.Fuzz(func(t *testing.T, method, uri string) {
		rt, ok := Match(method, uri)
		want, wok := matchReference(method, uri)
		if rt != want || ok != wok {
			t.Fatalf("Match(%q, %q) = %+v, %v; the reference says %+v, %v", method, uri, rt, ok, want, wok)
		}
	})
}

// FuzzConfig reads a plugin's configuration: it never panics, a mistake is
// an error that says it is the configuration's, and what it accepts is
// within its bounds and decides a request.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"strict":true,"max_body_bytes":4096,"fill_defaults":false,"fail_open":true,"lang":"zh"}`,
		`{"max_body_bytes":0}`, `{"lang":"fr"}`, `{"FAIL_OPEN":true}`, `{"strict":false,"strict":true}`, `{"catalog":null}`,
		`{"catalog":{"currency":"EUR","flavors":[{"type":"iotda.standard.s1","instance_type":"standard","charge_modes":["prePaid"],"price":{"month":"10"}}]}}`,
		`{} {}`, `[]`, `{"max_body_bytes":1e3}`, `{"fail_open":"true","max_body_bytes":"4194304","strict":"false"}`, `{"max_body_bytes":"0x10"}`} {
		f.Add([]byte(s))
	}
	body := requests.StandardYearly
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "gateway config") {
				t.Fatalf("error %q does not say it is the configuration's", err)
			}
			return
		}
		if c.MaxBodyBytes < 1 || c.MaxBodyBytes > MaxBodyLimit {
			t.Fatalf("max_body_bytes %d accepted", c.MaxBodyBytes)
		}
		if c.Lang != "" && c.Lang != core.English && c.Lang != core.Chinese {
			t.Fatalf("lang %q accepted", c.Lang)
		}
		requireSound(t, &c, &Request{Body: body, Route: Route{ProjectID: "p"}})
	})
}

// FuzzDecide decides requests of any body, route, project_id, instance_id
// and token: the plugin never fails on its own (a recovered panic would be a
// hidden bug), never forwards what the check rejects, answers in the API's
// shape, and writes headers a proxy can carry.
func FuzzDecide(f *testing.F) {
	for _, name := range requests.Names() {
		b := requests.Body(name)
		f.Add(b, "0123456789abcdef0123456789abcdef", "token", true, false, len(b), uint8(0), "")
	}
	f.Add(gt.Resize, gt.ProjectID, "", false, false, len(gt.Resize), uint8(1), gt.InstanceID)
	f.Add(gt.ChangeChargeMode, gt.ProjectID, "t", true, true, -1, uint8(2), "")
	f.Add([]byte(`{"flavor":{"type":"iotda.enterprise.e1","size":"2"},"is_auto_pay":"true"}`), "p", "", false, false, 10, uint8(1), "A/b")
	f.Add([]byte(`{"name":"a\u2028\r\n"}`), "../x", "\r\nX-Evil: 1", true, true, -1, uint8(0), "")
	f.Add([]byte("\xff"), "", "", false, false, 0, uint8(2), "\xff")
	f.Fuzz(func(t *testing.T, body []byte, projectID, token string, hasToken, strict bool, length int, api uint8, instanceID string) {
		rt := Route{API: core.APIs[int(api)%len(core.APIs)], ProjectID: projectID, InstanceID: instanceID}
		for _, c := range []Config{
			{MaxBodyBytes: core.DefaultMaxBytes, FillDefaults: true, Strict: strict},
			{MaxBodyBytes: 64, FailOpen: true, Lang: core.Chinese, Strict: strict},
		} {
			r := Request{Body: body, Route: rt, AuthToken: token, HasAuthToken: hasToken}
			requireSound(t, &c, &r)
			r.FixedLength, r.Length = true, length // a host that keeps the request's length
			requireSound(t, &c, &r)
			r.Authorization = gt.Signature // AK/SK signed
			requireSound(t, &c, &r)
		}
	})
}

// skippedBecause is why v forwards its request unchecked ("" when it does not).
func skippedBecause(v Verdict) string {
	reason, _ := header(v.RequestHeaders, HeaderSkipped)
	return reason
}

// requireSound decides r under c and checks the verdict against the check
// itself.
func requireSound(t *testing.T, c *Config, r *Request) {
	t.Helper()
	v := c.Decide(r)
	for _, h := range slices.Concat(v.RequestHeaders, v.ResponseHeaders, v.SuccessHeaders) {
		if strings.ContainsAny(h.Value, "\r\n\x00") || strings.ContainsAny(h.Name, "\r\n\x00: ") {
			t.Fatalf("header %q: %q cannot be carried", h.Name, h.Value)
		}
	}
	if len(r.Body) > c.MaxBodyBytes {
		if want := c.TooLarge(); v.Status != want.Status || v.Forward != want.Forward {
			t.Fatalf("a body over max_body_bytes: %+v, want %+v", v, want)
		}
		return
	}
	res := core.Check(r.Body, c.options(r))
	switch {
	case v.Status == 500 || skippedBecause(v) == "failure":
		t.Fatalf("the plugin failed on its own: %+v", v)
	case res.Valid != v.Forward:
		t.Fatalf("valid %v, forwarded %v", res.Valid, v.Forward)
	case !v.Forward:
		var e errorBody
		if v.Status != 400 || json.Unmarshal(v.ResponseBody, &e) != nil {
			t.Fatalf("a rejection that is not a 400 in the API's shape: %d %s", v.Status, v.ResponseBody)
		}
		if len(e.Errors) == 0 || len(e.Errors) > maxReported || !strings.HasPrefix(e.Code, "IOTDA.") {
			t.Fatalf("a rejection with %d errors, code %q", len(e.Errors), e.Code)
		}
		// Only the token's length counts: one of as many other characters
		// gets the same answer, so the token is never echoed.
		other := *r
		other.AuthToken = strings.Repeat("a", utf8.RuneCountInString(r.AuthToken))
		if w := c.Decide(&other); !bytes.Equal(w.ResponseBody, v.ResponseBody) {
			t.Fatalf("the answer depends on the token %q, not only on its length:\n%s\n%s", r.AuthToken, v.ResponseBody, w.ResponseBody)
		}
	case r.SignsBody() && v.Body != nil:
		t.Fatalf("the body of a signed request was replaced: the API would refuse its signature")
	case r.FixedLength && v.Body != nil && len(v.Body) != r.Length:
		t.Fatalf("a body of %d bytes for a host that forwards %d: it would be cut or lost", len(v.Body), r.Length)
	case r.FixedLength && !r.SignsBody() && v.Body == nil && c.FillDefaults && len(res.Request) <= r.Length && r.Length <= c.MaxBodyBytes:
		t.Fatalf("a filled body of %d bytes fits the %d the host keeps, but was not used", len(res.Request), r.Length)
	case v.Body == nil && c.FillDefaults && !r.FixedLength && !r.SignsBody() || v.Body != nil && !json.Valid(v.Body):
		t.Fatalf("a forwarded body that is not JSON: %q", v.Body)
	case !c.FillDefaults && v.Body != nil:
		t.Fatalf("the body was replaced without fill_defaults: %q", v.Body)
	}
	if !v.Forward {
		return
	}
	if _, priced := header(v.SuccessHeaders, HeaderEstimate); priced != r.create() {
		t.Fatalf("%s: %s %v: only create's response is priced", r.API, HeaderEstimate, priced)
	}
	// A body used is the check's own, padded with spaces and nothing else,
	// and the header says what was filled in it; a body not used fills
	// nothing.
	defaults, _ := header(v.RequestHeaders, HeaderDefaults)
	switch {
	case v.Body != nil && (!bytes.HasPrefix(v.Body, res.Request) || len(bytes.Trim(v.Body[len(res.Request):], " ")) != 0):
		t.Fatalf("forwarded %q, not the check's %q padded with spaces", v.Body, res.Request)
	case v.Body != nil && defaults != strings.Join(res.Defaults, ","):
		t.Fatalf("%s %q for a body filled at %q", HeaderDefaults, defaults, res.Defaults)
	case v.Body == nil && defaults != "":
		t.Fatalf("%s %q for a body forwarded as sent", HeaderDefaults, defaults)
	}
}

// FuzzBegin reads any request line and headers: it never panics, matches
// exactly what Match matches, keeps the length it read within bounds, and
// decides at the headers only a body it cannot read or one too large.
func FuzzBegin(f *testing.F) {
	f.Add("POST", gt.Path, "12", "gzip", "token")
	f.Add("POST", gt.Path, "99999999999999999999", "", "")
	f.Add("POST", gt.Path, "-1", "identity, br", "\r\n")
	f.Add("GET", gt.Path, "", "", "")
	f.Fuzz(func(t *testing.T, method, uri, length, coding, token string) {
		c := Config{MaxBodyBytes: 1000}
		h := fakeHeaders{"Content-Length": {length}, "Content-Encoding": {coding}, "X-Auth-Token": {token}}
		r, v, matched, decided := c.Begin(method, uri, h, false)
		if _, ok := Match(method, uri); ok != matched {
			t.Fatalf("matched %v, Match says %v", matched, ok)
		}
		if !matched {
			return
		}
		if r.Length < -1 || r.Length > MaxBodyLimit+1 {
			t.Fatalf("length %d out of bounds", r.Length)
		}
		if decided && v.Status != 413 && v.Status != 415 {
			t.Fatalf("decided at the headers with %d", v.Status)
		}
		if r.AuthToken != token || !r.HasAuthToken {
			t.Fatalf("token %q, sent %q", r.AuthToken, token)
		}
	})
}
