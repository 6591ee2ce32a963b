package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/examples/requests"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the embedded module (make embed does)")

// TestGolden runs the program on the API page's enterprise example. The
// golden file is the embedded module's answer: `make embed` refreshes both.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, requests.Enterprise))
	const golden = "testdata/enterprise-yearly.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}
