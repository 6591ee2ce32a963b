package core

import "math/bits"

// The estimate of a resize and of a change of charge mode (DESIGN.md,
// "Resize and change of charge mode"):
//
//   - a yearly/monthly resize costs the difference of the monthly rates
//     times the remaining months R, on the UTC+08:00 calendar, R rounded
//     half away from zero to 4 decimals first, the fee rounded once to 2;
//     one line, whose basis shows the whole sum, and whose periods is 0:
//     it is prorated, not a whole number of periods;
//   - a pay-per-use resize is a pay-per-use order of the new spec;
//   - a change of charge mode is the yearly/monthly order it becomes.
//
// Where the catalog or the current instance does not say, the estimate is
// unpriced, with a reason; never an invented number.

// Why a change is not priced, in English and Chinese.
var (
	reasonNoCurrent = both("the current instance is not known (the option current): its flavor, units and charge mode decide the price",
		"当前实例未知（选项 current）：价格取决于其规格、单元数和计费模式")
	reasonNoMode = both("the current instance does not say its charge_mode",
		"当前实例未给出 charge_mode")
	reasonNoFlavor = both("the current instance does not say its flavor (type, and size for a standard one)",
		"当前实例未给出规格（type，标准版还需 size）")
	reasonNoExpire = both("the current instance does not say its expire_time, when its yearly/monthly order ends",
		"当前实例未给出 expire_time（包年/包月订单的到期时间）")
	reasonNoAt = both("the change time is not known (the option at, RFC 3339 with an offset)",
		"变更时间未知（选项 at，带时区偏移的 RFC 3339 时间）")
	reasonNoMonth = both("the catalog has no monthly price for the current or the new flavor; a resize is priced by the month only",
		"价格表缺少当前或新规格的包月价格；变更规格只按月价计算")
	reasonNotAbove = both("the new monthly rate is not above the current one: a refund follows the platform's own rules, which are not published",
		"新规格的月费不高于当前规格：退款按平台自己的规则计算，该规则未公开")
	reasonNotPrePaid = both("the new flavor is not sold yearly/monthly",
		"新规格不提供包年/包月计费")
	reasonTooLarge = both("the fee is beyond what an estimate can write",
		"费用超出估算可表示的范围")
)

// changePrice is how a valid resize or change of charge mode is priced.
type changePrice struct {
	asOrder  bool  // priced as a create order: order
	order    Order //
	prorated bool  // a yearly/monthly resize: fee, line (its basis in s.basis)
	fee      Money
	line     Line
	mode     string    // the estimate's charge_mode
	reason   [2]string // unpriced: why
}

