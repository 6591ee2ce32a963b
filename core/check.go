package core

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"sync"
	"unicode/utf8"
)

// problem is a finding before it is rendered: paths and messages are written
// only into the output, so a check that finds nothing wrong, or only
// warnings with fixed paths, allocates nothing for them.
type problem struct {
	code    Code
	warn    bool
	headed  bool    // the path is field's pointer: pathHeads[field] starts the problem's JSON
	field   fieldID // (only with headed)
	in      string  // "", "path", "header"
	off     int32   // position in the body: problems are reported in this order
	pnode   int32   // the path starts with this node's pointer (-1: none)
	ptr     string  // then this (a field's pointer, or a member name under pnode)
	msg     msgID
	args    [3]string
	nums    [3]int64
	val     int32 // the node {v} quotes (-1: none)
	kinds   [2]word
	cls     *charClass
	subject uint8 // what {s} names: subjectBody or subjectDocument
}

// word is a type name in messages, in each language.
type word uint8

const (
	wNone word = iota
	wString
	wInteger
	wBoolean
	wObject
	wArray
	wNull
	wNumber
)

var words = [...][2]string{
	wString:  {"a string", "字符串"},
	wInteger: {"an integer", "整数"},
	wBoolean: {"a boolean", "布尔值"},
	wObject:  {"an object", "对象"},
	wArray:   {"an array", "数组"},
	wNull:    {"null", "null"},
	wNumber:  {"a number", "数字"},
}

func kindWord(k kind) word {
	switch k {
	case kindNull:
		return wNull
	case kindTrue, kindFalse:
		return wBoolean
	case kindNumber:
		return wNumber
	case kindString:
		return wString
	case kindObject:
		return wObject
	}
	return wArray
}

var typeWords = [...]word{typeString: wString, typeInteger: wInteger, typeBoolean: wBoolean, typeObject: wObject, typeArray: wArray}

// value is what the checker learned of one member.
type value struct {
	node  int32 // -1: absent (or null)
	ok    bool  // present, of the right type, and within its own bounds
	num   int64
	given bool // for ports: the body gave it (rather than the default)
}

// edit rewrites one member of the body in the normalized request: a
// coerced string written as its JSON type, or a null replaced by its
// default. Edits are made in document order.
type edit struct {
	node   int32
	text   string // the replacement JSON; "" means write num
	num    int64
	digits bool // num is the string's own bytes, as written: copy them
}

// fill adds a defaulted member at the end of an object.
type fill struct {
	object int32
	field  fieldID
}

type tagItem struct {
	item, key int32 // key: -1 when the key is not a valid string
}

// state is one check. It is pooled: its slices keep their capacity.
type state struct {
	r        reader
	opts     Options // a copy: a pointer to the caller's would make it escape
	cat      *Catalog
	lang     Lang
	probs    []problem
	vals     [numFields]value
	instType string // "standard", "enterprise" or "" when not known
	mode     string // "prePaid", "postPaid" or ""
	conds    uint8  // a bit for each condition (when) that holds
	edits    []edit
	fills    []fill
	defaults []fieldID
	tags     []tagItem
	tagSet   map[string]int32
	buf      []byte  // scratch for decoded strings
	out      []byte  // scratch for paths and messages
	req      []byte  // the normalized request, written by the rules' walk
	flavor   *Flavor // the flavor to price: known, of the instance type, offering the charge mode
	units    *Flavor // the flavor whose max_units bounds the size: known, of the instance type
	errs     int
	dropped  [2]int    // errors and warnings past the first MaxListed of each
	spare    []problem // scratch for sorting problems
}

// noValues is vals before a check: every member absent.
var noValues = func() (v [numFields]value) {
	for i := range v {
		v[i] = value{node: -1}
	}
	return v
}()

var statePool = sync.Pool{New: func() any { return new(state) }}

func (s *state) reset(body []byte, opts *Options) {
	s.opts, s.lang = *opts, opts.Lang
	s.cat = opts.Catalog
	if s.cat == nil {
		s.cat = DefaultCatalog()
	}
	s.probs = s.probs[:0]
	s.vals = noValues
	s.instType, s.mode, s.flavor, s.units, s.errs, s.dropped = "", "", nil, nil, 0, [2]int{}
	s.conds = 1 << always
	s.edits, s.fills, s.defaults, s.tags = s.edits[:0], s.fills[:0], s.defaults[:0], s.tags[:0]
	if len(s.tagSet) > 0 { // most bodies have no tags: no call to clear an empty map
		clear(s.tagSet)
	}
	s.req = s.req[:0]
	s.r.reset(body, opts.maxDepth())
}

