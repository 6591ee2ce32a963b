package core_test

import (
	"fmt"

	"github.com/iotda-preflight/preflight/core"
)

// Pricing two SU2-sized units (iotda.standard.s1) for a year with the
// embedded catalog: the yearly figure is derived from the monthly list
// price, and the line says so.
func ExampleCatalog_Estimate() {
	c := core.DefaultCatalog()
	var s1 *core.Flavor
	for i := range c.Flavors {
		if c.Flavors[i].Type == "iotda.standard.s1" {
			s1 = &c.Flavors[i]
		}
	}
	e := c.Estimate(core.Order{Flavor: s1, Units: 2, ChargeMode: "prePaid", PeriodType: "year", PeriodNum: 1})
	l := e.Lines[0]
	fmt.Println(e.Total, e.Currency)
	fmt.Printf("%d x %s per %s x %d: %s\n", l.Quantity, l.UnitPrice, l.Per, l.Periods, l.Basis)
	for _, o := range e.Alternatives.Options {
		fmt.Println(o.ChargeMode, o.Periods, o.Per, o.Total, o.Cheapest)
	}
	// Output:
	// 3960.00 USD
	// 2 x 1980.00 per year x 1: 12 x monthly list price 165.00
	// prePaid 12 month 3960.00 true
	// prePaid 1 year 3960.00 true
	// postPaid 8760 hour 3960.00 true
}

// A user's price sheet replaces the embedded catalog; a malformed one is
// rejected whole, with every problem and where it is.
func ExampleParseCatalog() {
	_, err := core.ParseCatalog([]byte(`{
		"currency": "USD",
		"flavors": [{"type": "iotda.standard.s1", "instance_type": "standard",
		             "charge_modes": ["prePaid"], "price": {"month": "-165", "hour": "0.2"}}]
	}`))
	fmt.Println(err)
	// Output:
	// flavors[0].price.month: "-165" is negative; flavors[0].price.hour: the flavor is not offered postPaid, so this price would never apply
}
