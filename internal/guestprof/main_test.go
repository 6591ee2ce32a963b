package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Counts go to the function whose code holds their address, blocks of one
// function together; addresses outside every function (the host's own
// code, wazero's trampolines between entries) are left out.
func TestAttribute(t *testing.T) {
	perfMap := "100 20 [1/3].core.str:::::L0\n" +
		"120 10 [1/3].core.str:::::L4\n" +
		"200 40 [2/3].core.object:::::L0\n" +
		"\n"
	fs, err := readPerfMap(strings.NewReader(perfMap))
	require.NoError(t, err)
	require.Len(t, fs, 3)
	annotate := `--------------------------------------------------------------------------------
1,000 (50.00%)  ???:0x0000000000000105 [???]
  300 (15.00%)  ???:0x0000000000000125'2 [???]
  200 (10.00%)  ???:0x0000000000000200 [???]
  400 (20.00%)  ???:0x0000000000000130 [???]
  100 ( 5.00%)  /usr/local/go/src/runtime/memmove_amd64.s:runtime.memmove [/tmp/x]
`
	sums, total := attribute(strings.NewReader(annotate), fs)
	assert.Equal(t, map[string]uint64{"core.str": 1300, "core.object": 200}, sums, "0x130 is past str's last block; memmove is not guest code")
	assert.Equal(t, uint64(1500), total)

	_, err = readPerfMap(strings.NewReader("10 zz name\n"))
	assert.Error(t, err, "a size that is not hex")
}
