//go:build !wasm

package core

// walkWrites is set natively: the rules' walk writes the request to s.req
// as it goes (see request.go).
const walkWrites = true

// appendRequest appends the normalized request, which the walk wrote.
func (s *state) appendRequest(dst []byte) []byte { return append(dst, s.req...) }