// add records a problem; warn problems are warnings.
func (s *state) add(p problem) {
	s.makeRoom()
	if !p.warn {
		s.errs++
	}
	s.probs = append(s.probs, p)
}

// makeRoom cuts the problems (compact) before one more would pass
// compactAt; everything that records a problem calls it first.
func (s *state) makeRoom() {
	if len(s.probs) >= compactAt {
		s.compact()
	}
}

// compactAt is how many problems s.probs holds before compact cuts them to
// the ones a document can list.
const compactAt = 4 * MaxListed

// compact keeps the first MaxListed errors and the first MaxListed warnings
// in document order, and counts the others in s.dropped. The first of all
// problems are the first of those kept and those still to come, so cutting
// as they come keeps exactly the ones the document lists, in bounded memory.
func (s *state) compact() {
	s.sortProblems()
	var kept [2]int
	p := s.probs
	w := 0
	for i := range p {
		k := boolInt(p[i].warn)
		if kept[k] == MaxListed {
			s.dropped[k]++
			continue
		}
		kept[k]++
		p[w] = p[i]
		w++
	}
	clear(p[w:]) // their strings
	s.probs = p[:w]
	s.errs = kept[0]
}

// at returns a problem about node n of field f.
func (s *state) at(code Code, f fieldID, n int32, msg msgID) problem {
	p := problem{code: code, off: s.r.nodes[n].start, pnode: -1, ptr: fields[f].pointer, msg: msg, val: n}
	p.args[0] = fields[f].name
	if fields[f].parent == fTag {
		p.pnode, p.ptr = n, ""
	} else {
		p.headed, p.field = true, f
	}
	return p
}

// run does the whole check; the result is in s.
func (s *state) run(body []byte) (read bool) {
	if max := s.opts.BodyLimit(); len(body) > max {
		s.add(problem{code: CodeTooLarge, pnode: -1, val: -1, msg: msgTooLarge, nums: [3]int64{int64(len(body)), int64(max)}})
		s.params()
		return false
	}
	s.r.read()
	if e := s.r.err; e != nil {
		s.add(e.problem(subjectBody))
		s.params()
		return false
	}
	// A body with a repeated member is checked with the first occurrence
	// of each name, so every other problem is reported too; it has no
	// normalized request, as forwarding it would choose between the values.
	for _, d := range s.r.dups {
		d.args[0] = strconv.Quote(string(s.r.key(d.pnode)))
		s.add(d)
	}
	s.dropped[0] += s.r.moreDups
	read = len(s.r.dups) == 0
	root := int32(0)
	if s.r.nodes[root].kind != kindObject {
		p := problem{code: CodeType, pnode: -1, val: -1, msg: msgType, kinds: [2]word{wObject, kindWord(s.r.nodes[root].kind)}}
		p.args[0] = "the body"
		s.add(p)
		s.params()
		if walkWrites {
			s.req = s.appendRaw(s.req, root)
		}
		return read
	}
	s.context(root)
	s.object(root, fRoot)
	s.crossFields()
	s.params()
	return read
}

// context reads instance_type and charge_mode first: whether other members
// are required or apply depends on them, wherever they stand in the body.
func (s *state) context(root int32) {
	if n := s.member(root, "instance_type"); n >= 0 {
		s.instType = s.enumText(n, fields[fInstanceType].enum)
		switch s.instType {
		case "standard":
			s.conds |= 1 << ifStandard
		case "enterprise":
			s.conds |= 1 << ifEnterprise
		}
	}
	if ci := s.member(root, "charge_info"); ci >= 0 && s.r.nodes[ci].kind == kindObject {
		if n := s.member(ci, "charge_mode"); n >= 0 {
			s.mode = s.enumText(n, fields[fChargeMode].enum)
			switch s.mode {
			case "prePaid":
				s.conds |= 1 << ifPrePaid
			case "postPaid":
				s.conds |= 1 << ifPostPaid
			}
		}
	}
}

// enumText returns the member of enum that string node n holds, or "".
func (s *state) enumText(n int32, enum []string) string {
	if s.r.nodes[n].kind != kindString {
		return ""
	}
	t := s.text(n)
	for _, e := range enum {
		if string(t) == e {
			return e
		}
	}
	return ""
}

// text returns string node n's contents, decoded; the slice is valid until
// the next call.
func (s *state) text(n int32) []byte {
	nd := &s.r.nodes[n]
	if nd.esc {
		return s.unescaped(nd)
	}
	return s.r.src[nd.start+1 : nd.end-1]
}

// unescaped is text for a string with escapes.
func (s *state) unescaped(nd *node) []byte {
	s.buf = unescape(s.buf[:0], s.r.src[nd.start+1:nd.end-1])
	return s.buf
}

