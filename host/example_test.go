package host_test

import (
	"context"
	"fmt"
	"log"

	"github.com/iotda-preflight/preflight/host"
)

// Check a body with the embedded module. The document is the core's, byte
// for byte; CheckResult decodes it.
func ExampleHost_Check() {
	ctx := context.Background()
	h, err := host.New(ctx, host.NewConfig())
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close(ctx)

	res, err := h.CheckResult(ctx, []byte(`{"name": 42}`), []byte(`{"strict": true}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("valid:", res.Valid)
	// Output: valid: false
}
