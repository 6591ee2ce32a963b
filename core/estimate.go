package core

// Estimate is what an order costs, why, and what the same capacity would
// cost under the flavor's other charge options. Its JSON form, written
// compact with the members in this order and absent ones left out:
//
//	{
//	  "priced": true,
//	  "reason": "...",                        only when priced is false
//	  "currency": "USD",
//	  "charge_mode": "prePaid",
//	  "period": {"type": "month", "num": 3},  prePaid only
//	  "total": "990.00",                      priced only
//	  "hourly": "0.4521",                     postPaid and priced only
//	  "lines": [{"item": "iotda.standard.s1", "quantity": 2, "unit": "unit",
//	             "unit_price": "165.00", "per": "month", "periods": 3,
//	             "amount": "990.00", "basis": "monthly list price"}],
//	  "alternatives": {
//	    "span_months": 3,
//	    "options": [
//	      {"charge_mode": "prePaid", "per": "month", "periods": 3, "total": "990.00", "cheapest": true, "selected": true},
//	      {"charge_mode": "prePaid", "per": "year", "periods": 1, "total": "3960.00", "cheapest": false, "selected": false},
//	      {"charge_mode": "postPaid", "per": "hour", "periods": 2190, "total": "990.00", "cheapest": true, "selected": false}
//	    ],
//	    "yearly_beats_monthly_at": 11         when a year costs less than 12 months
//	  },
//	  "catalog": {"name": "huaweicloud-intl", "effective": "2023-10-30", "source": "https://..."}
//	}
//
// Money is a string of decimal digits. A line's amount is quantity x
// unit_price x periods, exactly, rounded half away from zero to 2 decimals;
// total is the sum of the amounts as shown, so the table always adds up.
// unit_price is the exact per-unit (standard) or per-instance (enterprise)
// figure for one `per`, never rounded, with at least 2 decimals: the
// catalog's own figure, or one derived from it by a rule the catalog states,
// which basis then spells out ("12 x monthly list price 165.00"). A postPaid
// line priced from a monthly figure is one month (per "month", periods 1)
// whose basis says "730 hours x (monthly list price 165.00 / 730 hours)":
// hours_per_month hours at month/hours_per_month an hour, the division done
// last. hourly is what the whole instance costs per hour, rounded half away
// from zero to 4 decimals, for display only.
//
// When the catalog has no figure for the order and none can be derived,
// priced is false, reason says why, and there is no total, hourly or line:
// never an invented number.
//
// alternatives prices the same capacity for span_months (the months the
// order covers: period_num months, 12 x period_num for years, 1 for
// postPaid, whose total is one month) under each charge option the flavor
// offers and the catalog can price, always in the order monthly, yearly,
// pay-per-use: prePaid months for the whole span (periods may exceed the 9
// one order can buy: renewals), prePaid years covering it (periods rounded
// up), or postPaid hours (span x hours_per_month). cheapest marks every
// option whose total is the lowest (ties are all marked); selected marks
// the option this order is. yearly_beats_monthly_at is the fewest months
// (1-12) that cost more paid monthly than one year; absent when a year
// never costs less than the months it covers. alternatives is absent when
// no option can be priced; it may be present when the order itself is not.
type Estimate struct {
	Priced       bool         `json:"priced"`
	Reason       string       `json:"reason,omitempty"`
	Currency     string       `json:"currency"`
	ChargeMode   string       `json:"charge_mode"`
	Period       Period       `json:"period,omitzero"`
	Total        Money        `json:"total,omitzero"`
	Hourly       Money        `json:"hourly,omitzero"`
	Lines        []Line       `json:"lines,omitempty"`
	Alternatives Alternatives `json:"alternatives,omitzero"`
	Catalog      CatalogRef   `json:"catalog"`
}

// Period is a prePaid order's subscription period.
type Period struct {
	Type string `json:"type"` // "month" or "year"
	Num  int    `json:"num"`
}

