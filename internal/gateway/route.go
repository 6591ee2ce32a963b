package gateway

import (
	"net/url"
	"strings"

	"github.com/iotda-preflight/preflight/core"
)

// Route is a request Match recognized: which of the checked requests it is,
// and its path parameters, percent-decoded.
type Route struct {
	API        core.API
	ProjectID  string // the path's {project_id}
	InstanceID string // the path's {instance_id}; "" for create, which has none
}

// create reports whether the check reads the route as create's: core
// checks any API but the other two as create (core.Options.API), the zero
// Route's included.
func (rt *Route) create() bool { return rt.API != core.APIResize && rt.API != core.APIChangeChargeMode }

// Match reports whether a request is one the check covers, and which:
//
//	POST /v5/iot/{project_id}/iotda-instances                                 (core.APICreate)
//	POST /v5/iot/{project_id}/iotda-instances/{instance_id}/resize             (core.APIResize)
//	POST /v5/iot/{project_id}/iotda-instances/{instance_id}/change-charge-mode (core.APIChangeChargeMode)
//
// It returns the route with the path's parameters, percent-decoded. uri is
// the request target as hosts give it: the path and an optional query,
// which is ignored.
//
// The path is matched the way lenient backends route it, so that no spelling
// of a route slips past the check to a backend that accepts it: each
// segment percent-decoded ("iotda%2Dinstances"), matrix parameters dropped
// (";x=1"), empty and "." segments dropped and ".." resolved ("/v5//iot/",
// "/./", a trailing slash), and the fixed segments compared without regard
// to case ("RESIZE"). A decoded slash ("%2F") is read both ways backends
// read it: kept in its segment ("a%2Fb" is the project_id "a/b", which the
// check rejects), and, when that does not make a route, as a separator
// ("/v5%2Fiot/p/iotda-instances", "iotda-instances%2F"), as a router that
// decodes the path before matching does.
//
// A path that makes no route with its empty segments dropped is read once
// more with them kept, as a router that resolves dots but does not merge
// slashes reads it (RFC 3986): an empty segment is then a segment, ".."
// removes it like any other, and only the slashes at the root (before the
// first segment, or after a ".." back to it) and one at the end are not
// segments. So "/iotda-instances//resize" is
// resize with the instance_id "", and "/v5/iot//iotda-instances" create with
// the project_id "", each of which the check reports as required: such a
// router would hand the backend an empty parameter, and a router that
// merges slashes instead sends the path to no POST route of the API
// (".../iotda-instances/resize", "/v5/iot/iotda-instances").
//
// The first reading that makes a route decides: a decoded slash kept, with
// the empty segments dropped, then kept; then a decoded slash a separator,
// in the same order. A request matched this way that the real API would not
// route is only checked, never harmed: a valid body is forwarded as it would
// have been. The parameters themselves are not checked here: an empty or
// malformed one is a problem the check reports.
func Match(method, uri string) (Route, bool) {
	if method != "POST" { // methods are case-sensitive (RFC 9110)
		return Route{}, false
	}
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		uri = uri[:i]
	}
	slash := strings.Contains(uri, "%2F") || strings.Contains(uri, "%2f")
	if rt, ok := read(uri, false); ok || !slash {
		return rt, ok
	}
	return read(uri, true)
}

// read matches uri with its empty segments dropped and, when that makes no
// route and one was dropped past the first segment (only then can the two
// readings differ), kept; a decoded slash separates segments when split is
// set.
func read(uri string, split bool) (Route, bool) {
	var p resolved
	p.resolve(uri, split, false)
	if rt, ok := p.route(); ok || !p.dropped {
		return rt, ok
	}
	p = resolved{}
	p.resolve(uri, split, true)
	return p.route()
}

// resolved is a path's segments, resolved as Match describes. Only the first
// len(segs) are kept, but depth counts them all: a ".." further on can still
// bring a longer path back to a route ("/v5/iot/p/iotda-instances/x/..").
// The longest route has six segments; the seventh is kept so that a path of
// seven whose last is empty, which counts as a trailing slash, is read.
type resolved struct {
	segs  [7]string
	depth int
	// keepEmpty: empty segments are segments (else they are dropped, and
	// dropped says one was, past the first segment). empties counts the
	// empty segments not yet followed by another: one at the very end is a
	// trailing slash.
	keepEmpty, dropped bool
	empties            int
}

// resolve reads uri's segments, a decoded slash separating segments when
// split is set.
func (p *resolved) resolve(uri string, split, keepEmpty bool) {
	p.keepEmpty = keepEmpty
	for more := true; more; {
		var seg string
		seg, uri, more = strings.Cut(uri, "/")
		if i := strings.IndexByte(seg, ';'); i >= 0 {
			seg = seg[:i]
		}
		if dec, err := url.PathUnescape(seg); err == nil { // no copy without a '%'
			seg = dec
		}
		if !split {
			p.add(seg)
			continue
		}
		for inner := true; inner; {
			var part string
			part, seg, inner = strings.Cut(seg, "/")
			p.add(part)
		}
	}
	if p.empties > 0 {
		p.empties-- // a trailing slash
	} else if p.depth > 0 && p.depth <= len(p.segs) && p.segs[p.depth-1] == "" {
		p.depth-- // likewise, left by a ".." ("/a//b/..")
	}
	p.flush()
}

func (p *resolved) add(seg string) {
	switch seg {
	case ".":
	case "":
		switch {
		case p.depth == 0: // the slashes before the first segment
		case p.keepEmpty:
			p.empties++
		default:
			p.dropped = true
		}
	case "..":
		if p.empties > 0 {
			p.empties--
		} else if p.depth > 0 {
			p.depth--
		}
	default:
		p.flush()
		p.push(seg)
	}
}

// flush makes the empty segments waiting for another segment segments.
func (p *resolved) flush() {
	for ; p.empties > 0; p.empties-- {
		p.push("")
	}
}

func (p *resolved) push(seg string) {
	if p.depth < len(p.segs) {
		p.segs[p.depth] = seg
	}
	p.depth++
}

// route is the route the resolved segments make.
func (p *resolved) route() (Route, bool) {
	s := &p.segs
	if (p.depth != 4 && p.depth != 6) || !strings.EqualFold(s[0], "v5") || !strings.EqualFold(s[1], "iot") ||
		!strings.EqualFold(s[3], "iotda-instances") {
		return Route{}, false
	}
	if p.depth == 4 {
		return Route{API: core.APICreate, ProjectID: s[2]}, true
	}
	for _, api := range [...]core.API{core.APIResize, core.APIChangeChargeMode} {
		if strings.EqualFold(s[5], string(api)) { // the route's last segment is the API's name
			return Route{API: api, ProjectID: s[2], InstanceID: s[4]}, true
		}
	}
	return Route{}, false
}
