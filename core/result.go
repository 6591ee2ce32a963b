package core

// Code is the stable identifier of a kind of problem. Codes never change
// meaning; messages may.
type Code string

// Error codes.
const (
	CodeSyntax         Code = "syntax"          // not JSON, or data after the one top-level value
	CodeEncoding       Code = "encoding"        // invalid UTF-8, or an escape that is not a Unicode scalar value
	CodeTooLarge       Code = "too_large"       // the body is larger than Options.MaxBytes
	CodeTooDeep        Code = "too_deep"        // containers nested deeper than Options.MaxDepth
	CodeDuplicateKey   Code = "duplicate_key"   // a member name appears twice in one object
	CodeType           Code = "type"            // a value of the wrong JSON type
	CodeRequired       Code = "required"        // a required member is missing or null
	CodeEnum           Code = "enum"            // a value outside a fixed set
	CodeLength         Code = "length"          // a string or array outside its length bounds
	CodePattern        Code = "pattern"         // a string with characters or a shape the field does not allow
	CodeRange          Code = "range"           // an integer outside its bounds
	CodeUnknownFlavor  Code = "unknown_flavor"  // a flavor the price catalog does not know
	CodeFlavorMismatch Code = "flavor_mismatch" // a flavor of another instance type
	CodeChargeMode     Code = "charge_mode"     // a charge mode the flavor does not offer
	CodeDuplicateTag   Code = "duplicate_tag"   // two tags with the same key
	CodeNoChange       Code = "no_change"       // a resize to the current instance's own flavor and units
)

// Warning codes (errors in strict mode where noted).
const (
	CodeUnknownField  Code = "unknown_field"  // a member the API does not know (an error in strict mode)
	CodeNotApplicable Code = "not_applicable" // a member that does not apply to this request; ignored
	CodeCoerced       Code = "coerced"        // a string read as a boolean or integer (a type error in strict mode)
	CodePortConflict  Code = "port_conflict"  // two device protocols of one transport on one port
)

// CodeTooManyProblems closes a list of errors, or of warnings, that holds
// MaxListed problems and leaves more out; its message says how many.
const CodeTooManyProblems Code = "too_many_problems"

// MaxListed is the most errors, and the most warnings, a result lists: the
// first in document order, then one too_many_problems. A request has a few
// dozen members that can be wrong; only a body made to be large has more
// problems, and its document stays bounded (as does the check's memory).
const MaxListed = 1000

// Codes lists every code in a fixed order: errors first, then warnings,
// then the one that closes either list.
var Codes = []Code{
	CodeSyntax, CodeEncoding, CodeTooLarge, CodeTooDeep, CodeDuplicateKey,
	CodeType, CodeRequired, CodeEnum, CodeLength, CodePattern, CodeRange,
	CodeUnknownFlavor, CodeFlavorMismatch, CodeChargeMode, CodeDuplicateTag, CodeNoChange,
	CodeUnknownField, CodeNotApplicable, CodeCoerced, CodePortConflict,
	CodeTooManyProblems,
}

// Problem is one finding: where it is, what kind it is, and a sentence for
// people.
type Problem struct {
	// Path is a JSON Pointer (RFC 6901) into the body (or the current
	// instance); "" is the whole of it.
	// For a path or header parameter it is the parameter's name.
	Path string `json:"path"`
	// In is "path" or "header" for a request parameter, "current" for the
	// current instance (Options.Current), empty for the body.
	In      string `json:"in,omitempty"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

// Result is the result document. Its JSON form (see [Result.MarshalJSON]) is
// identical from every engine. Write it with MarshalJSON or AppendJSON:
// json.Marshal(r) re-escapes '<', '>' and '&' in the output as \u003c and so
// on, which is valid JSON but not the same bytes.
type Result struct {
	// Valid is true exactly when Errors is empty.
	Valid    bool      `json:"valid"`
	Errors   []Problem `json:"errors"`
	Warnings []Problem `json:"warnings"`
	// Request is the body normalized to its JSON types with the defaults
	// filled, as compact JSON; nil when the body could not be read or holds
	// a member twice (which of the two to send is the client's to decide).
	Request RawJSON `json:"request,omitempty"`
	// Defaults lists the JSON Pointers of the members that were filled.
	Defaults []string `json:"defaults"`
	// Estimate is the cost of the order; nil when the request is invalid.
	Estimate *Estimate `json:"estimate,omitempty"`
}

// RawJSON is an encoded JSON value, kept as it was written.
type RawJSON []byte

// MarshalJSON returns r itself ("null" when empty).
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// UnmarshalJSON keeps a copy of data.
func (r *RawJSON) UnmarshalJSON(data []byte) error {
	*r = append((*r)[:0], data...)
	return nil
}
