package core

import "github.com/shopspring/decimal"

// Catalog is a price catalog: the flavors a request may name, the charge
// modes each offers, and their list prices. Its JSON form is described in
// DESIGN.md ("The price catalog"); [ParseCatalog] reads it and
// [DefaultCatalog] is the embedded one.
//
// A Catalog is immutable once loaded and safe to share between goroutines;
// the loader also prepares, per flavor, everything [Catalog.Estimate] needs,
// so pricing an order does no decimal arithmetic of its own.
type Catalog struct {
	Name      string // "huaweicloud-intl"; may be empty
	Effective string // the date the prices took effect, "2023-10-30"; may be empty
	Currency  string // an ISO 4217 alphabetic code, "USD"
	Source    string // free text, usually the page the prices come from
	// MonthsPerYear derives a yearly price from a monthly one (default 12).
	MonthsPerYear decimal.Decimal
	// HoursPerMonth derives an hourly price from a monthly one and sizes a
	// pay-per-use month (default 730).
	HoursPerMonth decimal.Decimal
	Flavors       []Flavor

	slots []int32 // see index
	hours int     // HoursPerMonth as an int
	ref   CatalogRef
	// refJSON is ref's JSON, for appendEstimate.
	refJSON string
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
	Note     string // free text: what the flavor is, where its figures come from

	plan plan // the flavor's prices, prepared for Estimate by the loader
}

// Price holds a flavor's list prices as the catalog gives them, per unit for
// standard flavors and per instance for enterprise ones. A nil figure is one
// the catalog does not have; derived figures are not stored here.
type Price struct {
	Month *decimal.Decimal
	Year  *decimal.Decimal
	Hour  *decimal.Decimal
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

// flavor returns the flavor named typ, or nil.
func (c *Catalog) flavor(typ []byte) *Flavor {
	if len(c.slots) == 0 {
		return nil
	}
	mask := uint64(len(c.slots) - 1)
	for i := typeHash(typ) & mask; ; i = (i + 1) & mask {
		k := c.slots[i]
		if k == 0 {
			return nil
		}
		if f := &c.Flavors[k-1]; f.Type == string(typ) {
			return f
		}
	}
}

// index builds the lookup table; the loader calls it once. slots holds each
// flavor's index+1 (0: free) at its type's typeHash, or the next free slot
// after it; there are at least twice as many as flavors. A map did the same
// with a general hash of the whole name, which as WebAssembly has no AES to
// use: it cost a visible share of a check natively, and more there.
func (c *Catalog) index() {
	n := 8
	for n < 2*len(c.Flavors) {
		n *= 2
	}
	c.slots = make([]int32, n)
	mask := uint64(n - 1)
	for f := range c.Flavors {
		i := typeHash([]byte(c.Flavors[f].Type)) & mask
		for c.slots[i] != 0 {
			i = (i + 1) & mask
		}
		c.slots[i] = int32(f + 1)
	}
}

// typeHash hashes a flavor type eight bytes at a time.
func typeHash(b []byte) uint64 {
	h := uint64(len(b)) * 0x9e3779b97f4a7c15
	for ; len(b) >= 8; b = b[8:] {
		h = (h ^ load64(b, 0)) * 0xff51afd7ed558ccd
	}
	for _, c := range b {
		h = (h ^ uint64(c)) * 0x100000001b3
	}
	return h ^ h>>31
}