// member returns the node of object obj's member name, or -1.
func (s *state) member(obj int32, name string) int32 {
	for m := s.r.nodes[obj].first; m >= 0; m = s.r.nodes[m].next {
		if string(s.r.key(m)) == name {
			return m
		}
	}
	return -1
}

// holds reports whether condition w holds for this body: a bit test, as
// every member's check asks it two or three times.
func (s *state) holds(w when) bool { return s.conds&(1<<w) != 0 }

// object checks the members of object obj, which is field f, in document
// order, then reports the required members it lacks and fills defaults: a
// null optional member is replaced in place (an edit), an absent one added
// at the end of its object (a fill). Where walkWrites holds, it also writes
// the object's normalized JSON to s.req as it goes (see request_native.go).
func (s *state) object(obj int32, f fieldID) {
	kids := children[f]
	var at [12]int32 // member node per child of f; -1 absent, -2 null
	for i := range kids {
		at[i] = -1
	}
	nodes := s.r.nodes // complete: the rules read it
	// The request is written to req, and kept in s.req only around the
	// calls that write objects and arrays: a field's append costs a load
	// and a store.
	var req []byte
	if walkWrites {
		req = append(s.req, '{')
	}
	for m := nodes[obj].first; m >= 0; m = nodes[m].next {
		if walkWrites && m != nodes[obj].first {
			req = append(req, ',')
		}
		i := -1
		if !nodes[m].dup { // reported as duplicate_key; the first occurrence counts
			if i = s.lookup(f, m); i < 0 {
				s.unknown(m)
			}
		}
		switch {
		case i < 0:
		case nodes[m].kind == kindNull && !fields[kids[i]].nullable:
			at[i] = -2
			if fd := &fields[kids[i]]; s.defaulted(fd) {
				s.edits = append(s.edits, edit{node: m, text: fd.def})
			}
		case nodes[m].kind >= kindObject:
			at[i] = m
			if !walkWrites {
				s.field(kids[i], m)
				continue
			}
			s.req = s.appendKey(req, m)
			if !s.field(kids[i], m) {
				s.req = s.appendRaw(s.req, m)
			}
			req = s.req
			continue
		default:
			at[i] = m
			s.field(kids[i], m)
		}
		if walkWrites { // the member as written, or as its edit has it; by hand: this loop is the hot path
			mn, src := &nodes[m], s.r.src
			switch k := len(s.edits) - 1; {
			case k >= 0 && s.edits[k].node == m:
				req = append(req, src[mn.keyStart-1:mn.keyEnd+1]...)
				req = append(req, ':')
				switch e := &s.edits[k]; {
				case e.text != "":
					req = append(req, e.text...)
				case e.digits:
					req = append(req, src[mn.start+1:mn.end-1]...)
				default:
					req = strconv.AppendInt(req, e.num, 10)
				}
			case mn.kind < kindObject:
				req = appendScalarMember(req, src, mn)
			default:
				req = s.appendRawMember(req, m)
			}
		}
	}
	end, more := nodes[obj].end-1, nodes[obj].first >= 0 // more: a comma before the next member
	for i, c := range kids {
		if at[i] >= 0 {
			continue
		}
		fd := &fields[c]
		if s.holds(fd.required) {
			p := problem{code: CodeRequired, off: end, pnode: -1, ptr: fd.pointer, val: -1, msg: requiredMsg(fd.required)}
			if f == fTag {
				p.pnode = obj
			} else {
				p.headed, p.field = true, c
			}
			p.args[0] = fd.name
			s.add(p)
			continue
		}
		if !s.defaulted(fd) {
			continue
		}
		s.defaults = append(s.defaults, c)
		if at[i] == -1 { // absent (a null one is an edit)
			s.fills = append(s.fills, fill{object: obj, field: c})
			if walkWrites {
				req = appendFill(req, c, more)
				more = true
			}
		}
		if fd.typ == typeInteger {
			s.vals[c].num = fd.defNum
			s.vals[c].ok = true
		}
	}
	if walkWrites {
		s.req = append(req, '}')
	}
	if f == fTag {
		key := s.vals[fTagKey]
		if !key.ok {
			key.node = -1
		}
		s.tags = append(s.tags, tagItem{item: obj, key: key.node})
		s.vals[fTagKey] = value{node: -1}
	}
}

// defaulted reports whether field fd, absent or null, gets its default: it
// has one, for this body, and is not required (which makes it an error).
func (s *state) defaulted(fd *field) bool {
	return fd.def != "" && !s.holds(fd.required) && s.holds(fd.defWhen) && !s.holds(fd.inapt)
}