// Line is one row of the estimate's table.
type Line struct {
	Item      string `json:"item"`     // the flavor code
	Quantity  int    `json:"quantity"` // units (standard) or 1 (enterprise)
	Unit      string `json:"unit"`     // "unit" or "instance"
	UnitPrice Money  `json:"unit_price"`
	Per       string `json:"per"` // "month", "year" or "hour"
	Periods   int    `json:"periods"`
	Amount    Money  `json:"amount"`
	Basis     string `json:"basis"`
}

// Alternatives is the same capacity priced under each charge option.
type Alternatives struct {
	SpanMonths           int            `json:"span_months"`
	Options              []ChargeOption `json:"options"`
	YearlyBeatsMonthlyAt int            `json:"yearly_beats_monthly_at,omitempty"`
}

// ChargeOption is one way to pay for the span.
type ChargeOption struct {
	ChargeMode string `json:"charge_mode"` // "prePaid" or "postPaid"
	Per        string `json:"per"`         // "month", "year" or "hour"
	Periods    int    `json:"periods"`
	Total      Money  `json:"total"`
	Cheapest   bool   `json:"cheapest"`
	Selected   bool   `json:"selected"`
}

// CatalogRef names the catalog an estimate was priced with.
type CatalogRef struct {
	Name      string `json:"name,omitempty"`
	Effective string `json:"effective,omitempty"`
	Source    string `json:"source,omitempty"`
}

// Order is what the estimate prices: a checked, valid request.
type Order struct {
	Flavor     *Flavor
	Units      int    // flavor.size; 1 for enterprise flavors
	ChargeMode string // "prePaid" or "postPaid"
	PeriodType string // "month" or "year" (prePaid only)
	PeriodNum  int    // (prePaid only)
	// Lang is the language of the line's basis and of the reason of an
	// unpriced estimate (the zero value is English).
	Lang Lang
}

// estimateBlock holds an estimate and the arrays its slices use, so that
// pricing an order makes one allocation for all of them, or none when the
// estimate is only written (appendEstimate).
type estimateBlock struct {
	e       Estimate
	line    [1]Line
	options [3]ChargeOption
}

// Estimate prices an order. The caller passes a valid order (the checks of
// spec/RULES.md passed); for one that is not (no flavor, a charge mode the
// flavor does not offer, units or period out of range) it returns an
// unpriced estimate saying so, and it never panics. It makes one
// allocation.
func (c *Catalog) Estimate(o Order) *Estimate {
	b := new(estimateBlock)
	options, line := c.price(&b.e, &b.line[0], &b.options, nil, o)
	if line {
		b.e.Lines = b.line[:]
	}
	if options > 0 {
		b.e.Alternatives.Options = b.options[:options]
	}
	return &b.e
}

// appendEstimate appends the JSON of c.Estimate(o) to dst without
// allocating: the estimate is built on the stack and written from there,
// with the parts the loader pre-encoded for its catalog, flavor and offers.
// (The slices are attached here, not in a shared helper: storing the
// block's own arrays through a pointer to it would move it to the heap.)
func (c *Catalog) appendEstimate(dst []byte, o Order) []byte {
	return c.appendEstimateBasis(dst, o, nil)
}

// appendEstimateBasis is appendEstimate with the line's basis replaced by
// basis, when it is not empty (a text that needs no escaping).
func (c *Catalog) appendEstimateBasis(dst []byte, o Order, basis []byte) []byte {
	var (
		b   estimateBlock
		pre estimateJSON
	)
	options, line := c.price(&b.e, &b.line[0], &b.options, &pre, o)
	if line {
		b.e.Lines = b.line[:]
	}
	if options > 0 {
		b.e.Alternatives.Options = b.options[:options]
	}
	if len(basis) > 0 {
		pre.basis = basis
	}
	return b.e.appendJSONWith(dst, &pre)
}

// estimateJSON holds pre-encoded parts of one estimate's JSON: those that
// depend only on the catalog, the flavor and the offers, prepared once by
// the loader. appendEstimate hands them to the writer for the estimate it
// has just priced, whose strings are exactly the ones encoded; an Estimate
// from anywhere else is written field by field. The bytes are the same
// either way (the tests compare both for every order of their catalogs).
type estimateJSON struct {
	reason  string    // the "reason" member, when it is an offer's
	catalog string    // the "catalog" member's value
	line    *lineJSON // the line's, when there is one
	options [3]string // each option's head (optionHead)
	// basis, when set, is the line's basis instead of its offer's: a
	// resize's sum (estimate_change.go), which needs no escaping.
	basis []byte
}

