package gateway

import (
	"net/url"
	"strings"
)

// The one route the plugins check: "Create an IoTDA Instance".
const (
	routePrefix = "/v5/iot/"
	routeSuffix = "/iotda-instances"
)

// Match reports whether a request is POST /v5/iot/{project_id}/iotda-instances
// and returns the path's project_id, percent-decoded. uri is the request
// target as hosts give it: the path and an optional query, which is ignored.
// One trailing slash is tolerated, so "/iotda-instances/" cannot slip past
// the check to a backend that accepts it. The project_id itself is not
// checked here: an empty or malformed one is a problem the check reports.
func Match(method, uri string) (projectID string, ok bool) {
	if method != "POST" {
		return "", false
	}
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		uri = uri[:i]
	}
	if !strings.HasPrefix(uri, routePrefix) {
		return "", false
	}
	rest := strings.TrimSuffix(uri[len(routePrefix):], "/")
	seg, found := strings.CutSuffix(rest, routeSuffix)
	if !found || strings.Contains(seg, "/") {
		return "", false
	}
	if dec, err := url.PathUnescape(seg); err == nil && !strings.Contains(dec, "/") {
		seg = dec
	}
	return seg, true
}
