package core

// The rules' walk: it goes through the body's tree once, in document order,
// checking each member against its field (schema.go), and records what it
// learns for the cross-field rules (cross.go) and the estimate, and what
// the request writer needs (request.go).

// value is what the checker learned of one member.
type value struct {
	node  int32 // -1: absent (or null)
	ok    bool  // present, of the right type, and within its own bounds
	num   int64
	given bool // for ports: the body gave it (rather than the default)
}

type tagItem struct {
	item, key int32 // key: -1 when the key is not a valid string
}

// walk is what the rules' walk learned of one body.
type walk struct {
	vals     [numFields]value
	instType string // "standard", "enterprise" or "" when not known
	mode     string // "prePaid", "postPaid" or ""
	conds    uint32 // a bit for each condition (when) that holds
	tags     []tagItem
	tagSet   map[string]int32
	flavor   *Flavor // the flavor to price: known, of the instance type, offering the charge mode
	units    *Flavor // the flavor whose max_units bounds the size: known, of the instance type
	stamp    instant // the last valid timestamp read (the current instance's expire_time)
}

// noValues is vals before a check: every member absent.
var noValues = func() (v [numFields]value) {
	for i := range v {
		v[i] = value{node: -1}
	}
	return v
}()

// reset readies w for a body of the request whose fields are lo to hi
// (hi excluded) and, with current, the current instance's: the rules of one
// request read no other field's value.
func (w *walk) reset(lo, hi fieldID, current bool) {
	if lo == fRoot { // create: a copy of known size, as the other requests' fields follow its
		*(*[fResizeRoot]value)(w.vals[:fResizeRoot]) = *(*[fResizeRoot]value)(noValues[:fResizeRoot])
	} else {
		copy(w.vals[lo:hi], noValues[lo:hi])
	}
	if current {
		copy(w.vals[fCurrentRoot:], noValues[fCurrentRoot:])
	}
	w.instType, w.mode, w.flavor, w.units = "", "", nil, nil
	w.conds = 1 << always
	w.tags = w.tags[:0]
	if len(w.tagSet) > 0 { // most bodies have no tags: no call to clear an empty map
		clear(w.tagSet)
	}
}

// undecided reports whether field fd applies, or what it must hold,
// depends on a member the body lacks or has wrong (instance_type,
// charge_mode): such a field is checked by its own type and bounds alone
// (RULES.md), and an object's members not at all.
func (w *walk) undecided(fd *field) bool {
	return w.unknown(fd.required) || w.unknown(fd.inapt)
}

// unknown reports whether condition c is about a member whose value the
// walk does not know.
func (w *walk) unknown(c when) bool {
	switch c {
	case ifStandard, ifEnterprise, ifStandardFlavor, ifEnterpriseFlavor:
		return w.instType == ""
	case ifPrePaid, ifPostPaid, ifCurrentPrePaid, ifCurrentPostPaid:
		return w.mode == ""
	}
	return false
}

// holds reports whether condition c holds for this body: a bit test, as
// every member's check asks it two or three times.
func (w *walk) holds(c when) bool { return w.conds&(1<<c) != 0 }

// at returns a problem about node n of field f.
func (s *state) at(code Code, f fieldID, n int32, m message) problem {
	p := problem{code: code, off: s.r.nodes[n].start, pnode: -1, ptr: fields[f].pointer, val: n, message: m}
	p.str[0] = fields[f].name
	if fields[f].parent == fTag {
		p.pnode, p.ptr = n, ""
	} else {
		p.headed, p.field = true, f
	}
	return p
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
			if i = lookup(&s.r, f, m); i < 0 && !fields[f].open {
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
			s.req = s.r.appendKey(req, m)
			if !s.field(kids[i], m) {
				s.req = s.r.appendRaw(s.req, m)
			}
			req = s.req
			continue
		default:
			at[i] = m
			s.field(kids[i], m)
		}
		if walkWrites {
			req = s.appendMember(req, &s.r, m)
		}
	}
	end, more := nodes[obj].end-1, nodes[obj].first >= 0 // more: a comma before the next member
	for i, c := range kids {
		if at[i] >= 0 {
			continue
		}
		fd := &fields[c]
		if s.holds(fd.required) {
			p := problem{code: CodeRequired, off: end, pnode: -1, ptr: fd.pointer, val: -1, message: requiredMsg(fd.name, fd.required)}
			if f == fTag {
				p.pnode = obj
			} else {
				p.headed, p.field = true, c
			}
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
		// A key that breaks a rule of its own is compared too: a repeated
		// key is duplicate_tag whatever else it is (RULES.md, /tags).
		key := s.vals[fTagKey]
		if key.node >= 0 && s.r.nodes[key.node].kind != kindString {
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

func (s *state) unknown(m int32) {
	s.add(problem{code: CodeUnknownField, warn: !s.opts.Strict, off: s.r.nodes[m].start, pnode: m, val: -1,
		message: unknownFieldMsg(s.r.key(m), s.opts.Strict)})
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
		if s.undecided(fd) {
			return // written as it is: nothing in it is required or filled
		}
		s.object(n, f)
		return true
	case typeArray:
		if nd.kind != kindArray {
			s.typeError(f, n)
			return
		}
		if int(nd.count) > fd.maxLen {
			p := s.at(CodeLength, f, n, maxItemsMsg(fd.maxLen, int(nd.count)))
			p.val = -1
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
				s.add(problem{code: CodeType, off: s.r.nodes[it].start, pnode: it, val: -1,
					message: typeMsg("a tag", wObject, kindWord(s.r.nodes[it].kind))})
				if walkWrites {
					s.req = s.r.appendRaw(s.req, it)
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

func (s *state) typeError(f fieldID, n int32) {
	p := s.at(CodeType, f, n, typeMsg("", typeWords[fields[f].typ], kindWord(s.r.nodes[n].kind)))
	p.val = -1
	s.add(p)
}

// coerced reports a string read as another type: a warning, or in strict mode
// a type error. It returns whether the value may be used.
func (s *state) coerced(f fieldID, n int32) bool {
	if s.opts.Strict {
		s.add(s.at(CodeType, f, n, strictCoerceMsg(typeWords[fields[f].typ])))
		return false
	}
	// The warning every coerced string of the API page's examples gets,
	// built in place: a problem is large, and copying it twice cost more
	// than the rest of the member's check.
	s.makeRoom()
	s.probs = append(s.probs, problem{code: CodeCoerced, warn: true, headed: true, field: f, off: s.r.nodes[n].start, pnode: -1, ptr: fields[f].pointer, val: n,
		message: message{def: coercedDef(fields[f].typ), str: [3]string{fields[f].name}}})
	if p := &s.probs[len(s.probs)-1]; fields[f].parent == fTag {
		p.pnode, p.ptr, p.headed = n, "", false
	}
	return true
}
