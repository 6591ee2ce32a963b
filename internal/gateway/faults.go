//go:build preflight_faults

package gateway

import "github.com/iotda-preflight/preflight/core"

// With the preflight_faults build tag (tests only, never a shipped module),
// a request whose project_id is "preflight-fault-panic" makes the check
// panic, so tests can drive the plugins' failure path (fail open, fail
// closed) through the compiled modules.
func init() {
	real := check
	check = func(body []byte, o core.Options) *core.Result {
		if o.Params != nil && o.Params.ProjectID == "preflight-fault-panic" {
			panic("injected fault")
		}
		return real(body, o)
	}
}
