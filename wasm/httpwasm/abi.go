//go:build wasip1

package main

import "unsafe"

// The http-wasm handler ABI (module "http_handler"), as http-wasm-host-go
// v0.7.0 implements it. Only what the plugin uses is imported. Sizes and
// offsets are 32-bit; results that carry two numbers pack them in 64 bits.
// abi_stub.go stands in for these imports in a native build, so the
// plugin's logic compiles, vets and tests natively.

//go:wasmimport http_handler get_config
func hostGetConfig(buf unsafe.Pointer, limit uint32) uint32

//go:wasmimport http_handler log
func hostLog(level int32, msg unsafe.Pointer, msgLen uint32)

//go:wasmimport http_handler get_method
func hostGetMethod(buf unsafe.Pointer, limit uint32) uint32

//go:wasmimport http_handler get_uri
func hostGetURI(buf unsafe.Pointer, limit uint32) uint32

//go:wasmimport http_handler get_header_values
func hostGetHeaderValues(kind uint32, name unsafe.Pointer, nameLen uint32, buf unsafe.Pointer, limit uint32) uint64

//go:wasmimport http_handler set_header_value
func hostSetHeaderValue(kind uint32, name unsafe.Pointer, nameLen uint32, value unsafe.Pointer, valueLen uint32)

//go:wasmimport http_handler remove_header
func hostRemoveHeader(kind uint32, name unsafe.Pointer, nameLen uint32)

//go:wasmimport http_handler read_body
func hostReadBody(kind uint32, buf unsafe.Pointer, limit uint32) uint64

//go:wasmimport http_handler write_body
func hostWriteBody(kind uint32, buf unsafe.Pointer, bufLen uint32)

//go:wasmimport http_handler set_status_code
func hostSetStatusCode(code uint32)

//go:wasmimport http_handler get_status_code
func hostGetStatusCode() uint32

//go:wasmimport http_handler enable_features
func hostEnableFeatures(features uint32) uint32
