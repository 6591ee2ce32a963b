package core

// The cross-field rules: those that read more than one member, after the
// walk has read them all.

// periodBounds are the numbers of periods an order may have of periodType
// ("" when it is not known): period_num's own bounds (1 to 9), but at most
// maxYears years. The check and the JSON Schema (jsonschema.go) both take
// them from here.
func periodBounds(periodType string) (lo, hi int64) {
	lo, hi = fields[fPeriodNum].min, fields[fPeriodNum].max
	if periodType == "year" {
		hi = maxYears
	}
	return lo, hi
}

// maxYears is the most years one order may buy (RULES.md, period_num).
const maxYears = 3

// crossFields checks the rules that read more than one member: the flavor
// against the catalog, units and periods against their context, duplicate
// tag keys, and port conflicts.
func (s *state) crossFields() {
	s.checkFlavor()
	s.checkPeriodOf(fPeriodType, fPeriodNum)
	s.checkTags()
	s.checkPorts()
}

func (s *state) checkFlavor() {
	ft := s.vals[fFlavorType]
	if ft.ok {
		fl := s.cat.flavor(s.text(ft.node))
		if s.knownFlavor(fFlavorType, ft.node, fl, s.instType, flavorMismatchMsg) {
			s.flavor, s.units = fl, fl
		}
		if fl != nil && s.mode != "" && !fl.Offers(s.mode) {
			cm := s.vals[fChargeMode]
			s.add(s.at(CodeChargeMode, fChargeMode, cm.node, chargeModeMsg(fl.Type, enumList(fl.ChargeModes))))
			s.flavor = nil
		}
	}
	s.checkUnits(fFlavorSize)
}

// knownFlavor reports whether fl, the catalog's flavor that string field f
// (node n) names, is known and, when instType is known, of that instance
// type; when it is not, it reports why, the type's with mismatch's message.
func (s *state) knownFlavor(f fieldID, n int32, fl *Flavor, instType string, mismatch func(flavorType, instanceType string) message) bool {
	switch {
	case fl == nil:
		s.add(s.at(CodeUnknownFlavor, f, n, unknownFlavorMsg(s.cat.Name)))
	case instType != "" && fl.InstanceType != instType:
		s.add(s.at(CodeFlavorMismatch, f, n, mismatch(fl.InstanceType, instType)))
	default:
		return true
	}
	return false
}

// checkUnits checks size field f against its own bounds, lowered by the
// max_units of the flavor s.units.
func (s *state) checkUnits(f fieldID) {
	size := s.vals[f]
	if !size.ok {
		return
	}
	lo, hi := fields[f].min, fields[f].max
	byFlavor := s.units != nil && s.units.MaxUnits > 0 && int64(s.units.MaxUnits) < hi
	if byFlavor {
		hi = int64(s.units.MaxUnits)
	}
	if size.num < lo || size.num > hi {
		m := rangeMsg(lo, hi)
		if byFlavor {
			m = rangeFlavorMsg(lo, hi, s.units.Type)
		}
		s.add(s.at(CodeRange, f, size.node, m))
		s.vals[f].ok = false
	}
}

// checkPeriodOf checks period_num field numF against periodBounds for the
// period type of field typeF.
func (s *state) checkPeriodOf(typeF, numF fieldID) {
	num := s.vals[numF]
	if !num.ok {
		return
	}
	pt := ""
	if v := s.vals[typeF]; v.ok {
		pt = s.enumText(v.node, fields[typeF].enum)
	}
	lo, hi := periodBounds(pt)
	if num.num < lo || num.num > hi {
		m := rangeMsg(lo, hi)
		if pt != "" {
			m = rangePeriodMsg(lo, hi, pt)
		}
		s.add(s.at(CodeRange, numF, num.node, m))
		s.vals[numF].ok = false
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
			s.add(s.at(CodeDuplicateTag, fTagKey, t.key, duplicateTagMsg(string(s.r.pointer(nil, first, false)))))
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
	p := s.at(CodePortConflict, a, v.node, portConflictMsg(fields[b].name, v.num))
	p.warn, p.val = true, -1
	s.add(p)
}
