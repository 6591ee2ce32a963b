package core

// walkWrites is clear as WebAssembly: the request is written by a pass of
// its own, appendTree (see request.go).
const walkWrites = false
