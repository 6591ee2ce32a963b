// Package traefiktest runs the http-wasm plugin (wasm/httpwasm) in real
// Traefik: build.sh builds a pinned Traefik from the Go module proxy and
// caches it outside the clone; the tests run it on 127.0.0.1 with the
// repository's configuration (examples/gateway/traefik), the plugin as a
// local plugin with its manifest, and a backend of their own.
//
//	make traefik-test
package traefiktest
