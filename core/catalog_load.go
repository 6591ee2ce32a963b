package core

import (
	_ "embed"
	"errors"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

//go:embed catalog_default.json
var defaultCatalogJSON []byte

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := ParseCatalog(defaultCatalogJSON)
	if err != nil {
		// The embedded file is checked by the tests; this is a build defect.
		panic("core: the embedded catalog is malformed: " + err.Error())
	}
	return c
})

// DefaultCatalog returns the embedded catalog (catalog_default.json): the 18
// flavor codes of the API, priced where a public list price exists. It is
// read once and shared: do not modify it.
func DefaultCatalog() *Catalog { return defaultCatalog() }

// Bounds of a catalog's figures. They keep every amount an order can come
// to exact in a uint64 (see money.go) and catch sheets that are not prices.
const (
	maxPriceDigits   = 9 // before the decimal point: below 1,000,000,000
	maxPriceDecimals = 6
	maxCatalogDepth  = 16 // nesting of the JSON document (a catalog needs 4)
	minHoursPerMonth = 28 * 24
	maxHoursPerMonth = 31 * 24
)

// Limits of a catalog, so that every engine can hold one: the module
// parses a catalog within its memory, and a catalog document costs it a few
// times its size (host.BenchmarkMemoryPerCatalogByte). The API has 18 flavor
// codes: a thousand flavors leave room for any sheet of prices.
const (
	MaxCatalogBytes   = 1 << 20 // 1 MiB
	MaxCatalogFlavors = 1000
)

// maxDocumentValues bounds the JSON values (members' values, items,
// containers) a catalog or an options document may hold: a catalog at
// MaxCatalogFlavors needs at most 12 per flavor and 8 more, and options
// around it a few.
const maxDocumentValues = 16*MaxCatalogFlavors + 64

var errTooManyValues = errors.New("it holds more than " + strconv.Itoa(maxDocumentValues) +
	" JSON values, more than a catalog of " + strconv.Itoa(MaxCatalogFlavors) + " flavors needs")

// CatalogError is why [ParseCatalog] rejected a catalog: every problem it
// found, each naming where it is and what is wrong, such as
// `flavors[3].price.month: "-1" is negative`.
type CatalogError struct {
	Problems []string
}

func (e *CatalogError) Error() string { return strings.Join(e.Problems, "; ") }

