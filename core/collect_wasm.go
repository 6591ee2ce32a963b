package core

import "runtime"

// afterCheck gives the garbage collector, as WebAssembly, what it cannot
// take for itself. A module is a reactor: its host calls an export, and
// the collector's own goroutines run only when that call lets the
// scheduler run, which a check never does. A cycle then waits for them,
// unfinished, while the heap grows call after call: a host making 100,000
// small calls ran an instance out of 128 MiB (FuzzDifferential, then
// TestGuestCollects). So every yieldEvery calls it yields once (a yield
// costs 3.4% of a check's instructions: 0.2% spread over sixteen).
//
// And it collects the garbage a large body left, as soon as that check is
// done: memory never shrinks and an instance's is capped, and the next large
// body would otherwise find the last one's garbage still there and need
// twice the memory (eight kinds of dense 1 MiB body, three times over on
// one instance: 44 MiB with the collection, 62 without). A large body's
// check costs tens of milliseconds; the collection, of a heap whose live
// part is small again, a few. (A body over maxBytes was not read: it left
// nothing to collect.)
func afterCheck(body []byte, maxBytes int) {
	switch calls++; {
	case len(body) > collectAbove && len(body) <= maxBytes:
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
