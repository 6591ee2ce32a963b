package core

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// A flavor's plan is its prices prepared once, when the catalog loads, for
// every charge option: the figure each option is priced at, how that figure
// was found (the basis a line shows), or why there is none. Figures the
// catalog does not give are derived here and only here, by the two rules a
// catalog states (DESIGN.md, "The estimate"):
//
//	year = months_per_year x month
//	hour = month / hours_per_month (so a month of hours_per_month hours = month)
//
// Nothing else is derived: not a month from a year or from an hour, not a
// year from an hour.
type plan struct {
	unit              string // what a line counts: "unit" (standard) or "instance" (enterprise)
	month, year, hour offer
	// yearlyBeatsMonthlyAt is the fewest months (1-12) that cost more paid
	// monthly than one year paid yearly; 0 when a year never costs less than
	// the months it covers, or either price is missing.
	yearlyBeatsMonthlyAt int
}

// offer is a flavor's price under one charge option, per unit for standard
// flavors and per instance for enterprise ones.
type offer struct {
	fig figure
	per string // the period fig is the price of: "month", "year" or "hour"
	// perMonth is how many `per` periods one month of service is (hour
	// offers: hours_per_month for a catalog hourly price, 1 when the offer
	// is priced by the month); 1 for month offers, 0 for year offers.
	perMonth int
	// hourDiv turns fig into the hourly rate (fig / hourDiv): 1 for a
	// catalog hourly price, hours_per_month when it is derived.
	hourDiv   uint64
	unitPrice Money // fig, exact, at least 2 decimals
	// basis says how fig was found, for the line; reason, set when the offer
	// is unpriced, why. Each in English and in Chinese (langIndex), and so
	// the line's pre-encoded JSON.
	basis, reason [2]string
	json          [2]lineJSON
}

// both is an English and a Chinese text.
func both(en, zh string) [2]string { return [2]string{en, zh} }

// priced reports whether the offer has a figure. The zero offer (a flavor
// the loader did not prepare) has none.
func (o *offer) priced() bool { return o.per != "" }

// prepare builds f.plan from f.Price and the catalog's rules. The loader
// calls it once per flavor, after it has checked every figure's bounds, so
// the conversions cannot fail; should one anyway, the offer is unpriced
// rather than wrong.
func (c *Catalog) prepare(f *Flavor) {
	p := &f.plan
	hours := strconv.Itoa(c.hours)
	none := both("the catalog has no price for "+f.Type, "价格表中没有 "+f.Type+" 的价格")
	if f.Note != "" { // the catalog's own words, in the catalog's language
		none[0] += " (" + f.Note + ")"
		none[1] += "（" + f.Note + "）"
	}
	empty := f.Price.Month == nil && f.Price.Year == nil && f.Price.Hour == nil
	missing := func(en, zh string) [2]string {
		if empty {
			return none
		}
		return both("the catalog has "+en+" for "+f.Type, "价格表中 "+f.Type+" "+zh)
	}

	if f.Price.Month != nil {
		p.month = c.listed(f.Price.Month, "month", 1, both("monthly list price", "月度目录价"))
	} else {
		p.month.reason = missing("no monthly price (one is not derived from a yearly or hourly price)", "没有月度价格（月度价格不由年度或小时价格推算）")
	}

	year := f.Price.Year // the yearly figure, as given or derived
	switch {
	case year != nil:
		p.year = c.listed(year, "year", 0, both("yearly list price", "年度目录价"))
	case f.Price.Month != nil:
		derived := c.MonthsPerYear.Mul(*f.Price.Month)
		year = &derived
		months, price := c.MonthsPerYear.String(), p.month.unitPrice.String()
		p.year = c.listed(year, "year", 0,
			both(months+" x monthly list price "+price, months+" x 月度目录价 "+price))
	default:
		p.year.reason = missing("neither a yearly nor a monthly price", "既没有年度价格，也没有月度价格")
	}

	switch {
	case f.Price.Hour != nil:
		p.hour = c.listed(f.Price.Hour, "hour", c.hours, both("hourly list price, "+hours+" hours a month", "小时目录价，每月 "+hours+" 小时"))
	case f.Price.Month != nil:
		// Priced by the month: hours_per_month hours at month/hours_per_month
		// an hour is the month itself, with no division to drift.
		p.hour = p.month
		p.hour.hourDiv = uint64(c.hours)
		price := p.month.unitPrice.String()
		p.hour.basis = both(hours+" hours x (monthly list price "+price+" / "+hours+" hours)",
			hours+" 小时 x（月度目录价 "+price+" / "+hours+" 小时）")
	default:
		p.hour.reason = missing("neither an hourly nor a monthly price", "既没有小时价格，也没有月度价格")
	}

	p.unit = "unit"
	if f.InstanceType == "enterprise" {
		p.unit = "instance"
	}
	head := string(appendLineHead(nil, f.Type))
	for _, of := range []*offer{&p.month, &p.year, &p.hour} {
		mid := string(appendLineMid(nil, p.unit, of.unitPrice, of.per))
		for i := range of.json {
			of.json[i] = lineJSON{head: head, mid: mid, tail: string(appendLineTail(nil, of.basis[i]))}
			if of.reason[i] != "" {
				of.json[i].reason = string(appendString(append([]byte(nil), `,"reason":`...), of.reason[i]))
			}
		}
	}

	if f.Offers("prePaid") && p.month.priced() && p.year.priced() {
		for n := int64(1); n <= 12; n++ {
			if f.Price.Month.Mul(decimal.NewFromInt(n)).GreaterThan(*year) {
				p.yearlyBeatsMonthlyAt = int(n)
				break
			}
		}
	}
}

// listed makes an offer of a catalog figure (or one derived from it by a
// multiplication, which stays exact).
func (c *Catalog) listed(d *decimal.Decimal, per string, perMonth int, basis [2]string) offer {
	fig, ok := newFigure(*d)
	if !ok {
		return offer{reason: both("a price is out of range", "价格超出范围")}
	}
	return offer{fig: fig, per: per, perMonth: perMonth, hourDiv: 1,
		unitPrice: fig.exact(), basis: basis}
}
