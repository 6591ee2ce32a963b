package core

import "math"

// The requests a check covers. Each is a table of its fields (schema.go,
// under its own root) and a descriptor: how its context is read before the
// walk, its cross-field rules after it, and how its order is priced. The
// reader, the walk, the value rules, the request writer and the document
// are the same for all three.

// apiDesc describes one request.
type apiDesc struct {
	root, end fieldID // its fields: root to end, end excluded
	// current: the request reads Options.Current and the path's instance_id.
	current bool
	context func(s *state, root int32) // before the walk: what decides which members apply
	cross   func(s *state)             // after it: the rules that read more than one member
}

var (
	createAPI = apiDesc{root: fRoot, end: fResizeRoot, context: (*state).context, cross: (*state).crossFields}
	resizeAPI = apiDesc{root: fResizeRoot, end: fChangeRoot, current: true, context: (*state).resizeContext, cross: (*state).resizeCross}
	changeAPI = apiDesc{root: fChangeRoot, end: fCurrentRoot, current: true, context: (*state).changeContext, cross: (*state).changeCross}
)

// describe returns the descriptor of api (create's for any other value).
func describe(api API) *apiDesc {
	switch api {
	case APIResize:
		return &resizeAPI
	case APIChangeChargeMode:
		return &changeAPI
	}
	return &createAPI
}

// currentInstance is what the check learned of Options.Current.
type currentInstance struct {
	given    bool
	instType string  // "standard", "enterprise" or ""
	mode     string  // "prePaid", "postPaid" or ""
	flavor   *Flavor // a flavor of the catalog, of instType when that is known
	units    int64   // flavor/size; 0: not known
	expire   instant
	expires  bool  // expire is known
	shift    int32 // added to an offset in it: its problems come before the body's
	modeNode int32 // the nodes its cross rules point at (-1: absent)
	expNode  int32
}

// current reads and walks Options.Current with its own reader, swapped in
// for the walk: every rule that reads s.r reads it. Nothing of it reaches
// the request. Its problems carry In "current" and come after the path
// parameters and before the body's: their offsets are shifted below 0.
func (s *state) current() {
	src := s.opts.Current
	c := &s.cur
	c.given, c.shift = true, -int32(len(src))-2
	s.curR.reset(src, s.opts.maxDepth())
	s.r, s.curR = s.curR, s.r
	first := len(s.probs)
	if s.load(len(src), subjectCurrent) {
		if k := s.r.nodes[0].kind; k != kindObject {
			s.add(problem{code: CodeType, pnode: -1, val: -1, message: currentTypeMsg(kindWord(k))})
		} else {
			s.object(0, fCurrentRoot)
			s.readCurrent()
		}
	}
	for i := first; i < len(s.probs); i++ {
		s.probs[i].in = "current"
		s.probs[i].off += c.shift
	}
	s.r, s.curR = s.curR, s.r
	s.requestWriter.reset() // what the walk wrote of it is not the request
}

// readCurrent keeps what the rules need of the current instance, while its
// reader is s.r.
func (s *state) readCurrent() {
	c := &s.cur
	if v := s.vals[fCurrentInstanceType]; v.ok {
		c.instType = s.enumText(v.node, fields[fCurrentInstanceType].enum)
	}
	if v := s.vals[fCurrentChargeMode]; v.ok {
		c.mode = s.enumText(v.node, fields[fCurrentChargeMode].enum)
	}
	c.modeNode, c.expNode = s.vals[fCurrentChargeMode].node, s.vals[fCurrentExpireTime].node
	if v := s.vals[fCurrentFlavorType]; v.ok {
		if fl := s.cat.flavor(s.text(v.node)); s.knownFlavor(fCurrentFlavorType, v.node, fl, c.instType, flavorMismatchMsg) {
			c.flavor = fl
			if c.instType == "" {
				c.instType = fl.InstanceType
			}
		}
	}
	if v := s.vals[fCurrentFlavorSize]; v.ok {
		c.units = v.num
	}
	if c.flavor != nil && c.flavor.InstanceType == "enterprise" {
		c.units = 1 // an enterprise instance is priced per instance
	}
	if v := s.vals[fCurrentExpireTime]; v.ok {
		c.expire, c.expires = s.stamp, true // read by its value rule
	}
}