// ParseCatalog reads a catalog from its JSON form (DESIGN.md, "The price
// catalog") of at most MaxCatalogBytes, listing at most MaxCatalogFlavors
// flavors, and checks all of it: member names match exactly and unknown or
// repeated ones are errors at every level; currency is a current ISO 4217
// code; flavors is a non-empty list of distinct flavor codes, each with an
// instance type, the charge modes it offers and optionally max_units
// (standard flavors only, 1-200), a price and a note.
//
// Prices are JSON strings holding a plain non-negative decimal ("165",
// "33.335": at most 9 digits before the point and 6 after); a JSON number is
// rejected, so no figure ever passes through a binary float.
// months_per_year ("12" when absent) is a decimal string above 0 and at most
// 12; hours_per_month ("730" when absent) a whole number string from 672 to
// 744. A price for a charge mode the flavor does not offer is an error.
//
// On any problem it returns nil and a *CatalogError; it never returns part
// of a catalog, and it does not panic on any input.
func ParseCatalog(data []byte) (*Catalog, error) {
	if len(data) > MaxCatalogBytes {
		return nil, &CatalogError{Problems: []string{"the catalog is more than " + strconv.Itoa(MaxCatalogBytes) + " bytes (1 MiB), the most a catalog may be"}}
	}
	if !utf8.Valid(data) {
		return nil, &CatalogError{Problems: []string{"the catalog is not valid UTF-8"}}
	}
	root, err := parseJSONValue(data, maxCatalogDepth)
	if err == errTooManyValues {
		return nil, &CatalogError{Problems: []string{"the catalog: " + err.Error()}}
	}
	if err != nil {
		return nil, &CatalogError{Problems: []string{"the catalog is not JSON: " + err.Error()}}
	}
	var r catalogReader
	c := r.catalog(&root)
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

// jsonValue is a JSON document kept as written: member order, repeated
// members and numbers' text included, so the checks can be exact.
type jsonValue struct {
	kind       byte  // '{' object, '[' array, '"' string, '0' number, 'b' boolean, 'n' null
	start, end int32 // where it is written in the document
	text       string
	members    []jsonMember
	items      []jsonValue
}

type jsonMember struct {
	name  string
	value jsonValue
}

// parseJSONValue reads a whole JSON document with the body reader (so a
// catalog or an options document is read by the same rules as a body: UTF-8,
// one value, nesting at most maxDepth) and keeps it as a jsonValue.
func parseJSONValue(data []byte, maxDepth int) (jsonValue, error) {
	var r reader
	r.reset(data, maxDepth)
	r.read()
	if r.err == nil && len(r.nodes) > maxDocumentValues {
		// Refused before the tree is built: a catalog of a million values
		// took the module's memory many times over in jsonValues.
		return jsonValue{}, errTooManyValues
	}
	if e := r.err; e != nil {
		p := readProblem(e, subjectDocument)
		msg := string(appendMessage(nil, &p, &r, English, false))
		if !strings.Contains(msg, "byte") {
			msg += " (at byte " + strconv.Itoa(int(e.off)) + ")"
		}
		return jsonValue{}, errors.New(msg)
	}
	return r.jsonValue(0), nil
}

// jsonValue converts node i and what it holds; repeated members are kept,
// for the caller to report.
func (r *reader) jsonValue(i int32) jsonValue {
	v := r.jsonValueOf(i)
	v.start, v.end = r.nodes[i].start, r.nodes[i].end
	return v
}

// raw returns the value as written in data, the document it was read from.
func (v *jsonValue) raw(data []byte) []byte { return data[v.start:v.end] }

func (r *reader) jsonValueOf(i int32) jsonValue {
	n := &r.nodes[i]
	switch n.kind {
	case kindString:
		raw := r.src[n.start+1 : n.end-1]
		if n.esc {
			return jsonValue{kind: '"', text: string(unescape(nil, raw))}
		}
		return jsonValue{kind: '"', text: string(raw)}
	case kindNumber:
		return jsonValue{kind: '0', text: string(r.src[n.start:n.end])}
	case kindTrue:
		return jsonValue{kind: 'b', text: "true"}
	case kindFalse:
		return jsonValue{kind: 'b', text: "false"}
	case kindNull:
		return jsonValue{kind: 'n', text: "null"}
	case kindObject:
		v := jsonValue{kind: '{', members: make([]jsonMember, 0, n.count)}
		for m := n.first; m >= 0; m = r.nodes[m].next {
			v.members = append(v.members, jsonMember{name: string(r.key(m)), value: r.jsonValue(m)})
		}
		return v
	}
	v := jsonValue{kind: '[', items: make([]jsonValue, 0, n.count)}
	for m := n.first; m >= 0; m = r.nodes[m].next {
		v.items = append(v.items, r.jsonValue(m))
	}
	return v
}

// catalogReader checks a catalog document and collects its problems: the
// first maxCatalogProblems, and a count of the others (a catalog at its
// size limit can hold half a million wrong values, a message of megabytes).
type catalogReader struct {
	problems []string
	more     int
}

const maxCatalogProblems = 20

func (r *catalogReader) fail(path, problem string) {
	if len(r.problems) == maxCatalogProblems {
		r.more++
		return
	}
	if path != "" {
		problem = path + ": " + problem
	}
	r.problems = append(r.problems, problem)
}

// object checks that v is an object whose members are all known and
// appear once, and returns them by name.
func (r *catalogReader) object(v *jsonValue, path string, known ...string) map[string]*jsonValue {
	if v.kind != '{' {
		r.fail(path, describeJSON(v)+", not an object")
		return nil
	}
	byName := make(map[string]*jsonValue, len(v.members))
	for i := range v.members {
		m := &v.members[i]
		switch {
		case !containsString(known, m.name):
			r.fail(path, "unknown member "+quoteClip(m.name)+" (known: "+strings.Join(known, ", ")+")")
		case byName[m.name] != nil:
			r.fail(path, "member "+quoteClip(m.name)+" appears twice")
		default:
			byName[m.name] = &m.value
		}
	}
	return byName
}

// text returns v's string, or fails.
func (r *catalogReader) text(v *jsonValue, path string) (string, bool) {
	if v.kind != '"' {
		r.fail(path, describeJSON(v)+", not a string")
		return "", false
	}
	return v.text, true
}

func (r *catalogReader) catalog(root *jsonValue) *Catalog {
	if root.kind != '{' {
		r.fail("", "the catalog is "+describeJSON(root)+", not an object")
		return nil
	}
	m := r.object(root, "", "name", "effective", "currency", "source", "months_per_year", "hours_per_month", "flavors")
	c := &Catalog{MonthsPerYear: decimal.NewFromInt(12), HoursPerMonth: decimal.NewFromInt(730), hours: 730}
	if v := m["name"]; v != nil {
		c.Name, _ = r.text(v, "name")
	}
	if v := m["source"]; v != nil {
		c.Source, _ = r.text(v, "source")
	}
	if v := m["effective"]; v != nil {
		if s, ok := r.text(v, "effective"); ok {
			if !isDate(s) {
				r.fail("effective", quoteClip(s)+" is not a date written YYYY-MM-DD")
			}
			c.Effective = s
		}
	}
	switch v := m["currency"]; {
	case v == nil:
		r.fail("currency", "missing: name the currency of the prices, an ISO 4217 code such as \"USD\"")
	default:
		if s, ok := r.text(v, "currency"); ok {
			if !isCurrency(s) {
				r.fail("currency", quoteClip(s)+" is not an ISO 4217 currency code (upper case, such as \"USD\" or \"CNY\")")
			}
			c.Currency = s
		}
	}
	if v := m["months_per_year"]; v != nil {
		if d, ok := r.decimal(v, "months_per_year", 2, 2); ok {
			if !d.IsPositive() || d.GreaterThan(decimal.NewFromInt(12)) {
				r.fail("months_per_year", quoteClip(v.text)+" is not above 0 and at most 12")
			}
			c.MonthsPerYear = d
		}
	}
	if v := m["hours_per_month"]; v != nil {
		if d, ok := r.decimal(v, "hours_per_month", 3, 0); ok {
			h := int(d.IntPart())
			if h < minHoursPerMonth || h > maxHoursPerMonth {
				r.fail("hours_per_month", quoteClip(v.text)+" is not from 672 (28 days) to 744 (31 days)")
			}
			c.HoursPerMonth, c.hours = d, h
		}
	}
	v := m["flavors"]
	switch {
	case v == nil:
		r.fail("flavors", "missing: a catalog lists at least one flavor")
		return c
	case v.kind != '[':
		r.fail("flavors", describeJSON(v)+", not an array")
		return c
	case len(v.items) == 0:
		r.fail("flavors", "empty: a catalog lists at least one flavor")
		return c
	case len(v.items) > MaxCatalogFlavors:
		r.fail("flavors", strconv.Itoa(len(v.items))+" flavors, more than the "+strconv.Itoa(MaxCatalogFlavors)+" a catalog may list")
		return c
	}
	c.Flavors = make([]Flavor, len(v.items))
	first := make(map[string]int, len(v.items)) // flavor code -> its index
	for i := range v.items {
		path := "flavors[" + strconv.Itoa(i) + "]"
		f := &c.Flavors[i]
		r.flavor(&v.items[i], path, f)
		if f.Type == "" {
			continue
		}
		if j, seen := first[f.Type]; seen {
			r.fail(path+".type", quoteClip(f.Type)+" is already flavors["+strconv.Itoa(j)+"]")
		} else {
			first[f.Type] = i
		}
	}
	c.ref = CatalogRef{Name: c.Name, Effective: c.Effective, Source: c.Source}
	c.refJSON = string(c.ref.appendJSON(nil))
	return c
}

func (r *catalogReader) flavor(v *jsonValue, path string, f *Flavor) {
	m := r.object(v, path, "type", "instance_type", "charge_modes", "max_units", "price", "note")
	if m == nil {
		return
	}
	switch v := m["type"]; {
	case v == nil:
		r.fail(path+".type", "missing: the flavor code, such as \"iotda.standard.s1\"")
	default:
		if s, ok := r.text(v, path+".type"); ok {
			if !validFlavorCode(s) {
				r.fail(path+".type", quoteClip(s)+" is not 1-64 characters of A-Z a-z 0-9 - . (a flavor code such as \"iotda.standard.s1\")")
			} else {
				f.Type = s
			}
		}
	}
	switch v := m["instance_type"]; {
	case v == nil:
		r.fail(path+".instance_type", "missing: \"standard\" or \"enterprise\"")
	default:
		if s, ok := r.text(v, path+".instance_type"); ok {
			if s != "standard" && s != "enterprise" {
				r.fail(path+".instance_type", quoteClip(s)+" is not \"standard\" or \"enterprise\"")
			}
			f.InstanceType = s
		}
	}
	r.chargeModes(m["charge_modes"], path+".charge_modes", f)
	if v := m["max_units"]; v != nil {
		at := path + ".max_units"
		n, err := strconv.Atoi(v.text)
		switch {
		case v.kind != '0':
			r.fail(at, describeJSON(v)+", not a whole number from 1 to 200")
		case err != nil || strconv.Itoa(n) != v.text || n < 1 || n > 200:
			r.fail(at, clipText(v.text)+" is not a whole number from 1 to 200")
		case f.InstanceType == "enterprise":
			r.fail(at, "does not apply to an enterprise flavor (it has no units)")
		default:
			f.MaxUnits = n
		}
	}
	if v := m["price"]; v != nil {
		r.price(v, path+".price", f)
	}
	if v := m["note"]; v != nil {
		f.Note, _ = r.text(v, path+".note")
	}
}

func (r *catalogReader) chargeModes(v *jsonValue, path string, f *Flavor) {
	switch {
	case v == nil:
		r.fail(path, "missing: the charge modes the flavor offers, [\"prePaid\"] or [\"prePaid\", \"postPaid\"]")
		return
	case v.kind != '[':
		r.fail(path, describeJSON(v)+", not an array")
		return
	case len(v.items) == 0:
		r.fail(path, "empty: a flavor offers \"prePaid\", \"postPaid\" or both")
		return
	}
	for i := range v.items {
		at := path + "[" + strconv.Itoa(i) + "]"
		s, ok := r.text(&v.items[i], at)
		switch {
		case !ok:
		case s != "prePaid" && s != "postPaid":
			r.fail(at, quoteClip(s)+" is not \"prePaid\" or \"postPaid\"")
		case f.Offers(s):
			r.fail(at, quoteClip(s)+" is listed twice")
		default:
			f.ChargeModes = append(f.ChargeModes, s)
		}
	}
}

func (r *catalogReader) price(v *jsonValue, path string, f *Flavor) {
	m := r.object(v, path, "month", "year", "hour")
	figures := []struct {
		name, needs string
		dst         **decimal.Decimal
	}{
		{"month", "", &f.Price.Month},
		{"year", "prePaid", &f.Price.Year},
		{"hour", "postPaid", &f.Price.Hour},
	}
	for _, fig := range figures {
		v := m[fig.name]
		if v == nil {
			continue
		}
		at := path + "." + fig.name
		d, ok := r.decimal(v, at, maxPriceDigits, maxPriceDecimals)
		if !ok {
			continue
		}
		if fig.needs != "" && len(f.ChargeModes) > 0 && !f.Offers(fig.needs) {
			r.fail(at, "the flavor is not offered "+fig.needs+", so this price would never apply")
			continue
		}
		*fig.dst = &d
	}
}

// decimal reads a JSON string holding a plain non-negative decimal with at
// most maxInt digits before the point and maxFrac after it.
func (r *catalogReader) decimal(v *jsonValue, path string, maxInt, maxFrac int) (decimal.Decimal, bool) {
	if v.kind == '0' {
		r.fail(path, clipText(v.text)+" is a JSON number; write it as a string, "+quoteClip(v.text)+", so it is read exactly")
		return decimal.Decimal{}, false
	}
	s, ok := r.text(v, path)
	if !ok {
		return decimal.Decimal{}, false
	}
	if problem := decimalProblem(s, maxInt, maxFrac); problem != "" {
		r.fail(path, problem)
		return decimal.Decimal{}, false
	}
	return plainDecimal(s), true
}

// plainDecimal is the value of s, which decimalProblem accepted with at
// most 18 digits in all: the digits as an integer, scaled by the number of
// decimals, exactly as decimal.NewFromString reads it (the test compares
// them). Reading it here keeps NewFromString, and its error formatting, out
// of the module.
func plainDecimal(s string) decimal.Decimal {
	var m int64
	exp := int32(0)
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			exp = -int32(len(s) - i - 1)
			continue
		}
		m = m*10 + int64(s[i]-'0')
	}
	return decimal.New(m, exp)
}

