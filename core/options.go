package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Default limits.
const (
	DefaultMaxBytes = 1 << 20 // 1 MiB
	DefaultMaxDepth = 32
)

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
	// MaxBytes is the largest body read (0: DefaultMaxBytes).
	MaxBytes int
	// MaxDepth is the deepest nesting of containers read (0: DefaultMaxDepth).
	MaxDepth int
	// Catalog names the flavors and their prices (nil: DefaultCatalog()).
	Catalog *Catalog
	// Lang is the language of messages ("": English).
	Lang Lang
	// Params are the path and header parameters, when the caller has them
	// (nil: they are not checked).
	Params *Params
}

// Params are the request's path and header parameters.
type Params struct {
	ProjectID string // the path's {project_id}
	// AuthToken is the X-Auth-Token header; HasAuthToken says it was sent.
	AuthToken    string
	HasAuthToken bool
}

func (o *Options) maxBytes() int {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func (o *Options) maxDepth() int {
	if o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultMaxDepth
}

// ParseOptions reads options from their JSON form, the form every host
// passes across the module boundary:
//
//	{"strict": true, "max_bytes": 1048576, "max_depth": 32, "lang": "zh",
//	 "catalog": {...a catalog...}, "params": {"project_id": "...", "auth_token": "..."}}
//
// Every member is optional; an unknown member, a negative limit or an unknown
// language is an error.
func ParseOptions(data []byte) (Options, error) {
	var raw struct {
		Strict   bool            `json:"strict"`
		MaxBytes int             `json:"max_bytes"`
		MaxDepth int             `json:"max_depth"`
		Lang     Lang            `json:"lang"`
		Catalog  json.RawMessage `json:"catalog"`
		Params   *struct {
			ProjectID string  `json:"project_id"`
			AuthToken *string `json:"auth_token"`
		} `json:"params"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Options{}, fmt.Errorf("options: %w", err)
	}
	if dec.More() {
		return Options{}, errors.New("options: data after the JSON object")
	}
	o := Options{Strict: raw.Strict, MaxBytes: raw.MaxBytes, MaxDepth: raw.MaxDepth, Lang: raw.Lang}
	if o.MaxBytes < 0 || o.MaxDepth < 0 {
		return Options{}, errors.New("options: max_bytes and max_depth must not be negative")
	}
	switch o.Lang {
	case "", English, Chinese:
	default:
		return Options{}, fmt.Errorf("options: lang %q is not \"en\" or \"zh\"", o.Lang)
	}
	if len(raw.Catalog) > 0 && string(raw.Catalog) != "null" {
		c, err := ParseCatalog(raw.Catalog)
		if err != nil {
			return Options{}, fmt.Errorf("options: catalog: %w", err)
		}
		o.Catalog = c
	}
	if raw.Params != nil {
		o.Params = &Params{ProjectID: raw.Params.ProjectID}
		if raw.Params.AuthToken != nil {
			o.Params.AuthToken, o.Params.HasAuthToken = *raw.Params.AuthToken, true
		}
	}
	return o, nil
}
