// Command gateway is a runnable API gateway with iotda-preflight in front of
// a backend: a Go reverse proxy that loads the http-wasm middleware
// (wasm/httpwasm) through http-wasm-host-go, the engine Traefik and Dapr
// embed. Without -backend it starts a recording backend on a loopback port
// and logs what reaches it.
//
//	make gateway   # builds build/httpwasm.wasm and runs this on 127.0.0.1:8080
//	curl -i -X POST http://127.0.0.1:8080/v5/iot/0a1b2c3d4e5f60718293a4b5c6d7e8f9/iotda-instances \
//	     -H 'Content-Type: application/json' -d '{"instance_type":"standard"}'
//	curl -i -X POST http://127.0.0.1:8080/v5/iot/0a1b2c3d4e5f60718293a4b5c6d7e8f9/iotda-instances/7e3a9b2c-4f1d-4a8e-9c6b-2d5f8e1a0b3c/resize \
//	     -H 'Content-Type: application/json' -d '{"flavor":{"type":"iotda.standard.s1","size":10}}'
package main

import (
	"context"
	"flag"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strings"

	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on")
	wasmPath := flag.String("wasm", "build/httpwasm.wasm", "the http-wasm middleware")
	config := flag.String("config", "", "plugin configuration: JSON, or @FILE")
	backendURL := flag.String("backend", "", "backend URL (default: a recording backend on a loopback port)")
	flag.Parse()

	guest, err := os.ReadFile(*wasmPath)
	if err != nil {
		log.Fatalf("gateway: %v (run make build/httpwasm.wasm)", err)
	}
	cfg := []byte(*config)
	if name, ok := strings.CutPrefix(*config, "@"); ok {
		if cfg, err = os.ReadFile(name); err != nil {
			log.Fatalf("gateway: %v", err)
		}
	}
	target := *backendURL
	if target == "" {
		rec := &proxy.Backend{Log: func(r proxy.Received) {
			log.Printf("backend: %s %s defaults=%q body=%s", r.Method, r.URI, r.Header.Get("X-Preflight-Defaults"), r.Body)
		}}
		srv, err := proxy.Serve("127.0.0.1:0", rec)
		if err != nil {
			log.Fatalf("gateway: backend: %v", err)
		}
		defer srv.Close()
		target = srv.URL
	}
	u, err := url.Parse(target)
	if err != nil {
		log.Fatalf("gateway: -backend: %v", err)
	}
	ctx := context.Background()
	mw, err := proxy.NewMiddleware(ctx, guest, cfg)
	if err != nil {
		log.Fatalf("gateway: loading %s: %v", *wasmPath, err)
	}
	defer mw.Close()
	srv, err := proxy.Serve(*listen, mw.WrapReframed(proxy.NewProxy(u)))
	if err != nil {
		log.Fatalf("gateway: %v", err)
	}
	defer srv.Close()
	log.Printf("gateway: %s -> %s (iotda-preflight %s)", srv.URL, target, *wasmPath)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
