//go:build !wasip1

package main

import (
	"net/http"
	"strings"
	"unsafe"
)

// A stub of the handler ABI's imports for the native build: one request
// held in memory (stub), so the plugin's logic compiles, vets and tests
// natively. Its semantics are http-wasm-host-go's: get_* write only when
// the value fits and return its length; write_body replaces the body on
// its first call for a request and appends after.

// stubHost is the request the stub serves and what the plugin did to it.
type stubHost struct {
	config      []byte
	method, uri string
	reqHeader   http.Header
	body        []byte // the request body the plugin reads
	read        int
	written     [2]bool // request, response body written for this request
	newBody     []byte  // the request body the plugin wrote
	status      uint32
	respHeader  http.Header
	respBody    []byte
	features    uint32
	logs        []string
	failRead    string // read_body panics with it (a host call that failed)
}

var stub = &stubHost{reqHeader: http.Header{}, respHeader: http.Header{}}

func bytesAt(p unsafe.Pointer, n uint32) []byte {
	if p == nil || n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(p), n)
}

func put(buf unsafe.Pointer, limit uint32, v []byte) uint32 {
	if uint32(len(v)) <= limit {
		copy(bytesAt(buf, limit), v)
	}
	return uint32(len(v))
}

func hostGetConfig(buf unsafe.Pointer, limit uint32) uint32 { return put(buf, limit, stub.config) }
func hostGetMethod(buf unsafe.Pointer, limit uint32) uint32 {
	return put(buf, limit, []byte(stub.method))
}
func hostGetURI(buf unsafe.Pointer, limit uint32) uint32 { return put(buf, limit, []byte(stub.uri)) }

func hostLog(_ int32, msg unsafe.Pointer, msgLen uint32) {
	stub.logs = append(stub.logs, string(bytesAt(msg, msgLen)))
}

func (s *stubHost) header(kind uint32) http.Header {
	if kind == headerRequest {
		return s.reqHeader
	}
	return s.respHeader
}

func hostGetHeaderValues(kind uint32, name unsafe.Pointer, nameLen uint32, buf unsafe.Pointer, limit uint32) uint64 {
	vals := stub.header(kind).Values(string(bytesAt(name, nameLen)))
	if len(vals) == 0 {
		return 0
	}
	joined := strings.Join(vals, "\x00") + "\x00"
	return uint64(len(vals))<<32 | uint64(put(buf, limit, []byte(joined)))
}

func hostSetHeaderValue(kind uint32, name unsafe.Pointer, nameLen uint32, value unsafe.Pointer, valueLen uint32) {
	stub.header(kind).Set(string(bytesAt(name, nameLen)), string(bytesAt(value, valueLen)))
}

func hostRemoveHeader(kind uint32, name unsafe.Pointer, nameLen uint32) {
	stub.header(kind).Del(string(bytesAt(name, nameLen)))
}

func hostReadBody(_ uint32, buf unsafe.Pointer, limit uint32) uint64 {
	if stub.failRead != "" {
		panic(stub.failRead)
	}
	n := copy(bytesAt(buf, limit), stub.body[stub.read:])
	stub.read += n
	eof := uint64(0)
	if stub.read == len(stub.body) {
		eof = 1
	}
	return eof<<32 | uint64(n)
}

func hostWriteBody(kind uint32, buf unsafe.Pointer, bufLen uint32) {
	b := append([]byte(nil), bytesAt(buf, bufLen)...)
	dst := &stub.newBody
	if kind == bodyResponse {
		dst = &stub.respBody
	}
	if !stub.written[kind] {
		*dst, stub.written[kind] = b, true
		return
	}
	*dst = append(*dst, b...)
}

func hostSetStatusCode(code uint32) { stub.status = code }
func hostGetStatusCode() uint32     { return stub.status }

func hostEnableFeatures(features uint32) uint32 {
	stub.features |= features
	return stub.features
}
