package main

import (
	"strings"
	"unsafe"
)

// What the plugin makes of the http-wasm handler ABI's calls (abi.go, or
// abi_stub.go natively).

const (
	headerRequest  = 0 // HeaderKindRequest
	headerResponse = 1 // HeaderKindResponse
	bodyRequest    = 0 // BodyKindRequest
	bodyResponse   = 1 // BodyKindResponse
)

// featureBufferResponse is the ABI's buffer_response feature: the next
// handler's response is held until handle_response has run, so its headers
// can still change.
const featureBufferResponse = 1 << 1

// ptr is the address of b's first byte, or nil when b is empty (the host
// reads nothing for a zero length).
func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

func strPtr(s string) unsafe.Pointer {
	if s == "" {
		return nil
	}
	return unsafe.Pointer(unsafe.StringData(s))
}

// scratch receives the values the host writes; an instance serves one
// request at a time, so one buffer serves every call.
var scratch = make([]byte, 2048)

// getString reads a value the host writes only when it fits: it asks with
// the scratch buffer and, when the value is larger, once more with its size.
func getString(get func(buf unsafe.Pointer, limit uint32) uint32) string {
	buf := scratch
	n := get(ptr(buf), uint32(len(buf)))
	if int(n) > len(buf) {
		buf = make([]byte, n)
		n = get(ptr(buf), n)
	}
	return string(buf[:n])
}

func config() []byte { return []byte(getString(hostGetConfig)) }
func method() string { return getString(hostGetMethod) }
func uri() string    { return getString(hostGetURI) }

// requestHeader returns the first value of a request header and whether it
// was sent.
func requestHeader(name string) (string, bool) {
	vals, ok := requestHeaderValues(name)
	first, _, _ := strings.Cut(vals, "\x00")
	return first, ok
}

// requestHeaderList returns every value of a request header, joined with
// ", " as one list (RFC 9110: a header sent on several lines is the list of
// all of them), and whether it was sent.
func requestHeaderList(name string) (string, bool) {
	vals, ok := requestHeaderValues(name)
	return strings.ReplaceAll(strings.TrimSuffix(vals, "\x00"), "\x00", ", "), ok
}

// requestHeaderValues returns a request header's values as the host gives
// them, each NUL-terminated, and whether it was sent.
func requestHeaderValues(name string) (string, bool) {
	buf := scratch
	countLen := hostGetHeaderValues(headerRequest, strPtr(name), uint32(len(name)), ptr(buf), uint32(len(buf)))
	if countLen == 0 {
		return "", false
	}
	if n := uint32(countLen); int(n) > len(buf) {
		buf = make([]byte, n)
		countLen = hostGetHeaderValues(headerRequest, strPtr(name), uint32(len(name)), ptr(buf), n)
	}
	return string(buf[:uint32(countLen)]), true
}

// hostHeaders reads the request's headers for gateway.Config.Begin.
type hostHeaders struct{}

func (hostHeaders) Header(name string) (string, bool) { return requestHeader(name) }
func (hostHeaders) HeaderList(name string) string {
	l, _ := requestHeaderList(name)
	return l
}

func setHeader(kind uint32, name, value string) {
	if value == "" {
		hostRemoveHeader(kind, strPtr(name), uint32(len(name)))
		return
	}
	hostSetHeaderValue(kind, strPtr(name), uint32(len(name)), strPtr(value), uint32(len(value)))
}

// readChunk reads what the request body has next into buf.
func readChunk(buf []byte) (n int, eof bool) {
	eofLen := hostReadBody(bodyRequest, ptr(buf), uint32(len(buf)))
	return int(uint32(eofLen)), eofLen>>32 != 0
}

func writeBody(kind uint32, b []byte) {
	hostWriteBody(kind, ptr(b), uint32(len(b)))
}

func logError(msg string) {
	const levelError = 2 // api.LogLevelError
	hostLog(levelError, strPtr(msg), uint32(len(msg)))
}
