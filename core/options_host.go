package core

import (
	"errors"
	"slices"
	"strconv"
)

// OptionsReader reads an options document as a host hands it: a subset of
// ParseOptions' members, the caller's own members beside them, and, for a
// host whose configuration is text, booleans and whole numbers written as
// strings. The gateway plugins read their configuration with it, so one
// reader (the body's) reads every document the project takes.
type OptionsReader struct {
	// Where starts every error ("options" when empty).
	Where string
	// Members are the ParseOptions members read, among strict, max_bytes,
	// max_depth, lang, catalog, params, api, current and at; any other
	// member is unknown.
	Members []string
	// Own are the caller's members: each present one, null excepted, is
	// handed to Set in document order.
	Own []string
	Set func(name string, v OptionValue) error
	// HostStrings reads a boolean written "true" or "false" and a whole
	// number written as a string of decimal digits ("4096") as their types,
	// in every member and in the catalog's max_units: Traefik's file provider
	// hands every option to a plugin as a string.
	HostStrings bool
}

// OptionValue is one member's value in an options document.
type OptionValue struct {
	v           *jsonValue
	hostStrings bool
}

// Bool returns the value as a boolean; ok is false for anything else.
func (o OptionValue) Bool() (b, ok bool) {
	switch {
	case o.v.kind == 'b', o.hostStrings && o.v.kind == '"' && (o.v.text == "true" || o.v.text == "false"):
		return o.v.text == "true", true
	}
	return false, false
}

// Int returns the value as a whole number of at most 18 digits, 0 or more;
// ok is false for anything else (a fraction, an exponent, a sign).
func (o OptionValue) Int() (n int, ok bool) {
	if o.v.kind != '0' && (!o.hostStrings || o.v.kind != '"') {
		return 0, false
	}
	t := o.v.text
	if len(t) == 0 || len(t) > 18 {
		return 0, false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0, false
		}
		n = n*10 + int(t[i]-'0')
	}
	return n, true
}

// Text returns a string value; ok is false for any other type.
func (o OptionValue) Text() (string, bool) { return o.v.text, o.v.kind == '"' }

// String quotes the value for a message, cut short.
func (o OptionValue) String() string { return clip(o.v) }

