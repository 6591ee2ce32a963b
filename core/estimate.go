package core

// Estimate is what an order will cost, line by line. See DESIGN.md.
type Estimate struct {
	Priced     bool   `json:"priced"`
	Reason     string `json:"reason,omitempty"`
	Currency   string `json:"currency"`
	ChargeMode string `json:"charge_mode"`
}

// Order is what the estimate prices: a checked, valid request.
type Order struct {
	Flavor     *Flavor
	Units      int    // flavor.size; 1 for enterprise flavors
	ChargeMode string // "prePaid" or "postPaid"
	PeriodType string // "month" or "year" (prePaid only)
	PeriodNum  int    // (prePaid only)
}

// Estimate prices an order.
func (c *Catalog) Estimate(o Order) *Estimate {
	return &Estimate{Currency: c.Currency, ChargeMode: o.ChargeMode, Reason: "not yet priced"}
}

func (e *Estimate) appendJSON(dst []byte) []byte {
	return append(dst, `{"priced":false}`...)
}
