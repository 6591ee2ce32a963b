package core

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update is the package's one -update flag: `go test ./core/ -update`
// rewrites the golden files under testdata/ from what the code does now, for
// review in the diff. Golden tests of other files use it too; do not define
// another.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// assertGolden compares got with the golden file testdata/name, which
// -update rewrites first.
func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), string(got), "%s changed: review, then run with -update", name)
}