func requiredMsg(w when) msgID {
	switch w {
	case ifStandard:
		return msgRequiredStandard
	case ifPrePaid:
		return msgRequiredPrePaid
	case ifEnterprise:
		return msgRequiredEnterprise
	}
	return msgRequired
}

// lookup returns the index in children[f] of the field that member m of
// object field f names, or -1. Names match exactly (RULES.md: "Name" is not
// "name"). A name is found by its words (see nameWords) in fieldSlots: one
// probe and one comparison, where comparing it with each member the object
// may have cost more than the rest of reading the member.
func (s *state) lookup(f fieldID, m int32) int {
	nd := &s.r.nodes[m]
	src := s.r.src
	start, end := int(nd.keyStart), int(nd.keyEnd)
	n := end - start
	if nd.keyEsc || n > maxWordsName || start+8 > len(src) {
		key := s.r.key(m)
		for i, c := range children[f] {
			if string(key) == fields[c].name {
				return i
			}
		}
		return -1
	}
	w := nameWords{first: load64(src, start)} // wordsAt, by hand: a call costs more as WebAssembly
	if n < 8 {
		w.first &= 1<<(8*n) - 1
	} else {
		w.last = load64(src, end-8)
		if n > 16 {
			w.middle = load64(src, start+8)
		}
	}
	if e := &fieldSlots[fieldSlot(f, w, fieldMul)]; e.words == w && e.parent == f && int(e.n) == n {
		return int(e.kid)
	}
	return -1
}

// slotEntry is a field as fieldSlots holds it: what lookup compares, and
// the index it returns, side by side.
type slotEntry struct {
	words  nameWords
	n      uint8   // the name's length (at most maxWordsName)
	parent fieldID // noField in a free slot: no object is its parent
	kid    uint8   // the field's index in its parent's children
}

// fieldSlot hashes a parent field and a name's words to a slot of fieldSlots.
func fieldSlot(parent fieldID, w nameWords, mul uint64) uint8 {
	return uint8((w.first ^ bits.RotateLeft64(w.last, 21) ^ bits.RotateLeft64(w.middle, 42) ^ uint64(parent)) * mul >> 56)
}

var (
	// fieldSlots holds each field (but the root) in the slot fieldSlot gives
	// it with fieldMul, which init chooses so that no two fields share one.
	fieldSlots [256]slotEntry
	fieldMul   uint64
)

// indexNames fills fieldSlots; schema.go's init calls it once children is
// known.
func indexNames() {
	var fieldWords [numFields]nameWords // each field's name
	var kidIndex [numFields]int         // each field's index in its parent's children
	for f := range fields {
		fieldWords[f] = wordsOf(fields[f].name)
	}
	for _, kids := range children {
		for i, c := range kids {
			kidIndex[c] = i
		}
	}
	// Odd multipliers far apart (neighbours hash alike); with 256 slots for
	// fewer than 40 names, a few tries find one.
	for k := uint64(0); ; k++ {
		mul := (0x9E3779B97F4A7C15 * (2*k + 1)) | 1
		taken := [256]bool{}
		free := true
		for f := fRoot + 1; f < numFields && free; f++ {
			slot := fieldSlot(fields[f].parent, fieldWords[f], mul)
			free = !taken[slot]
			taken[slot] = true
		}
		if free {
			fieldMul = mul
			break
		}
	}
	for i := range fieldSlots {
		fieldSlots[i].parent = noField
	}
	for f := fRoot + 1; f < numFields; f++ {
		fieldSlots[fieldSlot(fields[f].parent, fieldWords[f], fieldMul)] = slotEntry{
			words: fieldWords[f], n: uint8(len(fields[f].name)), parent: fields[f].parent, kid: uint8(kidIndex[f])}
	}
}

func (s *state) unknown(m int32) {
	p := problem{code: CodeUnknownField, warn: !s.opts.Strict, off: s.r.nodes[m].start, pnode: m, val: -1, msg: msgUnknownField}
	if s.opts.Strict {
		p.msg = msgUnknownFieldStrict
	}
	p.args[0] = string(s.r.key(m))
	s.add(p)
}

