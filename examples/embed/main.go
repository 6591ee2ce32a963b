// Command embed is the smallest Go program that checks a request with
// iotda-preflight's WebAssembly module, through package host:
//
//	go run ./examples/embed examples/requests/enterprise-yearly.json
//
// It prints the result document, the same bytes core.AppendCheck writes.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/iotda-preflight/preflight/host"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: embed FILE")
		os.Exit(2)
	}
	body, err := os.ReadFile(os.Args[1])
	if err == nil {
		err = run(context.Background(), os.Stdout, body)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func run(ctx context.Context, w io.Writer, body []byte) error {
	h, err := host.New(ctx, host.NewConfig())
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	doc, err := h.Check(ctx, body, nil)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", doc)
	return err
}
