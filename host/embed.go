package host

import _ "embed"

// embeddedModule is build/preflight.wasm as of the last `make embed`;
// `make check` fails when it differs from a fresh build of wasm/module.
//
//go:embed preflight.wasm
var embeddedModule []byte
