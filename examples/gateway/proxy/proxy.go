// Package proxy builds the parts of examples/gateway so that tests and other
// programs (examples/sdkclient) can run them on a loopback port: a backend
// that records what it receives, and a reverse proxy in front of it with or
// without the http-wasm middleware (wasm/httpwasm) loaded through
// http-wasm-host-go, the engine Traefik and Dapr embed.
package proxy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/http-wasm/http-wasm-host-go/api"
	"github.com/http-wasm/http-wasm-host-go/handler"
	wasm "github.com/http-wasm/http-wasm-host-go/handler/nethttp"
	"github.com/tetratelabs/wazero"

	"github.com/iotda-preflight/preflight/internal/gateway"
)

// Received is one request as the backend got it.
type Received struct {
	Method string
	URI    string
	Header http.Header
	Body   []byte
}

// Backend stands in for the IoTDA API: it records every request and answers
// 200 (or the status HeaderStatus names) with a JSON body in the API's
// response shape.
type Backend struct {
	// Log, when set, is called with each request as it is recorded.
	Log func(Received)

	mu       sync.Mutex
	received []Received
}

// ServeHTTP records the request.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	got := Received{Method: r.Method, URI: r.RequestURI, Header: r.Header.Clone(), Body: body}
	b.mu.Lock()
	b.received = append(b.received, got)
	b.mu.Unlock()
	if b.Log != nil {
		b.Log(got)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if status, err := strconv.Atoi(r.Header.Get(HeaderStatus)); err == nil && status != http.StatusOK {
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error_code":"IOTDA.%06d","error_msg":"refused by the test backend"}`, status)
		return
	}
	var id [16]byte
	_, _ = rand.Read(id[:])
	fmt.Fprintf(w, `{"instance_id":"%s","status":"CREATING","order_id":"CS0000000000ABCD"}`, hex.EncodeToString(id[:]))
}

// HeaderStatus, on a request, makes the backend answer with that status
// instead of 200, as the API refuses an order (409: the instance exists).
const HeaderStatus = "X-Backend-Status"

// Received returns a copy of what the backend has received so far.
func (b *Backend) Received() []Received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Received(nil), b.received...)
}

// Reset forgets what the backend has received.
func (b *Backend) Reset() {
	b.mu.Lock()
	b.received = nil
	b.mu.Unlock()
}

// NewProxy is a reverse proxy to backend, without the plugin.
func NewProxy(backend *url.URL) http.Handler {
	rp := httputil.NewSingleHostReverseProxy(backend)
	rp.Transport = &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second}
	// The plugin may give the request a new body and states its length in
	// the Content-Length header; net/http frames a request by its
	// ContentLength field, which no http-wasm host call reaches.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if cl := r.Header.Get("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
				r.ContentLength, r.TransferEncoding = n, nil
			}
		}
		rp.ServeHTTP(w, r)
	})
}

// compiled keeps the machine code of modules already compiled in this
// process, so a second middleware of the same .wasm starts at once.
var compiled = wazero.NewCompilationCache()

// Middleware is the http-wasm middleware loaded from a .wasm file.
type Middleware struct {
	m wasm.Middleware
	// maxBody is the configuration's max_body_bytes, for WrapReframed.
	maxBody int64
}

// Host is the way an http-wasm host starts the plugin's module: each calls
// other start functions, and the plugin serves under every one of them
// (internal/wasmbuild's StartEither).
type Host string

// The hosts whose start conventions the plugin is tested under.
const (
	// Documented is http-wasm-host-go as its documentation shows a Go
	// reactor loaded: _initialize only (as every proxy-wasm host does).
	Documented Host = "http-wasm-host-go"
	// Traefik (pkg/plugins/middlewarewasm.go) calls _start and _initialize,
	// and hands the plugin json.Marshal of its options map.
	Traefik Host = "traefik"
	// Dapr (components-contrib's wasm middleware, through common/wasm)
	// keeps wazero's default start function, _start only, and hands the
	// plugin its guestConfig metadata string as it is.
	Dapr Host = "dapr"
)

// moduleConfig is the module configuration the host starts a module with.
func (h Host) moduleConfig() wazero.ModuleConfig {
	switch h {
	case Traefik:
		return wazero.NewModuleConfig().WithSysWalltime().WithStartFunctions("_start", "_initialize")
	case Dapr:
		return wazero.NewModuleConfig().WithRandSource(rand.Reader).WithSysNanotime().WithSysWalltime().WithSysNanosleep()
	}
	return wazero.NewModuleConfig().WithStartFunctions("_initialize")
}

