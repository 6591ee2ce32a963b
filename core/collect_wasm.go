package core

import "runtime"

// collectAfter collects the garbage a check of a large body left, as soon as
// the check is done. As WebAssembly, memory never shrinks and an instance's
// is capped: the garbage of one large body (the growth of its nodes, its
// documents) would otherwise still be there when the next one arrives, which
// would then need twice the memory one needs (eight kinds of dense 1 MiB
// body, three times over on one instance: 44 MiB with the collection, 62
// without). A large body's check costs tens of milliseconds here; the
// collection, of a heap whose live part is small again, a few.
func collectAfter(body []byte) {
	if len(body) > collectAbove {
		runtime.GC()
	}
}

// collectAbove is the body size past which a check collects its garbage.
const collectAbove = 256 << 10