// lineJSON is a line's JSON around its numbers: head, quantity, mid,
// periods, `,"amount":`, amount, tail; and, for an offer that has no price,
// the estimate's "reason" member.
type lineJSON struct{ head, mid, tail, reason string }

// price fills e (all but its slices), the line and the options for the
// order, and returns how many options it filled and whether there is a
// line. Every figure was prepared by the loader (catalog_plan.go): pricing
// is a few integer multiplications and divisions, and nothing here points
// into e, line or options.
func (c *Catalog) price(e *Estimate, line *Line, options *[3]ChargeOption, pre *estimateJSON, o Order) (nOptions int, hasLine bool) {
	e.Currency, e.ChargeMode, e.Catalog = c.Currency, o.ChargeMode, c.ref
	if pre != nil {
		pre.catalog = c.refJSON
	}
	if o.ChargeMode == "prePaid" {
		e.Period = Period{Type: o.PeriodType, Num: o.PeriodNum}
	}
	lang := langIndex(o.Lang)
	span, problem := o.span()
	if problem[0] != "" {
		e.Reason = both("not a valid order: ", "订单无效：")[lang] + problem[lang]
		return 0, false
	}
	f := o.Flavor
	p := &f.plan
	units := uint64(o.Units)

	// The options, in a fixed order, and which of them this order is.
	chosen := -1
	add := func(head, mode string, of *offer, per string, periods, k int, selected bool) {
		if !of.priced() {
			return
		}
		total, ok := of.fig.times(units*uint64(k), 1, 2)
		if !ok {
			return
		}
		if selected {
			chosen = nOptions
		}
		options[nOptions] = ChargeOption{ChargeMode: mode, Per: per, Periods: periods, Total: total, Selected: selected}
		if pre != nil {
			pre.options[nOptions] = head
		}
		nOptions++
	}
	prePaid := o.ChargeMode == "prePaid"
	if f.Offers("prePaid") {
		years := (span + 11) / 12
		add(monthlyHead, "prePaid", &p.month, "month", span, span, prePaid && o.PeriodType == "month")
		add(yearlyHead, "prePaid", &p.year, "year", years, years, prePaid && o.PeriodType == "year")
	}
	if f.Offers("postPaid") {
		add(hourlyHead, "postPaid", &p.hour, "hour", span*c.hours, span*p.hour.perMonth, !prePaid)
	}
	if nOptions > 0 {
		lowest := options[0].Total.n
		for i := range nOptions {
			lowest = min(lowest, options[i].Total.n)
		}
		for i := range nOptions {
			options[i].Cheapest = options[i].Total.n == lowest
		}
		e.Alternatives.SpanMonths = span
		e.Alternatives.YearlyBeatsMonthlyAt = p.yearlyBeatsMonthlyAt
	}

	of, periods := &p.hour, p.hour.perMonth
	if prePaid {
		of, periods = &p.month, o.PeriodNum
		if o.PeriodType == "year" {
			of = &p.year
		}
	}
	if chosen < 0 {
		e.Reason = of.reason[lang]
		if e.Reason == "" { // a Catalog not made by ParseCatalog, or an amount past the loader's bounds
			e.Reason = both("the catalog cannot price "+f.Type, "价格表无法为 "+f.Type+" 定价")[lang]
		} else if pre != nil {
			pre.reason = of.json[lang].reason
		}
		return nOptions, false
	}
	// One line, so the total is its amount: the sum of the lines as shown.
	e.Priced = true
	e.Total = options[chosen].Total
	*line = Line{Item: f.Type, Quantity: o.Units, Unit: p.unit, UnitPrice: of.unitPrice,
		Per: of.per, Periods: periods, Amount: e.Total, Basis: of.basis[lang]}
	if pre != nil {
		pre.line = &of.json[lang]
	}
	if !prePaid {
		e.Hourly, _ = p.hour.fig.times(units, p.hour.hourDiv, 4) // cannot fail where the month did not
	}
	return nOptions, true
}

