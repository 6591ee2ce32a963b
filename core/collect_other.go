//go:build !wasm

package core

// afterCheck does nothing natively: the collector runs on threads of its
// own and paces itself against the whole heap (see collect_wasm.go).
func afterCheck([]byte, int) {}