// NewMiddleware compiles guest and instantiates it once with config (the
// JSON object internal/gateway documents) to fail fast on a bad one; it is
// started as http-wasm-host-go documents (Documented).
func NewMiddleware(ctx context.Context, guest, config []byte) (*Middleware, error) {
	return NewMiddlewareAs(ctx, Documented, guest, config, nil)
}

// NewMiddlewareAs is NewMiddleware started as host starts a module, with
// the plugin's log lines going to logger (nil: none).
func NewMiddlewareAs(ctx context.Context, host Host, guest, config []byte, logger api.Logger) (*Middleware, error) {
	opts := []handler.Option{
		handler.GuestConfig(config),
		handler.ModuleConfig(host.moduleConfig()),
		handler.Runtime(func(ctx context.Context) (wazero.Runtime, error) {
			return wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(compiled)), nil
		}),
	}
	if logger != nil {
		opts = append(opts, handler.Logger(logger))
	}
	m, err := wasm.NewMiddleware(ctx, guest, opts...)
	if err != nil {
		return nil, err
	}
	cfg, err := gateway.ParseConfig(config) // the guest has read it the same way
	if err != nil {
		_ = m.Close(ctx)
		return nil, err
	}
	return &Middleware{m: m, maxBody: int64(cfg.MaxBodyBytes)}, nil
}

// Wrap returns next behind the middleware, as an http-wasm host built on
// net/http runs it (Traefik and Dapr do): next forwards the request with the
// length it came with, so the plugin fills a body only in that length
// (wasm/httpwasm).
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return m.m.NewHandler(context.Background(), next)
}

// WrapReframed returns next behind the middleware for a next that frames the
// forwarded request by its Content-Length header (NewProxy): the plugin gets
// a request it can check without that header, which tells it the body may
// take a new length, so it fills every valid body and sets the header to
// its length. A body it does not replace keeps the request's own length,
// the field the header came from. A request whose Content-Length is over
// max_body_bytes keeps the header, so the plugin still answers it (or, open,
// lets it stream on) before reading any of it.
func (m *Middleware) WrapReframed(next http.Handler) http.Handler {
	h := m.Wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength <= m.maxBody {
			r.Header.Del("Content-Length")
		}
		h.ServeHTTP(w, r)
	})
}

// Close releases the middleware's runtime.
func (m *Middleware) Close() error { return m.m.Close(context.Background()) }

// Server is a handler listening on a loopback port.
type Server struct {
	URL string // "http://127.0.0.1:port"
	srv *http.Server
	ln  net.Listener
}

// Serve serves h on addr ("127.0.0.1:0" picks a free port) until Close.
func Serve(addr string, h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	// HTTP/1.1, and HTTP/2 cleartext with prior knowledge, as Traefik's
	// entry points serve.
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	s := &Server{URL: "http://" + ln.Addr().String(), ln: ln,
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, Protocols: p}}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Stack is a running gateway: a recording backend, and the same reverse
// proxy in front of it twice, with the middleware (Gateway) and without it
// (Direct), so a measurement can tell what the plugin adds.
type Stack struct {
	Backend *Backend
	Gateway *Server // with the plugin
	Direct  *Server // the same proxy without the plugin
	backend *Server
	mw      *Middleware
}

// Start runs a stack on loopback ports with guest (the .wasm of
// wasm/httpwasm) configured by config.
func Start(ctx context.Context, guest, config []byte) (*Stack, error) {
	return StartWith(ctx, Documented, guest, config, nil, nil)
}

// StartWith is Start with the middleware started as host starts a module,
// its log lines going to logger (nil: none), in front of backend (nil: a
// new one; several stacks may share one).
func StartWith(ctx context.Context, host Host, guest, config []byte, logger api.Logger, backend *Backend) (*Stack, error) {
	if backend == nil {
		backend = &Backend{}
	}
	st := &Stack{Backend: backend}
	var err error
	if st.backend, err = Serve("127.0.0.1:0", st.Backend); err != nil {
		return nil, err
	}
	u, _ := url.Parse(st.backend.URL)
	if st.mw, err = NewMiddlewareAs(ctx, host, guest, config, logger); err != nil {
		st.Close()
		return nil, err
	}
	if st.Gateway, err = Serve("127.0.0.1:0", st.mw.WrapReframed(NewProxy(u))); err != nil {
		st.Close()
		return nil, err
	}
	if st.Direct, err = Serve("127.0.0.1:0", NewProxy(u)); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// Close stops every part of the stack.
func (st *Stack) Close() {
	for _, s := range []*Server{st.Gateway, st.Direct, st.backend} {
		if s != nil {
			_ = s.Close()
		}
	}
	if st.mw != nil {
		_ = st.mw.Close()
	}
}