// span returns the months the order covers, or what makes it invalid (in
// English and in Chinese).
func (o *Order) span() (months int, problem [2]string) {
	f := o.Flavor
	if f == nil {
		return 0, both("no flavor", "没有规格")
	}
	if !f.Offers(o.ChargeMode) {
		return 0, both(f.Type+" is not offered "+o.ChargeMode, f.Type+" 不提供 "+o.ChargeMode+" 计费")
	}
	maxUnits := 1
	if f.InstanceType == "standard" {
		maxUnits = 200
		if f.MaxUnits > 0 {
			maxUnits = f.MaxUnits
		}
	}
	if o.Units < 1 || o.Units > maxUnits {
		return 0, both("units out of range", "单元数超出范围")
	}
	if o.ChargeMode == "postPaid" {
		return 1, [2]string{}
	}
	switch {
	case o.PeriodType == "month" && o.PeriodNum >= 1 && o.PeriodNum <= 9:
		return o.PeriodNum, [2]string{}
	case o.PeriodType == "year" && o.PeriodNum >= 1 && o.PeriodNum <= 3:
		return 12 * o.PeriodNum, [2]string{}
	}
	return 0, both("no valid period", "没有有效的周期")
}

// appendJSON appends the estimate's JSON (see Estimate): the members
// encoding/json would write for it, in the same order, so that decoding the
// output into an Estimate and appending that gives the same bytes. Member
// names are constant and need no escaping, so they are appended as they
// are (appendMember would scan each one); every value goes through the
// shared writer.
func (e *Estimate) appendJSON(dst []byte) []byte { return e.appendJSONWith(dst, nil) }

// appendJSONWith is appendJSON using the pre-encoded parts in pre, if any.
func (e *Estimate) appendJSONWith(dst []byte, pre *estimateJSON) []byte {
	dst = appendBool(append(dst, `{"priced":`...), e.Priced)
	switch {
	case pre != nil && pre.reason != "":
		dst = append(dst, pre.reason...)
	case e.Reason != "":
		dst = appendString(append(dst, `,"reason":`...), e.Reason)
	}
	dst = appendString(append(dst, `,"currency":`...), e.Currency)
	dst = appendString(append(dst, `,"charge_mode":`...), e.ChargeMode)
	if e.Period != (Period{}) { // omitzero
		dst = appendString(append(dst, `,"period":{"type":`...), e.Period.Type)
		dst = append(appendInt(append(dst, `,"num":`...), int64(e.Period.Num)), '}')
	}
	if e.Total != (Money{}) {
		dst = e.Total.appendJSON(append(dst, `,"total":`...))
	}
	if e.Hourly != (Money{}) {
		dst = e.Hourly.appendJSON(append(dst, `,"hourly":`...))
	}
	if len(e.Lines) > 0 {
		dst = append(dst, `,"lines":[`...)
		for i := range e.Lines {
			var lp *lineJSON
			if i > 0 {
				dst = append(dst, ',')
			} else if pre != nil {
				lp = pre.line
			}
			if i == 0 && pre != nil && pre.basis != nil {
				dst = e.Lines[i].appendJSONBasis(dst, pre.basis)
				continue
			}
			dst = e.Lines[i].appendJSON(dst, lp)
		}
		dst = append(dst, ']')
	}
	if a := &e.Alternatives; a.SpanMonths != 0 || a.Options != nil || a.YearlyBeatsMonthlyAt != 0 { // omitzero
		dst = appendInt(append(dst, `,"alternatives":{"span_months":`...), int64(a.SpanMonths))
		dst = append(dst, `,"options":[`...)
		for i := range a.Options {
			if i > 0 {
				dst = append(dst, ',')
			}
			head := ""
			if pre != nil && i < len(pre.options) {
				head = pre.options[i]
			}
			dst = a.Options[i].appendJSON(dst, head)
		}
		dst = append(dst, ']')
		if a.YearlyBeatsMonthlyAt != 0 {
			dst = appendInt(append(dst, `,"yearly_beats_monthly_at":`...), int64(a.YearlyBeatsMonthlyAt))
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `,"catalog":`...)
	if pre != nil && pre.catalog != "" {
		dst = append(dst, pre.catalog...)
	} else {
		dst = e.Catalog.appendJSON(dst)
	}
	return append(dst, '}')
}

func (r *CatalogRef) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	first := true
	for _, m := range [...]struct{ name, value string }{
		{"name", r.Name}, {"effective", r.Effective}, {"source", r.Source},
	} {
		if m.value != "" {
			dst = appendString(appendMember(dst, first, m.name), m.value)
			first = false
		}
	}
	return append(dst, '}')
}

