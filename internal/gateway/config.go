package gateway

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/iotda-preflight/preflight/core"
)

// MaxBodyLimit is the largest max_body_bytes a configuration may set: the
// largest body any check reads (core.MaxBytesLimit). A larger one would let
// in, at the headers, a body the check then calls too_large.
const MaxBodyLimit = core.MaxBytesLimit

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

// ParseConfig reads a plugin configuration with core's options reader: the
// options document's strict, lang and catalog, and the plugin's own
// max_body_bytes, fill_defaults and fail_open. Empty data (or only white
// space) is the default configuration. A boolean or a whole number may be
// written as a string ("true", "4096"), the catalog's max_units included:
// Traefik's file provider hands every option to a plugin as one. An unknown
// member, a value of another type, a limit outside 1..MaxBodyLimit, an
// unknown language or a malformed catalog is an error that names the
// member: a plugin with such a configuration refuses to start rather than
// run with half of it.
func ParseConfig(data []byte) (Config, error) {
	c := Config{MaxBodyBytes: core.DefaultMaxBytes, FillDefaults: true}
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	r := core.OptionsReader{
		Where:       "gateway config",
		Members:     []string{"strict", "lang", "catalog"},
		Own:         []string{"max_body_bytes", "fill_defaults", "fail_open"},
		HostStrings: true,
		Set: func(name string, v core.OptionValue) error {
			if name == "max_body_bytes" {
				n, ok := v.Int()
				if !ok || n < 1 || n > MaxBodyLimit {
					return fmt.Errorf("must be a whole number from 1 to %d", MaxBodyLimit)
				}
				c.MaxBodyBytes = n
				return nil
			}
			b, ok := v.Bool()
			if !ok {
				return errors.New("must be true or false")
			}
			if name == "fill_defaults" {
				c.FillDefaults = b
			} else {
				c.FailOpen = b
			}
			return nil
		},
	}
	o, err := r.Parse(data)
	if err != nil {
		return Config{}, err
	}
	c.Strict, c.Lang, c.Catalog = o.Strict, o.Lang, o.Catalog
	return c, nil
}

// options are the check's options for one request.
func (c *Config) options(r *Request) core.Options {
	return core.Options{
		Strict:   c.Strict,
		MaxBytes: c.MaxBodyBytes,
		Catalog:  c.Catalog,
		Lang:     c.Lang,
		API:      r.API,
		Params: &core.Params{
			ProjectID:    r.ProjectID,
			InstanceID:   r.InstanceID,
			AuthToken:    r.AuthToken,
			HasAuthToken: r.HasAuthToken,
		},
	}
}