// changePrice prices the request s checked, which is valid. Its basis, when
// it has one of its own, is left in s.basis.
func (s *state) changePrice() (cp changePrice) {
	c := &s.cur
	li := langIndex(s.lang)
	s.basis = s.basis[:0]
	if s.api == &changeAPI {
		cp.mode = "prePaid"
		switch {
		case !c.given:
			cp.reason = reasonNoCurrent
		case c.flavor == nil || c.units == 0:
			cp.reason = reasonNoFlavor
		default:
			cp.asOrder = true
			cp.order = Order{Flavor: c.flavor, Units: int(c.units), ChargeMode: "prePaid", Lang: s.lang,
				PeriodType: s.enumText(s.vals[fChangePeriodType].node, fields[fChangePeriodType].enum),
				PeriodNum:  int(s.vals[fChangePeriodNum].num)}
		}
		return cp
	}
	cp.mode = c.mode
	units := int64(1)
	if s.flavor.InstanceType == "standard" {
		units = s.vals[fResizeFlavorSize].num
	}
	switch {
	case !c.given:
		cp.reason = reasonNoCurrent
		return cp
	case c.mode == "":
		cp.reason = reasonNoMode
		return cp
	case c.mode == "postPaid":
		cp.asOrder = true
		cp.order = Order{Flavor: s.flavor, Units: int(units), ChargeMode: "postPaid", Lang: s.lang}
		s.basis = append(s.basis, both("a new pay-per-use order at the new spec from the change: ", "自变更时起按新规格计费的按需订单：")[li]...)
		s.basis = append(s.basis, s.flavor.plan.hour.basis[li]...)
		return cp
	case c.flavor == nil || c.units == 0:
		cp.reason = reasonNoFlavor
		return cp
	case !c.expires:
		cp.reason = reasonNoExpire
		return cp
	case !s.hasAt:
		cp.reason = reasonNoAt
		return cp
	case !s.flavor.Offers("prePaid"):
		cp.reason = reasonNotPrePaid
		return cp
	}
	newOf, curOf := &s.flavor.plan.month, &c.flavor.plan.month
	if s.flavor.Price.Month == nil || c.flavor.Price.Month == nil || !newOf.priced() || !curOf.priced() {
		cp.reason = reasonNoMonth
		return cp
	}
	hiN, newRate := bits.Mul64(uint64(newOf.fig), uint64(units))
	hiC, curRate := bits.Mul64(uint64(curOf.fig), uint64(c.units))
	if hiN != 0 || hiC != 0 {
		cp.reason = reasonTooLarge
		return cp
	}
	if newRate <= curRate {
		cp.reason = reasonNotAbove
		return cp
	}
	rm := remainingMonths(s.atTime, c.expire)
	fee, ok := figure(newRate-curRate).times(uint64(rm.r4), 1e4, 2)
	if !ok {
		cp.reason = reasonTooLarge
		return cp
	}
	cp.prorated, cp.fee = true, fee
	cp.line = Line{Item: s.flavor.Type, Quantity: int(units), Unit: s.flavor.plan.unit, UnitPrice: newOf.unitPrice,
		Per: "month", Amount: fee}
	s.basis = rm.appendBasis(s.basis, li, units, newOf.unitPrice, c.units, curOf.unitPrice, fee)
	return cp
}

// remaining is the remaining months R from a change to the order's end.
type remaining struct {
	r4                       int64 // R x 10^4, rounded half away from zero
	sameMonth                bool
	headNum, headDen         int // days left in the change's month / its days (or, in one month, E's day - T's day)
	between                  int // whole months strictly between
	tailNum, tailDen         int // E's day of the month / its days
	ty, tm, td, ey, em, edDy int // the dates, for the basis
}

// remainingMonths computes R for a change at t of an order ending at e
// (t before e), on the UTC+08:00 calendar (DESIGN.md).
func remainingMonths(t, e instant) remaining {
	ty, tm, td := billingDate(t)
	ey, em, ed := billingDate(e)
	var rm remaining
	rm.ty, rm.tm, rm.td, rm.ey, rm.em, rm.edDy = ty, tm, td, ey, em, ed
	dimT, dimE := daysIn(ty, tm), daysIn(ey, em)
	var num, den int64
	if ty == ey && tm == em {
		rm.sameMonth = true
		rm.headNum, rm.headDen = ed-td, dimT
		num, den = int64(ed-td), int64(dimT)
	} else {
		rm.headNum, rm.headDen = dimT-td, dimT
		rm.between = (ey*12 + em) - (ty*12 + tm) - 1
		rm.tailNum, rm.tailDen = ed, dimE
		num, den = int64(dimT-td)*int64(dimE)+int64(ed)*int64(dimT), int64(dimT)*int64(dimE)
	}
	// num/den is at most 2, and at least 0: rounded half away from zero.
	rm.r4 = int64(rm.between)*1e4 + (2*num*1e4+den)/(2*den)
	return rm
}

