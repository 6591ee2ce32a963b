package core

import "github.com/shopspring/decimal"

// Catalog is a price catalog: the flavors a request may name, the charge
// modes each offers, and their list prices. See DESIGN.md for its JSON form.
type Catalog struct {
	Name      string
	Effective string
	Currency  string
	Source    string
	// MonthsPerYear derives a yearly price from a monthly one (default 12).
	MonthsPerYear decimal.Decimal
	// HoursPerMonth derives an hourly price from a monthly one and sizes a
	// pay-per-use month (default 730).
	HoursPerMonth decimal.Decimal
	Flavors       []Flavor

	byType map[string]*Flavor
}

// Flavor is one flavor code of the catalog.
type Flavor struct {
	Type         string   // "iotda.standard.s1"
	InstanceType string   // "standard" or "enterprise"
	ChargeModes  []string // "prePaid", "postPaid"
	// MaxUnits is the most units one instance may have; 0 when the catalog
	// does not say (standard flavors then allow 200).
	MaxUnits int
	Price    Price
	Note     string
}

// Price holds a flavor's list prices, per unit for standard flavors and per
// instance for enterprise ones. A nil figure is one the catalog does not have.
type Price struct {
	Month *decimal.Decimal
	Year  *decimal.Decimal
	Hour  *decimal.Decimal
	// The figures as the catalog wrote them, for unit_price.
	MonthText, YearText, HourText string
}

// Offers reports whether the flavor can be bought with the charge mode.
func (f *Flavor) Offers(chargeMode string) bool {
	for _, m := range f.ChargeModes {
		if m == chargeMode {
			return true
		}
	}
	return false
}

// flavor returns the flavor named typ, or nil. It does not allocate.
func (c *Catalog) flavor(typ []byte) *Flavor {
	return c.byType[string(typ)]
}

// index builds the lookup table; the loader calls it once.
func (c *Catalog) index() {
	c.byType = make(map[string]*Flavor, len(c.Flavors))
	for i := range c.Flavors {
		c.byType[c.Flavors[i].Type] = &c.Flavors[i]
	}
}
