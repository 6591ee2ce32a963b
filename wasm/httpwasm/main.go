//go:build wasip1

// Command httpwasm is iotda-preflight as an http-wasm middleware for Traefik,
// Dapr and any other http-wasm host. It is written against the http-wasm
// handler ABI directly (abi.go) because the ABI's TinyGo guest library does
// not build with the standard Go compiler. Build it as a WASI reactor:
//
//	go run ./internal/wasmbuild/build -o build/httpwasm.wasm ./wasm/httpwasm    # make plugins
//
// (the go command's GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared,
// with the jumps threaded as for every module of this repository: see
// wasm/module's Build).
//
// The host must run the reactor's "_initialize" export when it instantiates
// the module (with http-wasm-host-go: handler.ModuleConfig with
// wazero.NewModuleConfig().WithStartFunctions("_initialize")); examples/gateway
// shows it. The configuration (get_config) is the JSON object
// internal/gateway documents; a bad one fails the instantiation, so the host
// refuses the middleware instead of running it half-configured.
//
// A host built on Go's net/http, as Traefik and Dapr are, forwards the
// request with the Content-Length it came with, whatever body the plugin
// writes (the header the plugin sets does not reach the field Go's transport
// frames by). So a request that came with a Content-Length is decided with
// that length fixed (gateway.Request's FixedLength): the filled body is
// padded with spaces to it, or, longer, not used, and the body goes on as
// sent. A chunked request gets the filled body whatever its length. A host
// that frames the forwarded request by the Content-Length header the plugin
// sets can hand the plugin the request without one, and every valid body is
// then filled; examples/gateway does.
//
// Traefik passes a plugin's options to get_config as JSON, so the options
// are the configuration's members, e.g. in a dynamic configuration:
//
//	http:
//	  middlewares:
//	    iotda-preflight:
//	      plugin:
//	        iotda-preflight: {fail_open: false, max_body_bytes: 1048576}
//
// What a request becomes is decided by internal/gateway; this file only moves
// bytes between the ABI and it. Two things are specific to this ABI:
//
//   - the body is read before the next handler runs and always written back
//     (the filled body, or the bytes as read): hosts are not required to keep
//     a body the guest read, and http-wasm-host-go v0.7.0's request buffering
//     keeps only the bytes of a read that also returned an error, so relying
//     on it would forward an empty body. Writing it back works on every host.
//     With a new body the Content-Length header is set to its length.
//   - the estimate's response headers go on a successful (2xx) response
//     only, so for a request forwarded with an estimate the plugin has the
//     host hold the response (buffer_response, for that request only) and
//     sets them in handle_response; a host that cannot hold it gets them
//     before the next handler runs, on any status.
package main

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/iotda-preflight/preflight/internal/gateway"
	"github.com/iotda-preflight/preflight/internal/reactor"
)

func main() {}

var cfg gateway.Config

func init() {
	c, err := gateway.ParseConfig(config())
	if err != nil {
		logError("iotda-preflight: " + err.Error())
		panic(err) // fails the module's instantiation: the host reports it
	}
	cfg = c
}

// chunk is the size of one read_body call.
const chunk = 64 << 10

// handleRequest checks a matched request before the next handler sees it.
// It returns 1 (go on to the next handler) or 0 (the plugin answered).
//
//go:wasmexport handle_request
func handleRequest() (ctxNext uint64) {
	var rb requestBody
	onSuccess = nil
	defer func() {
		if p := recover(); p != nil {
			logError(fmt.Sprintf("iotda-preflight: plugin failure: %v", p))
			ctxNext = failed(cfg.Failure(fmt.Sprint(p)), &rb)
		}
	}()
	projectID, ok := gateway.Match(method(), uri())
	if !ok {
		return 1
	}
	req := gateway.Request{ProjectID: projectID}
	req.AuthToken, req.HasAuthToken = requestHeader(gateway.HeaderAuthToken)
	req.Authorization, _ = requestHeader(gateway.HeaderAuthorization)
	req.ContentSHA256, _ = requestHeader(gateway.HeaderContentSHA256)
	coding, _ := requestHeaderList(gateway.HeaderContentEncoding) // every line of it
	cl, hasCL := requestHeader("Content-Length")
	length := int64(-1)
	if hasCL {
		length = gateway.ContentLength(cl)
	}
	if v, ok := cfg.AtHeaders(coding, length); ok {
		return apply(v, &rb)
	}
	req.FixedLength, req.Length = hasCL, int(length) // the host keeps a length it was sent
	if rb.read(cfg.MaxBodyBytes); rb.unread {
		return apply(cfg.TooLarge(), &rb)
	}
	req.Body = rb.bytes
	defer reactor.AfterCall(len(req.Body), cfg.MaxBodyBytes)
	return apply(cfg.Decide(&req), &rb)
}