// appendBasis writes the line's basis: the whole sum, then where R comes
// from. Its text needs no escaping in JSON (digits, ASCII punctuation, and
// fixed words).
func (rm *remaining) appendBasis(dst []byte, li int, units int64, unitPrice Money, curUnits int64, curPrice Money, fee Money) []byte {
	dst = append(dst, '(')
	dst = appendInt(dst, units)
	dst = append(dst, " x "...)
	dst = appendFixedRare(dst, unitPrice.n, int(unitPrice.places))
	dst = append(dst, " - "...)
	dst = appendInt(dst, curUnits)
	dst = append(dst, " x "...)
	dst = appendFixedRare(dst, curPrice.n, int(curPrice.places))
	dst = append(dst, ") x "...)
	dst = append(dst, both("", "剩余 ")[li]...)
	dst = appendFixedRare(dst, uint64(rm.r4), 4)
	dst = append(dst, both(" months remaining = ", " 个月 = ")[li]...)
	dst = appendFixedRare(dst, fee.n, int(fee.places))
	dst = append(dst, both("; remaining months: ", "；剩余月数：")[li]...)
	dst = appendFraction(dst, rm.headNum, rm.headDen)
	if !rm.sameMonth {
		if rm.between > 0 {
			dst = appendInt(append(dst, " + "...), int64(rm.between))
		}
		dst = appendFraction(append(dst, " + "...), rm.tailNum, rm.tailDen)
	}
	dst = append(dst, both(" from ", "，")[li]...)
	dst = appendDate(dst, rm.ty, rm.tm, rm.td)
	dst = append(dst, both(" to ", " 至 ")[li]...)
	dst = appendDate(dst, rm.ey, rm.em, rm.edDy)
	return append(dst, both(" (UTC+08:00)", "（UTC+08:00）")[li]...)
}

// appendFixedRare is appendFixed kept out of line, for the basis of an
// order change: the module carries every inlined copy.
//
//go:noinline
func appendFixedRare(dst []byte, n uint64, places int) []byte { return appendFixed(dst, n, places) }

// appendFraction writes num/den. It is kept out of its callers
// (go:noinline): it is rare, and its callers are code the module carries.
//
//go:noinline
func appendFraction(dst []byte, num, den int) []byte {
	return appendInt(append(appendInt(dst, int64(num)), '/'), int64(den))
}

// appendDate writes YYYY-MM-DD (a year past 9999 or before 0, which no
// time read from RFC 3339 has, as its number).
//
// It is kept out of its callers (go:noinline): it is rare, and its callers
// are code the module carries.
//
//go:noinline
func appendDate(dst []byte, y, m, d int) []byte {
	if y < 0 || y > 9999 {
		dst = appendInt(dst, int64(y))
	} else {
		dst = appendFixedWidth(dst, y, 4)
	}
	dst = appendFixedWidth(append(dst, '-'), m, 2)
	return appendFixedWidth(append(dst, '-'), d, 2)
}

// appendFixedWidth writes n, from 0 to 10^width - 1, in width digits
// (width at most 9).
//
// It is kept out of its callers (go:noinline): it is rare, and its callers
// are code the module carries.
//
//go:noinline
func appendFixedWidth(dst []byte, n, width int) []byte {
	var buf [9]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, buf[:width]...)
}

// changeEstimate is the estimate of a valid resize or change of charge mode.
func (s *state) changeEstimate() *Estimate {
	cp := s.changePrice()
	switch {
	case cp.asOrder:
		e := s.cat.Estimate(cp.order)
		if len(s.basis) > 0 && len(e.Lines) > 0 {
			e.Lines[0].Basis = string(s.basis)
		}
		return e
	case cp.prorated:
		b := new(estimateBlock)
		b.e = Estimate{Priced: true, Currency: s.cat.Currency, ChargeMode: cp.mode, Total: cp.fee, Catalog: s.cat.ref}
		b.line[0] = cp.line
		b.line[0].Basis = string(s.basis)
		b.e.Lines = b.line[:]
		return &b.e
	}
	return &Estimate{Reason: cp.reason[langIndex(s.lang)], Currency: s.cat.Currency, ChargeMode: cp.mode, Catalog: s.cat.ref}
}

// appendChangeEstimate appends the JSON of changeEstimate without
// allocating.
func (s *state) appendChangeEstimate(dst []byte) []byte {
	cp := s.changePrice()
	if cp.asOrder {
		return s.cat.appendEstimateBasis(dst, cp.order, s.basis)
	}
	var b estimateBlock
	pre := estimateJSON{catalog: s.cat.refJSON}
	b.e = Estimate{Currency: s.cat.Currency, ChargeMode: cp.mode, Catalog: s.cat.ref}
	if cp.prorated {
		b.e.Priced, b.e.Total = true, cp.fee
		b.line[0] = cp.line
		b.e.Lines = b.line[:]
		pre.basis = s.basis
	} else {
		b.e.Reason = cp.reason[langIndex(s.lang)]
	}
	return b.e.appendJSONWith(dst, &pre)
}