// Parse reads data. An unknown or repeated member (names match exactly), a
// value of the wrong type or an error from Set is an error that names the
// member; null is the same as absent. A document over MaxOptionsBytes is
// refused before it is read.
func (r OptionsReader) Parse(data []byte) (Options, error) {
	where := r.Where
	if where == "" {
		where = "options"
	}
	if len(data) > MaxOptionsBytes {
		return Options{}, errors.New(where + ": the document is more than " + strconv.Itoa(MaxOptionsBytes) +
			" bytes, the most options may be (a catalog of at most " + strconv.Itoa(MaxCatalogBytes) + " bytes and 64 KiB for the rest)")
	}
	root, err := parseJSONValue(data, 8)
	if err == errTooManyValues {
		return Options{}, errors.New(where + ": " + err.Error())
	}
	if err != nil {
		return Options{}, errors.New(where + ": not JSON: " + err.Error())
	}
	members, err := optionMembers(&root, where, slices.Concat(r.Members, r.Own)...)
	if err != nil {
		return Options{}, err
	}
	var o Options
	for _, m := range members {
		v := OptionValue{&m.value, r.HostStrings}
		at := where + ": " + m.name + " " + v.String()
		if slices.Contains(r.Own, m.name) {
			if err := r.Set(m.name, v); err != nil {
				return Options{}, errors.New(at + " " + err.Error())
			}
			continue
		}
		switch m.name {
		case "strict":
			b, ok := v.Bool()
			if !ok {
				return Options{}, errors.New(at + " must be true or false")
			}
			o.Strict = b
		case "max_bytes", "max_depth":
			n, ok := v.Int()
			if !ok {
				return Options{}, errors.New(at + " must be a whole number, 0 or more")
			}
			if m.name == "max_depth" && n > MaxDepthLimit {
				return Options{}, errors.New(at + " must be at most " + strconv.Itoa(MaxDepthLimit))
			}
			if m.name == "max_bytes" && n > MaxBytesLimit {
				return Options{}, errors.New(at + " must be at most " + strconv.Itoa(MaxBytesLimit) + " (4 MiB)")
			}
			if m.name == "max_bytes" {
				o.MaxBytes = n
			} else {
				o.MaxDepth = n
			}
		case "lang":
			s, ok := v.Text()
			if !ok || (s != string(English) && s != string(Chinese)) {
				return Options{}, errors.New(at + ` must be "en" or "zh"`)
			}
			o.Lang = Lang(s)
		case "catalog":
			c, err := (*Catalog)(nil), catalogTooLarge()
			if len(m.value.raw(data)) <= MaxCatalogBytes {
				c, err = readCatalog(&m.value, r.HostStrings)
			}
			if err != nil {
				return Options{}, errors.New(where + ": catalog: " + err.Error())
			}
			o.Catalog = c
		case "params":
			p, err := readParams(&m.value, where+": params")
			if err != nil {
				return Options{}, err
			}
			o.Params = p
		case "api":
			if t, ok := v.Text(); !ok || !slices.Contains(APIs, API(t)) {
				return Options{}, errors.New(at + ` must be "create", "resize" or "change-charge-mode"`)
			}
			o.API = API(m.value.text)
		case "current":
			if m.value.kind != '{' {
				return Options{}, errors.New(at + " must be an object (the instance, as ShowInstance returns it)")
			}
			o.Current = append(RawJSON(nil), m.value.raw(data)...)
		case "at":
			if t, ok := v.Text(); !ok || !isTimestamp(t) {
				return Options{}, errors.New(at + " must be a date and time in RFC 3339 with an offset, such as \"2023-05-20T09:00:00+08:00\"")
			}
			o.At = m.value.text
		}
	}
	return o, nil
}

// readParams reads the params member of an options document.
func readParams(v *jsonValue, where string) (*Params, error) {
	members, err := optionMembers(v, where, "project_id", "auth_token", "instance_id")
	if err != nil {
		return nil, err
	}
	p := &Params{}
	for _, m := range members {
		if m.value.kind != '"' {
			return nil, errors.New(where + ": " + m.name + " must be a string")
		}
		switch m.name {
		case "project_id":
			p.ProjectID = m.value.text
		case "instance_id":
			p.InstanceID = m.value.text
		default:
			p.AuthToken, p.HasAuthToken = m.value.text, true
		}
	}
	return p, nil
}

// readCatalog is ParseCatalog of a catalog already read; hostStrings also
// takes each flavor's max_units written as a string of digits.
func readCatalog(root *jsonValue, hostStrings bool) (*Catalog, error) {
	if hostStrings {
		numbersFromStrings(root)
	}
	var r catalogReader
	c := r.catalog(root)
	if r.more > 0 {
		noun := " more problems"
		if r.more == 1 {
			noun = " more problem"
		}
		r.problems = append(r.problems, "and "+strconv.Itoa(r.more)+noun)
	}
	if len(r.problems) > 0 {
		return nil, &CatalogError{Problems: r.problems}
	}
	c.index()
	for i := range c.Flavors {
		c.prepare(&c.Flavors[i])
	}
	return c, nil
}

// numbersFromStrings makes each flavor's max_units written as a string of
// decimal digits a number, as the catalog reader takes it; anything else it
// leaves for the reader to report.
func numbersFromStrings(root *jsonValue) {
	for i := range root.members {
		if m := &root.members[i]; m.name == "flavors" {
			for j := range m.value.items {
				for k := range m.value.items[j].members {
					f := &m.value.items[j].members[k]
					if _, ok := (OptionValue{&f.value, true}).Int(); ok && f.name == "max_units" && f.value.kind == '"' {
						f.value.kind = '0'
					}
				}
			}
		}
	}
}

// isTimestamp reports whether t is a date and time in RFC 3339 with an
// offset, as the option at must be.
func isTimestamp(t string) bool {
	_, ok := parseTimestampString(t)
	return ok
}