// atCurrent returns a problem about node n of the current instance, field f.
func (s *state) atCurrent(code Code, f fieldID, n int32, m message) problem {
	p := problem{code: code, in: "current", off: s.curR.nodes[n].start + s.cur.shift, pnode: -1, ptr: fields[f].pointer, val: n,
		headed: true, field: f, message: m}
	p.str[0] = fields[f].name
	return p
}

// readerOf is the reader problem p points into.
func (s *state) readerOf(p *problem) *reader {
	if p.in == "current" {
		return &s.curR
	}
	return &s.r
}

// checkExpiry reports a change time at or after the current order's end.
func (s *state) checkExpiry() {
	c := &s.cur
	if !c.expires || !s.hasAt || s.atTime.before(c.expire) {
		return
	}
	at := string(appendUTC(s.out[:0], s.atTime)) // an error's path: it may allocate
	s.add(s.atCurrent(CodeRange, fCurrentExpireTime, c.expNode, expiredMsg(at)))
}

// setMode records the current instance's charge mode as the request's
// context (resize: whether is_auto_pay applies).
func (s *state) setMode() {
	s.mode = s.cur.mode
	switch s.mode {
	case "prePaid":
		s.conds |= 1 << ifCurrentPrePaid
	case "postPaid":
		s.conds |= 1 << ifCurrentPostPaid
	}
}

// resizeContext: whether size applies depends on the new flavor's
// instance type (the catalog's), is_auto_pay on the current charge mode.
func (s *state) resizeContext(root int32) {
	if fl := s.member(root, "flavor"); fl >= 0 && s.r.nodes[fl].kind == kindObject {
		if n := s.member(fl, "type"); n >= 0 && s.r.nodes[n].kind == kindString {
			if f := s.cat.flavor(s.text(n)); f != nil {
				s.units = f // the flavor resizeCross checks: found once
				s.instType = f.InstanceType
				if f.InstanceType == "standard" {
					s.conds |= 1 << ifStandardFlavor
				} else {
					s.conds |= 1 << ifEnterpriseFlavor
				}
			}
		}
	}
	s.setMode()
}

func (s *state) resizeCross() {
	ft := s.vals[fResizeFlavorType]
	if ft.ok {
		fl := s.units // resizeContext's, of the same member, or nil
		if fl == nil {
			fl = s.cat.flavor(s.text(ft.node))
		}
		s.units = nil
		if s.knownFlavor(fResizeFlavorType, ft.node, fl, s.cur.instType, flavorMismatchCurrentMsg) {
			s.flavor, s.units = fl, fl
		}
	}
	s.checkUnits(fResizeFlavorSize)
	if fl, c := s.flavor, &s.cur; fl != nil && fl == c.flavor {
		size := s.vals[fResizeFlavorSize]
		switch {
		case fl.InstanceType == "enterprise":
			p := s.at(CodeNoChange, fResizeFlavor, s.vals[fResizeFlavor].node, noChangeMsg(fl.Type, 0))
			p.val = -1
			s.add(p)
		case size.ok && size.num == c.units:
			p := s.at(CodeNoChange, fResizeFlavor, s.vals[fResizeFlavor].node, noChangeMsg(fl.Type, c.units))
			p.val = -1
			s.add(p)
		}
	}
	s.checkExpiry()
}

// changeContext: every member of a change of charge mode applies.
func (s *state) changeContext(int32) {}

func (s *state) changeCross() {
	s.checkPeriodOf(fChangePeriodType, fChangePeriodNum)
	c := &s.cur
	if c.mode == "prePaid" {
		s.add(s.atCurrent(CodeChargeMode, fCurrentChargeMode, c.modeNode, notPayPerUseMsg()))
	}
	if fl := c.flavor; fl != nil {
		if !fl.Offers("prePaid") {
			// Reported whatever period_type is: missing, it stands where
			// its required does, at the end of the body.
			p := problem{code: CodeChargeMode, off: s.r.nodes[0].end - 1, pnode: -1, ptr: fields[fChangePeriodType].pointer, val: -1,
				headed: true, field: fChangePeriodType, message: notSoldPrePaidMsg(fl.Type, enumList(fl.ChargeModes))}
			if n := s.vals[fChangePeriodType].node; n >= 0 {
				p.off = s.r.nodes[n].start
			}
			p.str[0] = fields[fChangePeriodType].name
			s.add(p)
		} else {
			s.flavor = fl
		}
	}
	s.checkExpiry()
}

// paramsOff is where the path and header parameters' problems stand: before
// the current instance's and the body's.
const paramsOff = math.MinInt32
