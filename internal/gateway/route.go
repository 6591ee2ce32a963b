package gateway

import (
	"net/url"
	"strings"
)

// Match reports whether a request is POST /v5/iot/{project_id}/iotda-instances
// and returns the path's project_id, percent-decoded. uri is the request
// target as hosts give it: the path and an optional query, which is ignored.
//
// The path is matched the way lenient backends route it, so that no spelling
// of the route slips past the check to a backend that accepts it: each
// segment percent-decoded ("iotda%2Dinstances"), matrix parameters dropped
// (";x=1"), empty and "." segments dropped and ".." resolved ("/v5//iot/",
// "/./", a trailing slash), and the fixed segments compared without regard
// to case. A decoded slash ("%2F") is read both ways backends read it: kept
// in its segment ("a%2Fb" is the project_id "a/b", which the check rejects),
// and, when that does not make the route, as a separator
// ("/v5%2Fiot/p/iotda-instances", "iotda-instances%2F"), as a router that
// decodes the path before matching does. A request matched this way that the
// real API would not route is only checked, never harmed: a valid body is
// forwarded as it would have been. The project_id itself is not checked
// here: an empty or malformed one is a problem the check reports.
func Match(method, uri string) (projectID string, ok bool) {
	if method != "POST" { // methods are case-sensitive (RFC 9110)
		return "", false
	}
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		uri = uri[:i]
	}
	if projectID, ok = match(uri, false); ok {
		return projectID, true
	}
	if strings.Contains(uri, "%2F") || strings.Contains(uri, "%2f") {
		return match(uri, true)
	}
	return "", false
}

// match resolves the path's segments as Match describes, a decoded slash
// separating segments when split is set.
func match(uri string, split bool) (projectID string, ok bool) {
	// depth counts the segments of the path resolved so far; only the first
	// len(segs) are kept, but a ".." further on can still bring a longer
	// path back to the route ("/v5/iot/p/iotda-instances/x/..").
	var segs [4]string
	depth := 0
	add := func(seg string) {
		switch seg {
		case "", ".":
		case "..":
			if depth > 0 {
				depth--
			}
		default:
			if depth < len(segs) {
				segs[depth] = seg
			}
			depth++
		}
	}
	for _, seg := range strings.Split(uri, "/") {
		if i := strings.IndexByte(seg, ';'); i >= 0 {
			seg = seg[:i]
		}
		if dec, err := url.PathUnescape(seg); err == nil {
			seg = dec
		}
		if !split {
			add(seg)
			continue
		}
		for _, part := range strings.Split(seg, "/") {
			add(part)
		}
	}
	if depth != len(segs) || !strings.EqualFold(segs[0], "v5") || !strings.EqualFold(segs[1], "iot") ||
		!strings.EqualFold(segs[3], "iotda-instances") {
		return "", false
	}
	return segs[2], true
}
