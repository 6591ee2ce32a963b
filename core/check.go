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
//
// Check and AppendCheck (render.go) run it in this order:
//
//  1. state.reset hands each part the body and the options;
//  2. state.run reads the body (reader.read), then, where it is an object,
//     walks it: context (walk.go) reads instance_type and charge_mode first,
//     object and field (walk.go) check every member against the field table
//     (schema.go) through the name index (names.go) and the value rules
//     (values.go), and record edits and fills for the request; crossFields
//     (cross.go) checks what reads more than one member; params (params.go)
//     the path and header parameters;
//  3. problems.order sorts and cuts the list;
//  4. render.go writes the result document: problems (messages.go and the
//     templates in messages_*.go), the request (request.go), the defaults,
//     and the estimate of the order (pricedOrder, then estimate.go).
//
// Nothing is allocated on a valid body's way: the parts keep their capacity
// in the pool, and strings are decoded only where a rule needs their text.

// state is one check. It is pooled: its slices keep their capacity.
type state struct {
	r reader
	problems
	walk
	requestWriter
	opts Options // a copy: a pointer to the caller's would make it escape
	cat  *Catalog
	lang Lang
	buf  []byte // scratch for decoded strings
	out  []byte // scratch for paths and messages
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func (s *state) reset(body []byte, opts *Options) {
	s.opts, s.lang = *opts, opts.Lang
	s.cat = opts.Catalog
	if s.cat == nil {
		s.cat = DefaultCatalog()
	}
	s.problems.reset()
	s.walk.reset()
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
	s.r.src, s.opts = nil, Options{}
	statePool.Put(s)
}

// run does the whole check; the result is in s.
func (s *state) run(body []byte) (read bool) {
	if limit := s.opts.BodyLimit(); len(body) > limit {
		s.add(problem{code: CodeTooLarge, pnode: -1, val: -1, message: tooLargeMsg(len(body), limit)})
		s.params()
		return false
	}
	s.r.read()
	if e := s.r.err; e != nil {
		s.add(readProblem(e, subjectBody))
		s.params()
		return false
	}
	// A body with a repeated member is checked with the first occurrence
	// of each name, so every other problem is reported too; it has no
	// normalized request, as forwarding it would choose between the values.
	for _, d := range s.r.dups {
		s.add(problem{code: CodeDuplicateKey, off: s.r.nodes[d].start, pnode: d, val: -1,
			message: duplicateKeyMsg(s.r.key(d))})
	}
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
	s.context(root)
	s.object(root, fRoot)
	s.crossFields()
	s.params()
	return read
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