// field checks member node n, which is field f and not null. Where
// walkWrites holds, it writes the normalized JSON of an object or array it
// checks and reports true; a scalar's, and that of what it does not check,
// its caller writes.
func (s *state) field(f fieldID, n int32) (written bool) {
	fd := &fields[f]
	if s.holds(fd.inapt) {
		p := s.at(CodeNotApplicable, f, n, notApplicableMsg(fd.inapt))
		p.warn, p.val = true, -1
		s.add(p)
		return
	}
	v := &s.vals[f]
	v.node, v.given = n, true
	nd := &s.r.nodes[n]
	switch fd.typ {
	case typeString:
		if nd.kind == kindNull { // nullable: a tag's value
			return
		}
		if nd.kind != kindString {
			s.typeError(f, n)
			return
		}
		v.ok = s.str(f, n)
	case typeInteger:
		v.num, v.ok = s.integer(f, n)
	case typeBoolean:
		v.ok = s.boolean(f, n)
	case typeObject:
		if nd.kind != kindObject {
			s.typeError(f, n)
			return
		}
		v.ok = true
		s.object(n, f)
		return true
	case typeArray:
		if nd.kind != kindArray {
			s.typeError(f, n)
			return
		}
		if int(nd.count) > fd.maxLen {
			p := s.at(CodeLength, f, n, msgMaxItems)
			p.val, p.nums = -1, [3]int64{0, int64(fd.maxLen), int64(nd.count)}
			s.add(p)
		}
		v.ok = true
		if walkWrites {
			s.req = append(s.req, '[')
		}
		for it := nd.first; it >= 0; it = s.r.nodes[it].next {
			if walkWrites && it != nd.first {
				s.req = append(s.req, ',')
			}
			if s.r.nodes[it].kind != kindObject {
				p := problem{code: CodeType, off: s.r.nodes[it].start, pnode: it, val: -1, msg: msgType,
					kinds: [2]word{wObject, kindWord(s.r.nodes[it].kind)}}
				p.args[0] = "a tag"
				s.add(p)
				if walkWrites {
					s.req = s.appendRaw(s.req, it)
				}
				continue
			}
			s.object(it, fTag)
		}
		if walkWrites {
			s.req = append(s.req, ']')
		}
		return true
	}
	return false
}

func notApplicableMsg(w when) msgID {
	switch w {
	case ifEnterprise:
		return msgNotApplicableEnterprise
	case ifPostPaid:
		return msgNotApplicablePostPaid
	}
	return msgNotApplicableStandard
}

func (s *state) typeError(f fieldID, n int32) {
	p := s.at(CodeType, f, n, msgType)
	p.val = -1
	p.kinds = [2]word{typeWords[fields[f].typ], kindWord(s.r.nodes[n].kind)}
	s.add(p)
}

// coerced reports a string read as another type: a warning, or in strict mode
// a type error. It returns whether the value may be used.
func (s *state) coerced(f fieldID, n int32, msg msgID) bool {
	if s.opts.Strict {
		p := s.at(CodeType, f, n, msgStrictCoerce)
		p.kinds[0] = typeWords[fields[f].typ]
		s.add(p)
		return false
	}
	// The warning every coerced string of the API page's examples gets,
	// built in place: a problem is large, and copying it twice cost more
	// than the rest of the member's check.
	s.makeRoom()
	s.probs = append(s.probs, problem{code: CodeCoerced, warn: true, headed: true, field: f, off: s.r.nodes[n].start, pnode: -1, ptr: fields[f].pointer, msg: msg, val: n, args: [3]string{fields[f].name}})
	if p := &s.probs[len(s.probs)-1]; fields[f].parent == fTag {
		p.pnode, p.ptr, p.headed = n, "", false
	}
	return true
}

// integer reads an integer member, from a number written as an integer or
// from a string of one (RULES.md: -?(0|[1-9][0-9]*)).
func (s *state) integer(f fieldID, n int32) (int64, bool) {
	nd := &s.r.nodes[n]
	var digits []byte
	switch {
	case nd.kind == kindNumber && nd.isInt:
		digits = s.r.src[nd.start:nd.end]
	case nd.kind == kindNumber:
		s.add(s.at(CodeType, f, n, msgNotInteger))
		return 0, false
	case nd.kind == kindString:
		if digits = s.r.src[nd.start+1 : nd.end-1]; nd.esc { // text, by hand: a call costs more as WebAssembly
			digits = s.unescaped(nd)
		}
		if !isIntegerText(digits) {
			s.typeError(f, n)
			return 0, false
		}
		if !s.coerced(f, n, msgCoercedInt) {
			return 0, false
		}
	default:
		s.typeError(f, n)
		return 0, false
	}
	num, ok := parseInt(digits)
	if ok && nd.kind == kindString {
		// Normalized to its JSON type; an integer too long to read stays
		// as written (it is a range error anyway).
		// A string of digits without escapes is num's own JSON (but "-0").
		s.edits = append(s.edits, edit{node: n, num: num, digits: !nd.esc && string(digits) != "-0"})
	}
	fd := &fields[f]
	if !ok || num < fd.min || num > fd.max {
		if f != fFlavorSize && f != fPeriodNum { // their bounds depend on other members
			s.rangeError(f, n, fd.min, fd.max)
			return 0, false
		}
		if !ok {
			num = fd.max + 1 // beyond any bound
		}
	}
	return num, true
}

