package core

import "flag"

// update is the package's one -update flag: `go test ./core/ -update`
// rewrites the golden files under testdata/ from what the code does now, for
// review in the diff. Golden tests of other files use it too; do not define
// another.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")
