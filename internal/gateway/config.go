package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/iotda-preflight/preflight/core"
)

// MaxBodyLimit is the largest max_body_bytes a configuration may set: a
// plugin holds the whole body in its own memory, twice when it fills defaults.
const MaxBodyLimit = 64 << 20

// Config is a plugin configuration. The zero value is not ready for use;
// ParseConfig(nil) returns the defaults.
type Config struct {
	// Strict turns unknown members and coerced strings into errors.
	Strict bool
	// MaxBodyBytes is the largest body the plugin buffers and checks; it is
	// also the body limit of the check.
	MaxBodyBytes int
	// FillDefaults forwards the normalized body with the defaults filled
	// (not a body signed with an access key pair, nor one that does not fit
	// the length the host keeps: see Request); false forwards the bytes as
	// they were sent.
	FillDefaults bool
	// FailOpen forwards a request the plugin could not check; false (fail
	// closed) answers it with an error instead.
	FailOpen bool
	// Lang is the language of problem messages.
	Lang core.Lang
	// Catalog prices the request (nil: the embedded catalog).
	Catalog *core.Catalog
}

// ParseConfig reads a plugin configuration. Empty data (or only white space)
// is the default configuration. An unknown member, a limit outside
// 1..MaxBodyLimit, an unknown language or a malformed catalog is an error:
// a plugin with such a configuration refuses to start rather than run with
// half of it.
func ParseConfig(data []byte) (Config, error) {
	c := Config{MaxBodyBytes: core.DefaultMaxBytes, FillDefaults: true}
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	var raw struct {
		Strict       bool            `json:"strict"`
		MaxBodyBytes *int            `json:"max_body_bytes"`
		FillDefaults *bool           `json:"fill_defaults"`
		FailOpen     bool            `json:"fail_open"`
		Lang         core.Lang       `json:"lang"`
		Catalog      json.RawMessage `json:"catalog"`
	}
	// encoding/json matches names without regard to case and keeps the
	// last of two: check the names first, exactly, as the core does.
	if err := exactMembers(data, "strict", "max_body_bytes", "fill_defaults", "fail_open", "lang", "catalog"); err != nil {
		return Config{}, fmt.Errorf("gateway config: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Config{}, fmt.Errorf("gateway config: %w", err)
	}
	if dec.More() {
		return Config{}, errors.New("gateway config: data after the JSON object")
	}
	c.Strict, c.FailOpen, c.Lang = raw.Strict, raw.FailOpen, raw.Lang
	if raw.MaxBodyBytes != nil {
		if *raw.MaxBodyBytes < 1 || *raw.MaxBodyBytes > MaxBodyLimit {
			return Config{}, fmt.Errorf("gateway config: max_body_bytes must be 1-%d", MaxBodyLimit)
		}
		c.MaxBodyBytes = *raw.MaxBodyBytes
	}
	if raw.FillDefaults != nil {
		c.FillDefaults = *raw.FillDefaults
	}
	switch c.Lang {
	case "", core.English, core.Chinese:
	default:
		return Config{}, fmt.Errorf("gateway config: lang %q is not \"en\" or \"zh\"", c.Lang)
	}
	if len(raw.Catalog) > 0 && string(raw.Catalog) != "null" {
		cat, err := core.ParseCatalog(raw.Catalog)
		if err != nil {
			return Config{}, fmt.Errorf("gateway config: catalog: %w", err)
		}
		c.Catalog = cat
	}
	return c, nil
}

// options are the check's options for one request.
func (c *Config) options(r *Request) core.Options {
	return core.Options{
		Strict:   c.Strict,
		MaxBytes: c.MaxBodyBytes,
		Catalog:  c.Catalog,
		Lang:     c.Lang,
		Params: &core.Params{
			ProjectID:    r.ProjectID,
			AuthToken:    r.AuthToken,
			HasAuthToken: r.HasAuthToken,
		},
	}
}

// exactMembers checks that data is an object whose member names are all
// known, matched exactly, and none repeated.
func exactMembers(data []byte, known ...string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errors.New("the configuration is not a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		if !slices.Contains(known, name) {
			return fmt.Errorf("unknown member %q (known: %s)", name, strings.Join(known, ", "))
		}
		if seen[name] {
			return fmt.Errorf("member %q appears twice", name)
		}
		seen[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}
