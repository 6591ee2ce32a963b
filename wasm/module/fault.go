//go:build preflight_faults

package main

import (
	"bytes"
	"time"
)

// The fault-injection build (go build -tags preflight_faults) is for the
// host's fault tests only: bodies that start with these prefixes make check
// misbehave. The production module is built without the tag and has no such
// path.
var (
	faultPanic = []byte("\x00fault:panic")
	faultOOM   = []byte("\x00fault:oom")
	faultLoop  = []byte("\x00fault:loop")
	faultDeep  = []byte("\x00fault:deep")
	faultCrash = []byte("\x00fault:crash")
)

var sink [][]byte

func init() {
	beforeCheck = func(body []byte) {
		switch {
		case bytes.HasPrefix(body, faultPanic):
			panic("fault injected by the test build")
		case bytes.HasPrefix(body, faultOOM):
			for {
				sink = append(sink, make([]byte, 1<<20))
			}
		case bytes.HasPrefix(body, faultDeep):
			sink = append(sink, make([]byte, recurse(1<<22)))
		case bytes.HasPrefix(body, faultCrash):
			// A panic no export recovers: the Go runtime prints its reason
			// and a goroutine's stack, and exits.
			go func() { panic("fault injected in a goroutine") }()
			select {}
		case bytes.HasPrefix(body, faultLoop):
			for start := time.Now(); ; {
				if time.Since(start) < 0 {
					return
				}
			}
		}
	}
}

// recurse goes n calls deep: what a body nested past every engine's stack
// would make the reader do without core.MaxDepthLimit.
//
//go:noinline
func recurse(n int) int {
	if n == 0 {
		return 0
	}
	return recurse(n-1) + 1
}
