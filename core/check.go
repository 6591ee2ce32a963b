package core

import "sync"

// How a check fits together. A body goes through one pooled state, which
// is made of small parts, each a type with its own reset in its own file:
//
//	reader         reader.go      the body, read into a flat tree of nodes (no copies);
//	                              its scalars in reader_scalar.go, repeated names in reader_dup.go
//	problems       problems.go    what is wrong, in document order, cut to MaxListed
//	walk           walk.go        the rules' walk: what it learned of each field
//	requestWriter  request.go     the normalized request: edits, fills, defaults
//	curR, cur      apis.go        the current instance (resize, change-charge-mode): its reader,
//	                              and what its walk learned
//
// Which request the body is (Options.API) chooses a descriptor (apis.go):
// the root of its fields in the table, its context and its cross rules.
// Check and AppendCheck (render.go) run it in this order:
//
//  1. state.reset hands each part the body and the options;
//  2. state.run first walks the current instance, when the request reads
//     one (current, apis.go: its reader swapped in for the walk, its
//     problems moved before the body's); then reads the body
//     (reader.read), and, where it is an object, walks it: the context
//     (create's in walk.go reads instance_type and charge_mode first),
//     object and field (walk.go) check every member against the field table
//     (schema.go) through the name index (names.go) and the value rules
//     (values.go, times in timestamp.go), and record edits and fills for the
//     request; the cross rules (create's in cross.go, the others' in
//     apis.go) check what reads more than one member; params (params.go)
//     the path and header parameters;
//  3. problems.order sorts and cuts the list;
//  4. render.go writes the result document: problems (messages.go and the
//     templates in messages_*.go), the request (request.go), the defaults,
//     and the estimate of the order (create's: pricedOrder, then
//     estimate.go; the others': estimate_change.go).
//
// Nothing is allocated on a valid body's way: the parts keep their capacity
// in the pool, and strings are decoded only where a rule needs their text.

// state is one check. It is pooled: its slices keep their capacity.
type state struct {
	r      reader
	curR   reader // the current instance's (apis.go), swapped in for its walk
	cur    currentInstance
	api    *apiDesc
	atTime instant // opts.At, read (hasAt: it was there and read)
	hasAt  bool
	problems
	walk
	requestWriter
	opts  Options // a copy: a pointer to the caller's would make it escape
	cat   *Catalog
	lang  Lang
	buf   []byte // scratch for decoded strings
	basis []byte // a resize's line basis (estimate_change.go)
	out   []byte // scratch for paths and messages
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func (s *state) reset(body []byte, opts *Options) {
	s.opts, s.lang = *opts, opts.Lang
	s.api = describe(opts.API)
	if s.api.current {
		s.cur = currentInstance{modeNode: -1, expNode: -1}
		s.atTime, s.hasAt = parseTimestampString(opts.At)
	}
	s.cat = opts.Catalog
	if s.cat == nil {
		s.cat = DefaultCatalog()
	}
	s.problems.reset()
	s.walk.reset(s.api.root, s.api.end, s.api.current)
	s.requestWriter.reset()
	s.r.reset(body, opts.maxDepth())
}

// check runs the whole check into s and reports whether the body was read.
func (s *state) check(body []byte, opts *Options) bool {
	s.reset(body, opts)
	read := s.run(body)
	s.order()
	return read
}

// release returns s to the pool without what the caller lent it: the body
// and the options (an auth token among them) must not outlive the call.
// What a large body made it grow, it keeps: the next large body reuses it
// (the pool drops states at garbage collection), where dropping it made
// every large body allocate afresh, and as WebAssembly, where memory never
// shrinks, the heap crept up with the holes that left.
func (s *state) release() {
	s.r.src, s.curR.src, s.opts = nil, nil, Options{}
	statePool.Put(s)
}

// run does the whole check; the result is in s.
func (s *state) run(body []byte) (read bool) {
	if s.api.current && s.opts.Current != nil {
		s.current()
	}
	if !s.load(len(body), subjectBody) {
		s.params()
		return false
	}
	// A body with a repeated member is checked with the first occurrence
	// of each name, so every other problem is reported too; it has no
	// normalized request, as forwarding it would choose between the values.
	read = len(s.r.dups) == 0
	root := int32(0)
	if s.r.nodes[root].kind != kindObject {
		s.add(problem{code: CodeType, pnode: -1, val: -1, message: typeMsg("the body", wObject, kindWord(s.r.nodes[root].kind))})
		s.params()
		if walkWrites {
			s.req = s.r.appendRaw(s.req, root)
		}
		return read
	}
	s.api.context(s, root)
	s.object(root, s.api.root)
	s.api.cross(s)
	s.params()
	return read
}

// load reads the document of s.r, size bytes, about subject (subjectBody
// or subjectCurrent), and reports whether it was read: when it was not, it
// reports why; when it was, each repeated member name.
func (s *state) load(size int, subject uint8) bool {
	if limit := s.opts.BodyLimit(); size > limit {
		p := problem{code: CodeTooLarge, pnode: -1, val: -1, message: tooLargeMsg(size, limit)}
		p.subject = subject
		s.add(p)
		return false
	}
	if s.r.read(); s.r.err != nil {
		s.add(readProblem(s.r.err, subject))
		return false
	}
	for _, d := range s.r.dups {
		s.add(problem{code: CodeDuplicateKey, off: s.r.nodes[d].start, pnode: d, val: -1,
			message: duplicateKeyMsg(s.r.key(d))})
	}
	return true
}

// estimate returns the estimate of a valid request, or nil.
func (s *state) estimate() *Estimate {
	if s.api != &createAPI {
		if s.errs > 0 {
			return nil
		}
		return s.changeEstimate()
	}
	o, ok := s.pricedOrder()
	if !ok {
		return nil
	}
	return s.cat.Estimate(o)
}

// pricedOrder returns the order a valid create request places.
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