// onSuccess holds the verdict's SuccessHeaders (the estimate) from
// handle_request to handle_response: the host keeps one instance for a
// request from the one to the other, and serves no other request with it
// meanwhile.
var onSuccess []gateway.Header

// handleResponse sets the estimate's headers on the backend's response when
// it is a success; the host held the response for it (buffer_response,
// enabled for that request only).
//
//go:wasmexport handle_response
func handleResponse(reqCtx uint32, isError uint32) {
	headers := onSuccess
	onSuccess = nil
	defer func() { // the response is the backend's: never fail it for a header
		if p := recover(); p != nil {
			logError(fmt.Sprintf("iotda-preflight: setting the estimate headers: %v", p))
		}
	}()
	if isError != 0 || len(headers) == 0 || !gateway.Success(int(hostGetStatusCode())) {
		return
	}
	for _, h := range headers {
		setHeader(headerResponse, h.Name, h.Value)
	}
}

// requestBody is what the plugin took from the host's request body.
type requestBody struct {
	bytes   []byte
	started bool // reading began: the host's body is (partly) consumed
	unread  bool // more of it is still in the host
}

// bodyBuf holds the body of the request being served; an instance serves
// one request at a time, so it is reused rather than allocated per request.
var bodyBuf []byte

// read reads the request body up to limit bytes; past them it stops with
// more than limit bytes read and unread set. The host writes straight into
// bodyBuf's spare capacity.
func (rb *requestBody) read(limit int) {
	rb.started, rb.unread = true, true
	b := bodyBuf[:0]
	defer func() { bodyBuf = b[:0]; rb.bytes = b }()
	for {
		b = slices.Grow(b, chunk)
		n, eof := readChunk(b[len(b) : len(b)+chunk])
		b = b[:len(b)+n]
		if eof {
			rb.unread = false
			return
		}
		if len(b) > limit {
			return
		}
	}
}

// apply carries out a verdict.
func apply(v gateway.Verdict, rb *requestBody) uint64 {
	if !v.Forward {
		// Headers first: a host that does not buffer the response sends them
		// with the status code.
		setHeader(headerResponse, "Content-Type", gateway.ContentType)
		for _, h := range v.ResponseHeaders {
			setHeader(headerResponse, h.Name, h.Value)
		}
		hostSetStatusCode(uint32(v.Status))
		writeBody(bodyResponse, v.ResponseBody)
		return 0
	}
	// The body first: one forwarded unchecked that is past what the host
	// may hold is answered instead, before any header is set.
	switch {
	case v.Body != nil:
		writeBody(bodyRequest, v.Body)
		setHeader(headerRequest, "Content-Length", strconv.Itoa(len(v.Body)))
	case rb.started:
		writeBody(bodyRequest, rb.bytes) // give back what was read
		if rb.unread && !copyRest(len(rb.bytes)) {
			return apply(cfg.TooLargeToForward(), rb)
		}
	}
	for _, h := range v.RequestHeaders {
		setHeader(headerRequest, h.Name, h.Value)
	}
	for _, h := range v.ResponseHeaders {
		setHeader(headerResponse, h.Name, h.Value)
	}
	if len(v.SuccessHeaders) > 0 {
		if hostEnableFeatures(featureBufferResponse)&featureBufferResponse != 0 {
			onSuccess = v.SuccessHeaders
		} else { // a host that cannot hold the response: as before, on any
			for _, h := range v.SuccessHeaders {
				setHeader(headerResponse, h.Name, h.Value)
			}
		}
	}
	return 1
}

// copyRest moves the unread rest of the request body into the body being
// written, one chunk of guest memory at a time (fail open on a body too
// large to check), given that written bytes went before it. The host holds
// all of it until the request goes on, so it stops, false, once the whole
// would pass gateway.ForwardLimit.
func copyRest(written int) bool {
	buf := bodyBuf[:chunk] // what it held has been written already
	for {
		n, eof := readChunk(buf)
		if written += n; written > gateway.ForwardLimit {
			return false
		}
		writeBody(bodyRequest, buf[:n])
		if eof {
			return true
		}
	}
}

// failed carries out the failure verdict; if that fails too, fail open still
// lets the request go on and fail closed stops it.
func failed(v gateway.Verdict, rb *requestBody) (ctxNext uint64) {
	defer func() {
		if recover() != nil {
			ctxNext = 0
			if v.Forward {
				ctxNext = 1
			}
		}
	}()
	return apply(v, rb)
}
