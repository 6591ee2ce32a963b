// Command browser-form serves the form that checks, completes and prices a
// request in the browser as the user types, with the js package and
// build/preflight.wasm: creating an instance, or resizing one (its second
// view, /#resize). From the repository's top folder:
//
//	make serve            # or: go run ./examples/browser-form -port 8080
//
// then open http://127.0.0.1:8080/. It listens on the loopback interface
// only: it is a development server.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/iotda-preflight/preflight/examples/browser-form/site"
)

func main() {
	port := flag.Int("port", 8080, "the port to listen on, on 127.0.0.1 (0: any free port)")
	root := flag.String("root", ".", "the repository's top folder")
	flag.Parse()
	handler, err := site.Handler(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser-form:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser-form:", err)
		os.Exit(2)
	}
	log.Printf("the form is at http://%s/", ln.Addr())
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: time.Minute}
	log.Fatal(server.Serve(ln))
}
