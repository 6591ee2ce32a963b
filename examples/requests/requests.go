// Package requests holds the example request bodies of this folder, embedded,
// so every test and example reads the same bytes: the API page's three
// examples and a few more, valid and invalid, all of create; and in their
// own folders, order changes (resize/, change-charge-mode/) and the current
// instances they change (current/).
package requests

import (
	"embed"
	"io/fs"
)

//go:embed *.json resize/*.json change-charge-mode/*.json current/*.json
var files embed.FS

// Body returns the example named name ("standard-yearly.json",
// "current/standard-st-monthly.json"), or nil when
// there is no such example.
func Body(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil
	}
	return b
}

// Names returns the create examples' names ("standard-yearly.json"), sorted.
func Names() []string {
	names, _ := fs.Glob(files, "*.json") // the pattern is valid: no error
	return names
}

// The API page's three examples (spec/create-iotda-instance.txt); the real
// API accepts them, so a check must too.
var (
	StandardYearly   = Body("standard-yearly.json")
	StandardPostPaid = Body("standard-postpaid.json")
	Enterprise       = Body("enterprise-yearly.json")
)
