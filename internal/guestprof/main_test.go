package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/wasmbuild"
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

// A callgrind run counts only when it ended well and printed its total: a
// run valgrind stopped (it cannot emulate some instructions) must not give a
// figure, and neither may a pair of runs whose difference is not positive.
func TestCount(t *testing.T) {
	const ok = "==12== Events    : Ir\n==12== Collected : 52210343\n==12==\n==12== I   refs:      52,210,343\n"
	for _, tc := range []struct {
		name, why string
		out       string
		runErr    error
		want      int64
		wantErr   string
	}{
		{"total", "the Collected line is the run's instruction count", ok, nil, 52210343, ""},
		{"signal", "valgrind stopped the program: the exit status says so, whatever was printed",
			"==12== Process terminating with default action of signal 4 (SIGILL)\n==12== Collected : 1000\n",
			errors.New("signal: illegal instruction"), 0, "SIGILL"},
		{"no total", "a run that printed no total measured nothing", "valgrind: no such tool\n", nil, 0, "no total"},
		{"not a number", "a total that does not read as a count", "==12== Collected : lots\n", nil, 0, "no count"},
		{"zero", "no instruction ran", "==12== Collected : 0\n", nil, 0, "no count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := collected(tc.out, tc.runErr)
			if tc.wantErr != "" {
				assert.ErrorContains(t, err, tc.wantErr, tc.why)
				return
			}
			require.NoError(t, err, tc.why)
			assert.Equal(t, tc.want, got, tc.why)
		})
	}

	for _, tc := range []struct {
		name, why   string
		short, long int64
		want        int64
		wantErr     bool
	}{
		{"more checks, more instructions", "the difference over the extra checks", 1_000_000, 251_000_000, 250_000, false},
		{"long run counted less", "the short run counted what the long one did not: the printed figure would be negative", 10_000_000, 9_000_000, 0, true},
		{"equal", "no instruction per extra check is no measurement either", 5, 5, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := perCheck(tc.short, tc.long, 1000)
			if tc.wantErr {
				assert.Error(t, err, tc.why)
				return
			}
			require.NoError(t, err, tc.why)
			assert.Equal(t, tc.want, got, tc.why)
		})
	}
}

// run configures the options it is given once and checks with their handle;
// options the module refuses stop it with the module's words, before any
// check is counted.
func TestRunOptions(t *testing.T) {
	wasm, _, err := wasmbuild.Module("../../wasm/module", wasmbuild.ProfileFlags)
	require.NoError(t, err)
	dir := t.TempDir()
	wasmPath := filepath.Join(dir, "profile.wasm")
	require.NoError(t, os.WriteFile(wasmPath, wasm, 0o644))
	refused := filepath.Join(dir, "refused.json")
	require.NoError(t, os.WriteFile(refused, []byte(`{"api":"update"}`), 0o644))
	body := "../../examples/requests/resize/standard-s1-10-units.json"

	for _, tc := range []struct {
		name, why, options, wantErr string
	}{
		{"none", "the default options: a resize body checked as create's is invalid, which still is a document", "", ""},
		{"resize", "the priced resize the Makefile profiles", "testdata/resize-options.json", ""},
		{"refused", "an api the module does not know", refused, `refused the options: {"error":{"code":"options","message":"options: api \"update\" must be`},
		{"missing", "no such file", filepath.Join(dir, "none.json"), "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(wasmPath, body, tc.options, "", 1)
			if tc.wantErr != "" {
				assert.ErrorContains(t, err, tc.wantErr, tc.why)
				return
			}
			assert.NoError(t, err, tc.why)
		})
	}
}
