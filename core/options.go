package core

import (
	"errors"
	"slices"
	"strconv"
)

// Default limits.
const (
	DefaultMaxBytes = 1 << 20 // 1 MiB
	DefaultMaxDepth = 32
)

// MaxBytesLimit is the largest Options.MaxBytes any check reads, whatever
// it asks: the module must hold the check of a body of that size, and the
// densest bodies take about 30 bytes of its memory per byte of body
// (host.BenchmarkMemoryPerBodyByte), so host.DefaultMemoryLimitPages is
// sized to hold one of this size. ParseOptions refuses a max_bytes above it.
const MaxBytesLimit = 4 << 20 // 4 MiB

// MaxOptionsBytes is the longest options document ParseOptions reads: a
// catalog at its limit, and room for the rest (an auth token is a few KB).
// A host refuses a longer one before it copies it into the module.
const MaxOptionsBytes = MaxCatalogBytes + 64<<10

// MaxDepthLimit is the deepest nesting any check reads, whatever
// Options.MaxDepth asks. The reader and the writers go down a nested body by
// recursion, and as WebAssembly every level takes room on the engine's own
// stack: V8 (browsers, Node.js) gives out between 5,000 and 6,000 levels
// down, so the limit keeps five times that margin on every engine.
const MaxDepthLimit = 1000

// Lang selects the language of messages. Codes never change with it.
type Lang string

// Languages.
const (
	English Lang = "en"
	Chinese Lang = "zh" // Simplified Chinese
)

// Options configures a check. The zero value is the default: lenient mode,
// 1 MiB, depth 32, the embedded catalog, English, no request parameters.
type Options struct {
	// Strict turns unknown members and coerced strings into errors.
	Strict bool
	// MaxBytes is the largest body read (0: DefaultMaxBytes; more than
	// MaxBytesLimit is MaxBytesLimit).
	MaxBytes int
	// MaxDepth is the deepest nesting of containers read (0: DefaultMaxDepth;
	// more than MaxDepthLimit is MaxDepthLimit).
	MaxDepth int
	// Catalog names the flavors and their prices (nil: DefaultCatalog()).
	Catalog *Catalog
	// Lang is the language of messages ("": English).
	Lang Lang
	// Params are the path and header parameters, when the caller has them
	// (nil: they are not checked).
	Params *Params
	// API is the request the body is for ("": APICreate). A value that is
	// none of the three is checked as create; ParseOptions refuses it.
	API API
	// Current is the instance as it is now, the JSON of an object in the
	// shape of a ShowInstance response, for resize and change-charge-mode
	// (nil: not known). It is read and checked with the body's reader and
	// limits; its problems carry In "current". Create ignores it.
	Current RawJSON
	// At is when the change is made, for resize and change-charge-mode: RFC
	// 3339 with an offset, as time.RFC3339 writes it ("": not known, and a
	// yearly/monthly resize is not priced; ParseOptions refuses any other
	// text, and a check takes it as not known).
	At string
}

// API names one of the requests a check covers (RULES.md).
type API string

// The requests.
const (
	APICreate           API = "create"             // POST .../iotda-instances
	APIResize           API = "resize"             // POST .../iotda-instances/{instance_id}/resize
	APIChangeChargeMode API = "change-charge-mode" // POST .../iotda-instances/{instance_id}/change-charge-mode
)

// APIs lists the requests, create first.
var APIs = []API{APICreate, APIResize, APIChangeChargeMode}

// Params are the request's path and header parameters.
type Params struct {
	ProjectID string // the path's {project_id}
	// AuthToken is the X-Auth-Token header; HasAuthToken says it was sent.
	AuthToken    string
	HasAuthToken bool
	// InstanceID is the path's {instance_id} of resize and
	// change-charge-mode (create has none, and ignores it).
	InstanceID string
}

// BodyLimit is the largest body a check with these options reads: MaxBytes,
// or DefaultMaxBytes when it is 0. A reader that stops one byte past it has
// read enough for the check to say too_large.
func (o *Options) BodyLimit() int {
	if o.MaxBytes > 0 {
		return min(o.MaxBytes, MaxBytesLimit)
	}
	return DefaultMaxBytes
}

func (o *Options) maxDepth() int {
	switch {
	case o.MaxDepth > MaxDepthLimit:
		return MaxDepthLimit
	case o.MaxDepth > 0:
		return o.MaxDepth
	}
	return DefaultMaxDepth
}

// ParseOptions reads options from their JSON form, the form every host
// passes across the module boundary:
//
//	{"strict": true, "max_bytes": 1048576, "max_depth": 32, "lang": "zh",
//	 "catalog": {...a catalog...}, "params": {"project_id": "...", "auth_token": "...",
//	 "instance_id": "..."}, "api": "resize", "current": {...an instance...},
//	 "at": "2023-05-20T09:00:00+08:00"}
//
// Every member is optional, and null is the same as absent. An unknown or
// repeated member (names match exactly), a value of the wrong type, a
// negative limit, a max_bytes over MaxBytesLimit, a max_depth over
// MaxDepthLimit, an unknown language or API, a current that is not an
// object (what is in it the check reports), an at that is not RFC 3339 with
// an offset, or a document over MaxOptionsBytes is an error. It reads the
// document with the body's reader (OptionsReader), so no reflection is
// linked into the module for it.
func ParseOptions(data []byte) (Options, error) {
	return OptionsReader{Members: []string{"strict", "max_bytes", "max_depth", "lang", "catalog", "params", "api", "current", "at"}}.Parse(data)
}

// optionMembers returns v's members but nulls, after checking that v is an
// object whose members are all known and appear once.
func optionMembers(v *jsonValue, where string, known ...string) ([]jsonMember, error) {
	if v.kind != '{' {
		return nil, errors.New(where + " must be an object")
	}
	var out []jsonMember
	for i, m := range v.members {
		if !slices.Contains(known, m.name) {
			return nil, errors.New(where + ": unknown member " + strconv.Quote(m.name))
		}
		for _, earlier := range v.members[:i] {
			if earlier.name == m.name {
				return nil, errors.New(where + ": member " + strconv.Quote(m.name) + " appears twice")
			}
		}
		if m.value.kind != 'n' {
			out = append(out, m)
		}
	}
	return out, nil
}

// clip quotes a value for a message, cut short.
func clip(v *jsonValue) string {
	if v.kind == '{' || v.kind == '[' {
		return strconv.Quote(describeJSON(v))
	}
	return quoteClip(v.text)
}