func (s *state) rangeError(f fieldID, n int32, lo, hi int64) {
	p := s.at(CodeRange, f, n, msgRange)
	p.nums = [3]int64{lo, hi}
	s.add(p)
}

// parseInt reads digits already known to be an integer's
// (-?(0|[1-9][0-9]*)); it reports false beyond 18 digits, which is beyond
// every bound.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func isIntegerText(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 || (b[0] == '0' && len(b) > 1) {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (s *state) boolean(f fieldID, n int32) bool {
	nd := &s.r.nodes[n]
	switch nd.kind {
	case kindTrue, kindFalse:
		return true
	case kindString:
		t := s.text(n)
		if string(t) != "true" && string(t) != "false" {
			break
		}
		if !s.coerced(f, n, msgCoercedBool) {
			return false
		}
		text := "false"
		if t[0] == 't' {
			text = "true"
		}
		s.edits = append(s.edits, edit{node: n, text: text})
		return true
	}
	s.typeError(f, n)
	return false
}

// str checks a string member: enum, length in code points, characters, and
// the shapes of tag keys and topic URNs.
func (s *state) str(f fieldID, n int32) bool {
	fd := &fields[f]
	nd := &s.r.nodes[n]
	t := s.r.src[nd.start+1 : nd.end-1] // text, by hand: a call costs more as WebAssembly
	if nd.esc {
		t = s.unescaped(nd)
	}
	if fd.enum != nil {
		for _, e := range fd.enum {
			if string(t) == e {
				return true
			}
		}
		p := s.at(CodeEnum, f, n, msgEnum)
		p.args[1] = enumList(fd.enum)
		s.add(p)
		return false
	}
	var count int
	bad := rune(-1)
	switch {
	case fd.chars != nil && !nd.esc && !nd.wide && fd.chars.allowsASCII(t):
		count = len(t) // ASCII only, every character allowed
	case fd.chars != nil:
		count, bad = fd.chars.scan(t)
	default:
		count = utf8.RuneCount(t)
	}
	if count < fd.minLen || count > fd.maxLen {
		p := s.at(CodeLength, f, n, msgLength)
		if fd.minLen == 0 {
			p.msg = msgMaxLength
		}
		p.val, p.nums = -1, [3]int64{int64(fd.minLen), int64(fd.maxLen), int64(count)}
		s.add(p)
		return false
	}
	if bad >= 0 {
		p := s.at(CodePattern, f, n, msgPattern)
		p.val, p.cls = -1, fd.chars
		p.args[2] = quoteRune(bad)
		s.add(p)
		return false
	}
	switch fd.special {
	case tagKey:
		first, _ := utf8.DecodeRune(t)
		last, _ := utf8.DecodeLastRune(t)
		if isSpace(first) || isSpace(last) {
			p := s.at(CodePattern, f, n, msgTrimmed)
			p.val = -1
			s.add(p)
			return false
		}
		if len(t) >= 5 && string(t[:5]) == "_sys_" {
			p := s.at(CodePattern, f, n, msgReserved)
			p.val = -1
			s.add(p)
			return false
		}
	case smnTopicURN:
		if !isTopicURN(t) {
			p := s.at(CodePattern, f, n, msgURN)
			p.val = -1
			s.add(p)
			return false
		}
	}
	return true
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xA0:
		return true
	}
	return r > 0xFF && (r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000)
}

// isTopicURN reports whether t is urn:smn:{region}:{project}:{topic}: five
// non-empty parts (RULES.md).
func isTopicURN(t []byte) bool {
	for parts := 1; ; parts++ { // segments found with IndexByte: a URN is long, its colons few
		seg := t
		i := bytes.IndexByte(t, ':')
		if i >= 0 {
			seg, t = t[:i], t[i+1:]
		}
		if len(seg) == 0 || parts == 1 && string(seg) != "urn" || parts == 2 && string(seg) != "smn" {
			return false
		}
		if i < 0 {
			return parts == 5
		}
	}
}

func enumList(enum []string) string {
	var b []byte
	for i, e := range enum {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, e)
	}
	return string(b)
}

func quoteRune(r rune) string {
	if r < 0x20 || r == 0x7f || isSpace(r) && r != ' ' {
		return fmt.Sprintf("U+%04X", r)
	}
	return strconv.QuoteRune(r)
}