// decimalProblem says what is wrong with s as a plain non-negative decimal
// (digits, then optionally "." and digits; no sign, exponent, space or
// leading zero), or returns "".
func decimalProblem(s string, maxInt, maxFrac int) string {
	body := strings.TrimPrefix(s, "-")
	intDigits := leadingDigits(body)
	rest := body[intDigits:]
	fracDigits := -1
	if strings.HasPrefix(rest, ".") {
		fracDigits = leadingDigits(rest[1:])
		rest = rest[1+fracDigits:]
	}
	switch {
	case intDigits == 0 || rest != "" || fracDigits == 0 || (intDigits > 1 && body[0] == '0'):
		return quoteClip(s) + " is not a decimal number such as \"165\" or \"33.335\""
	case len(body) != len(s):
		return quoteClip(s) + " is negative"
	case intDigits > maxInt:
		return quoteClip(s) + " is too large (at most " + strconv.Itoa(maxInt) + " digits before the point)"
	case maxFrac == 0 && fracDigits >= 0:
		return quoteClip(s) + " is not a whole number"
	case fracDigits > maxFrac:
		return quoteClip(s) + " has more than " + strconv.Itoa(maxFrac) + " decimals"
	}
	return ""
}

// digits counts the ASCII digits that s starts with.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// isFlavorCode reports whether s is 1-64 characters of A-Za-z0-9-. (the
// pattern of /flavor/type in spec/RULES.md): a catalog flavor that no
// request could name is a mistake.
func validFlavorCode(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// describe names what a value is, for a message, without dumping it.
func describeJSON(v *jsonValue) string {
	switch v.kind {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "the string " + quoteClip(v.text)
	case '0':
		return "the number " + clipText(v.text)
	default:
		return v.text
	}
}

// quoteClip quotes s for a message, cut to 40 characters: a message never dumps
// a whole input.
func quoteClip(s string) string { return strconv.Quote(clipText(s)) }

func clipText(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isDate reports whether s is a calendar date written YYYY-MM-DD. (It is
// time.Parse(time.DateOnly, s) without linking the time parser into the
// WebAssembly module for one field.)
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	num := func(t string) int {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			n = n*10 + int(t[i]-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}