// appendJSON appends the line's JSON, taking its strings from pre when
// given (see estimateJSON).
func (l *Line) appendJSON(dst []byte, pre *lineJSON) []byte {
	if pre != nil {
		dst = append(dst, pre.head...)
	} else {
		dst = appendLineHead(dst, l.Item)
	}
	dst = appendInt(dst, int64(l.Quantity))
	if pre != nil {
		dst = append(dst, pre.mid...)
	} else {
		dst = appendLineMid(dst, l.Unit, l.UnitPrice, l.Per)
	}
	dst = appendInt(dst, int64(l.Periods))
	dst = l.Amount.appendJSON(append(dst, `,"amount":`...))
	if pre != nil {
		return append(dst, pre.tail...)
	}
	return appendLineTail(dst, l.Basis)
}

// appendJSONBasis appends the line's JSON with basis as its basis: a text
// that needs no escaping, written as it is.
func (l *Line) appendJSONBasis(dst []byte, basis []byte) []byte {
	dst = appendInt(appendLineHead(dst, l.Item), int64(l.Quantity))
	dst = appendInt(appendLineMid(dst, l.Unit, l.UnitPrice, l.Per), int64(l.Periods))
	dst = l.Amount.appendJSON(append(dst, `,"amount":`...))
	dst = append(append(dst, `,"basis":"`...), basis...)
	return append(dst, '"', '}')
}

// The parts of a line's JSON between its numbers; the loader pre-encodes
// them per offer with these same functions (offer.json).
func appendLineHead(dst []byte, item string) []byte {
	return append(appendString(append(dst, `{"item":`...), item), `,"quantity":`...)
}

func appendLineMid(dst []byte, unit string, unitPrice Money, per string) []byte {
	dst = appendString(append(dst, `,"unit":`...), unit)
	dst = unitPrice.appendJSON(append(dst, `,"unit_price":`...))
	dst = appendString(append(dst, `,"per":`...), per)
	return append(dst, `,"periods":`...)
}

func appendLineTail(dst []byte, basis string) []byte {
	return append(appendString(append(dst, `,"basis":`...), basis), '}')
}

// The heads of the three charge options, up to their periods.
var (
	monthlyHead = string(appendOptionHead(nil, "prePaid", "month"))
	yearlyHead  = string(appendOptionHead(nil, "prePaid", "year"))
	hourlyHead  = string(appendOptionHead(nil, "postPaid", "hour"))
)

func appendOptionHead(dst []byte, chargeMode, per string) []byte {
	dst = appendString(append(dst, `{"charge_mode":`...), chargeMode)
	dst = appendString(append(dst, `,"per":`...), per)
	return append(dst, `,"periods":`...)
}

// appendJSON appends the option's JSON, with head (its JSON up to the
// periods) when given.
func (o *ChargeOption) appendJSON(dst []byte, head string) []byte {
	if head != "" {
		dst = append(dst, head...)
	} else {
		dst = appendOptionHead(dst, o.ChargeMode, o.Per)
	}
	dst = appendInt(dst, int64(o.Periods))
	dst = o.Total.appendJSON(append(dst, `,"total":`...))
	dst = appendBool(append(dst, `,"cheapest":`...), o.Cheapest)
	dst = appendBool(append(dst, `,"selected":`...), o.Selected)
	return append(dst, '}')
}