// crossFields checks the rules that read more than one member: the flavor
// against the catalog, units and periods against their context, duplicate
// tag keys, and port conflicts.
func (s *state) crossFields() {
	s.checkFlavor()
	s.checkPeriod()
	s.checkTags()
	s.checkPorts()
}

func (s *state) checkFlavor() {
	ft := s.vals[fFlavorType]
	if ft.ok {
		fl := s.cat.flavor(s.text(ft.node))
		if fl == nil {
			p := s.at(CodeUnknownFlavor, fFlavorType, ft.node, msgUnknownFlavor)
			p.args[1] = s.cat.Name
			s.add(p)
		} else if s.instType != "" && fl.InstanceType != s.instType {
			p := s.at(CodeFlavorMismatch, fFlavorType, ft.node, msgFlavorMismatch)
			p.args[1], p.args[2] = fl.InstanceType, s.instType
			s.add(p)
		} else {
			s.flavor, s.units = fl, fl
		}
		if fl != nil && s.mode != "" && !fl.Offers(s.mode) {
			cm := s.vals[fChargeMode]
			p := s.at(CodeChargeMode, fChargeMode, cm.node, msgChargeMode)
			p.args[1], p.args[2] = fl.Type, enumList(fl.ChargeModes)
			s.add(p)
			s.flavor = nil
		}
	}
	size := s.vals[fFlavorSize]
	if !size.ok {
		return
	}
	lo, hi, msg := fields[fFlavorSize].min, fields[fFlavorSize].max, msgRange
	if s.units != nil && s.units.MaxUnits > 0 && int64(s.units.MaxUnits) < hi {
		hi, msg = int64(s.units.MaxUnits), msgRangeFlavor
	}
	if size.num < lo || size.num > hi {
		p := s.at(CodeRange, fFlavorSize, size.node, msg)
		p.nums = [3]int64{lo, hi}
		p.args[1] = s.units.typeName()
		s.add(p)
		s.vals[fFlavorSize].ok = false
	}
}

func (f *Flavor) typeName() string {
	if f == nil {
		return ""
	}
	return f.Type
}

func (s *state) checkPeriod() {
	num := s.vals[fPeriodNum]
	if !num.ok {
		return
	}
	pt := ""
	if v := s.vals[fPeriodType]; v.ok {
		pt = s.enumText(v.node, fields[fPeriodType].enum)
	}
	lo, hi, msg := int64(1), int64(9), msgRange
	if pt == "year" {
		hi, msg = 3, msgRangePeriod
	} else if pt == "month" {
		msg = msgRangePeriod
	}
	if num.num < lo || num.num > hi {
		p := s.at(CodeRange, fPeriodNum, num.node, msg)
		p.nums = [3]int64{lo, hi}
		p.args[1] = pt
		s.add(p)
		s.vals[fPeriodNum].ok = false
	}
}

// checkTags reports a tag whose key an earlier tag already has, at the later
// key. Keys compare as decoded text; a set keeps it linear for a long list.
func (s *state) checkTags() {
	const pairwise = 24
	if len(s.tags) > pairwise {
		if s.tagSet == nil {
			s.tagSet = make(map[string]int32, len(s.tags))
		}
	}
	for i, t := range s.tags {
		if t.key < 0 {
			continue
		}
		key := s.r.text(nil, t.key) // its own copy: the loop below decodes into s.buf
		first := int32(-1)
		if len(s.tags) > pairwise {
			if at, ok := s.tagSet[string(key)]; ok {
				first = at
			} else {
				s.tagSet[string(key)] = t.item
			}
		} else {
			for _, u := range s.tags[:i] {
				if u.key >= 0 && string(s.text(u.key)) == string(key) {
					first = u.item
					break
				}
			}
		}
		if first >= 0 {
			p := s.at(CodeDuplicateTag, fTagKey, t.key, msgDuplicateTag)
			p.args[1] = string(s.r.pointer(nil, first, false))
			s.add(p)
		}
	}
}

func (s *state) checkPorts() {
	if !s.vals[fPortInfo].ok {
		return
	}
	for _, g := range portGroups {
		for i, a := range g {
			for _, b := range g[i+1:] {
				va, vb := s.vals[a], s.vals[b]
				if !va.ok || !vb.ok || va.num != vb.num {
					continue
				}
				if va.given {
					s.portConflict(a, b, va)
				}
				if vb.given {
					s.portConflict(b, a, vb)
				}
			}
		}
	}
}

func (s *state) portConflict(a, b fieldID, v value) {
	p := s.at(CodePortConflict, a, v.node, msgPortConflict)
	p.warn, p.val = true, -1
	p.args[1], p.nums[0] = fields[b].name, v.num
	s.add(p)
}

