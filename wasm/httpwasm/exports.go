//go:build wasip1

package main

// The handler ABI's exports: the host calls them; the logic is main.go's,
// which also builds natively.

//go:wasmexport handle_request
func exportHandleRequest() uint64 { return handleRequest() }

//go:wasmexport handle_response
func exportHandleResponse(reqCtx uint32, isError uint32) { handleResponse(reqCtx, isError) }
