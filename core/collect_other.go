//go:build !wasm

package core

// collectAfter does nothing natively: the process's collector paces itself
// against the whole heap, and a call that forced a collection would hold up
// its caller for nothing (see collect_wasm.go).
func collectAfter([]byte) {}
