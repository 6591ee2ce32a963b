// Command httpwasm is iotda-preflight as an http-wasm middleware for Traefik,
// Dapr and any other http-wasm host. It is written against the http-wasm
// handler ABI directly (abi.go, exports.go) because the ABI's TinyGo guest
// library does not build with the standard Go compiler. Only those two
// files are WebAssembly's: natively abi_stub.go stands in for the host, so
// the rest compiles, vets and tests natively (main_test.go runs the request
// matrix through it). The request flow is internal/gateway's (Config.Begin,
// Decide); this package moves bytes between the ABI and it. Build it as a WASI reactor:
//
//	go run ./internal/wasmbuild/build -o build/httpwasm.wasm ./wasm/httpwasm    # make plugins
//
// (the go command's GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared,
// with the jumps threaded as for every module of this repository: see
// wasm/module's Build).
//
// The module starts under every http-wasm host's convention: _start only
// (Dapr, wazero's default), _initialize only (http-wasm-host-go as
// documented) or both (Traefik). The build gives it one guarded start
// function, exported under both names, that initializes the Go runtime the
// first time it is called (internal/wasmbuild's StartEither). The
// configuration (get_config) is the JSON object internal/gateway documents,
// booleans and whole numbers also as strings ("true", "4096"), as Traefik's
// file provider hands them; a bad one is logged through the host's log
// function and fails the instantiation, so the host refuses the middleware
// instead of running it half-configured.
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
// are the configuration's members, e.g. in a dynamic configuration of the
// file provider (see the README's Traefik section):
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
func handleRequest() (ctxNext uint64) {
	var rb requestBody
	onSuccess = nil
	defer func() {
		if p := recover(); p != nil {
			ctxNext = failed(cfg.Failure(fmt.Sprint(p)), &rb) // logs the reason
		}
	}()
	// The host keeps a length it was sent (see the package comment).
	req, v, matched, decided := cfg.Begin(method(), uri(), hostHeaders{}, true)
	switch {
	case !matched:
		return 1
	case decided:
		return apply(v, &rb)
	}
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

// apply carries out a verdict (gateway.Config.Carry) and returns what the
// host does next: 1, go on to the next handler; 0, the plugin answered.
func apply(v gateway.Verdict, rb *requestBody) uint64 {
	if cfg.Carry(carrier{rb}, v) {
		return 1
	}
	return 0
}

// carrier is the handler ABI as gateway.Config.Carry uses it. Host calls
// return no errors: a host that fails traps, which failed recovers from.
type carrier struct{ rb *requestBody }

func (carrier) Log(msg string) { logError(msg) }
func (carrier) Count(string)   {} // the handler ABI has no metrics

// Answer sets the headers first: a host that does not buffer the response
// sends them with the status code.
func (carrier) Answer(status int, headers []gateway.Header, body []byte) error {
	for _, h := range headers {
		setHeader(headerResponse, h.Name, h.Value)
	}
	hostSetStatusCode(uint32(status))
	writeBody(bodyResponse, body)
	return nil
}

// Forward writes the body back even when it is the body as sent: hosts are
// not required to keep a body the guest read (see the package comment).
func (c carrier) Forward(body []byte) (bool, error) {
	switch {
	case body != nil:
		writeBody(bodyRequest, body)
		setHeader(headerRequest, "Content-Length", strconv.Itoa(len(body)))
	case c.rb.started:
		writeBody(bodyRequest, c.rb.bytes) // give back what was read
		if c.rb.unread && !copyRest(len(c.rb.bytes)) {
			return false, nil
		}
	}
	return true, nil
}

func (carrier) SetRequestHeader(name, value string) error {
	setHeader(headerRequest, name, value)
	return nil
}

func (carrier) SetResponseHeader(name, value string) error {
	setHeader(headerResponse, name, value)
	return nil
}

// OnSuccess has the host hold the response (buffer_response, for this
// request only) for handle_response; a host that cannot hold it gets the
// headers now, on any status.
func (carrier) OnSuccess(headers []gateway.Header) error {
	if hostEnableFeatures(featureBufferResponse)&featureBufferResponse != 0 {
		onSuccess = headers
		return nil
	}
	for _, h := range headers {
		setHeader(headerResponse, h.Name, h.Value)
	}
	return nil
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
