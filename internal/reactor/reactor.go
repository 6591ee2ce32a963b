// Package reactor holds what only a WebAssembly reactor needs around the
// core's calls: the core itself does no such housekeeping.
package reactor

import "runtime"

// AfterCall gives the garbage collector what it cannot take for itself in a
// reactor; a reactor calls it after each check, with the body's length and
// the check's body limit. The host calls an export, and the collector's own
// goroutines run only when that call lets the scheduler run, which a check
// never does: a cycle then waits, unfinished, while the heap grows call
// after call. So every yieldEvery calls it yields once.
//
// And it collects the garbage a large body left, as soon as that check is
// done: memory never shrinks and an instance's is capped, and the next large
// body would otherwise find the last one's garbage still there and need
// twice the memory. A body over the limit was not read: it left nothing to
// collect. (RATIONALE.md, "Module and host", has the figures.)
func AfterCall(bodyLen, limit int) {
	switch calls++; {
	case bodyLen > collectAbove && bodyLen <= limit:
		runtime.GC()
	case calls%yieldEvery == 0:
		runtime.Gosched()
	}
}

const (
	// collectAbove is the body size past which a check collects.
	collectAbove = 256 << 10
	// yieldEvery is how many checks pass between two yields.
	yieldEvery = 16
)

// calls counts checks (one goroutine at a time runs WebAssembly here).
var calls uint32