// params checks the path and header parameters, when the caller has them.
// They are reported first: they come before the body.
func (s *state) params() {
	pr := s.opts.Params
	if pr == nil {
		return
	}
	p := problem{in: "path", off: -1, pnode: -1, ptr: "project_id", val: -1}
	p.args[0] = "project_id"
	n := utf8.RuneCountInString(pr.ProjectID)
	switch {
	case n == 0:
		p.code, p.msg = CodeRequired, msgRequired
		s.add(p)
	case n > projectIDMaxLen:
		p.code, p.msg, p.nums = CodeLength, msgLength, [3]int64{1, projectIDMaxLen, int64(n)}
		s.add(p)
	default:
		if _, bad := projectIDChars.scan([]byte(pr.ProjectID)); bad >= 0 {
			p.code, p.msg, p.cls = CodePattern, msgPattern, &projectIDChars
			p.args[2] = quoteRune(bad)
			s.add(p)
		}
	}
	if pr.HasAuthToken {
		// Only the length is checked, and the message never quotes the token.
		if n := utf8.RuneCountInString(pr.AuthToken); n > authTokenMaxLen {
			p := problem{code: CodeLength, in: "header", off: -1, pnode: -1, ptr: "X-Auth-Token", val: -1, msg: msgMaxLength,
				nums: [3]int64{0, authTokenMaxLen, int64(n)}}
			p.args[0] = "X-Auth-Token"
			s.add(p)
		}
	}
}

// order puts the problems into document order, request parameters first,
// and cuts each list to MaxListed with a too_many_problems at its end.
func (s *state) order() {
	if len(s.probs) <= MaxListed && s.dropped == [2]int{} {
		s.sortProblems()
		return
	}
	s.compact()
	for k, msg := range [2]msgID{msgTooManyErrors, msgTooManyWarnings} {
		if s.dropped[k] > 0 {
			s.add(problem{code: CodeTooManyProblems, warn: k == 1, off: math.MaxInt32, pnode: -1, val: -1,
				msg: msg, nums: [3]int64{int64(s.dropped[k]), MaxListed}})
		}
	}
}

// sortProblems sorts s.probs by offset, stably.
func (s *state) sortProblems() { sortByOffset(s.probs, &s.spare) }

// sortByOffset sorts p by offset, stably, with *spare as scratch. Problems
// mostly come in order already, and are few: a few dozen are sorted by
// insertion, which is fastest here and small in the module. Past that, a
// merge sort: a body can be made to list its problems in reverse order
// (where insertion took twelve seconds for 60,000 of each).
func sortByOffset(p []problem, spare *[]problem) {
	if len(p) <= 32 {
		for i := 1; i < len(p); i++ {
			if p[i-1].off <= p[i].off {
				continue
			}
			x := p[i]
			j := i
			for ; j > 0 && p[j-1].off > x.off; j-- {
				p[j] = p[j-1]
			}
			p[j] = x
		}
		return
	}
	sorted := true
	for i := 1; i < len(p) && sorted; i++ {
		sorted = p[i-1].off <= p[i].off
	}
	if sorted {
		return
	}
	if cap(*spare) < len(p) {
		*spare = make([]problem, len(p))
	}
	src, dst := p, (*spare)[:len(p)]
	for width := 1; width < len(p); width *= 2 {
		for lo := 0; lo < len(p); lo += 2 * width {
			mid, hi := min(lo+width, len(p)), min(lo+2*width, len(p))
			i, j, k := lo, mid, lo
			for ; i < mid && j < hi; k++ {
				if src[j].off < src[i].off { // ties: the earlier first
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &p[0] {
		copy(p, src)
	}
	clear((*spare)[:len(p)]) // their strings
}

// estimate returns the estimate of a valid request, or nil.
func (s *state) estimate() *Estimate {
	o, ok := s.pricedOrder()
	if !ok {
		return nil
	}
	return s.cat.Estimate(o)
}

// pricedOrder returns the order a valid request places.
func (s *state) pricedOrder() (Order, bool) {
	if s.errs > 0 || s.flavor == nil {
		return Order{}, false
	}
	o := Order{Flavor: s.flavor, ChargeMode: s.mode, Units: 1, Lang: s.lang}
	if s.instType == "standard" {
		o.Units = int(s.vals[fFlavorSize].num)
	}
	if s.mode == "prePaid" {
		o.PeriodType = s.enumText(s.vals[fPeriodType].node, fields[fPeriodType].enum)
		o.PeriodNum = int(s.vals[fPeriodNum].num)
	}
	return o, true
}
