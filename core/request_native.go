//go:build !wasm

package core

// walkWrites is set natively: the rules' walk writes the request to s.req
// as it goes (see request.go).
const walkWrites = true
