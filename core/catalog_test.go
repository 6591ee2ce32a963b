package core

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The default catalog holds the public figures of DESIGN.md and nothing
// else: every flavor code, the 2023-10-30 international list prices mapped
// by capacity (SU1 = st, SU2 = s1, SU3 = s2, SU4 = s4, SUF = s0), s3 and
// the enterprise flavors known but unpriced.
func TestDefaultCatalog(t *testing.T) {
	c := DefaultCatalog()
	assert.Same(t, c, DefaultCatalog(), "parsed once")
	assert.Equal(t, "huaweicloud-intl", c.Name)
	assert.Equal(t, "2023-10-30", c.Effective)
	assert.Equal(t, "USD", c.Currency)
	assert.Equal(t, "https://support.huaweicloud.com/intl/en-us/productdesc-iothub/iot_04_0014.html", c.Source)
	assert.Equal(t, "12", c.MonthsPerYear.String())
	assert.Equal(t, "730", c.HoursPerMonth.String())

	standard := map[string]struct {
		month    string // "" = unpriced
		maxUnits int
		su       string // the international unit the note names
	}{
		"iotda.standard.s0": {"0", 1, "SUF"},
		"iotda.standard.st": {"25", 200, "SU1"},
		"iotda.standard.s1": {"165", 200, "SU2"},
		"iotda.standard.s2": {"1050", 200, "SU3"},
		"iotda.standard.s3": {"", 200, ""},
		"iotda.standard.s4": {"2500", 200, "SU4"},
	}
	var enterprise []string
	for _, tps := range []string{"1000", "2000"} {
		for _, w := range []string{"10", "20", "50", "100", "200", "500"} {
			enterprise = append(enterprise, "iotda.enterprise."+tps+"tps."+w+"wonlinedevice")
		}
	}
	require.Len(t, c.Flavors, len(standard)+len(enterprise))

	for code, want := range standard {
		f := c.flavor([]byte(code))
		require.NotNil(t, f, code)
		assert.Equal(t, "standard", f.InstanceType, code)
		assert.Equal(t, []string{"prePaid", "postPaid"}, f.ChargeModes, code)
		assert.Equal(t, want.maxUnits, f.MaxUnits, code)
		assert.Nil(t, f.Price.Year, "%s: no public yearly price", code)
		assert.Nil(t, f.Price.Hour, "%s: no public hourly rate", code)
		assert.NotEmpty(t, f.Note, code)
		if want.month == "" {
			assert.Nil(t, f.Price.Month, code)
			assert.Contains(t, f.Note, "no public list price", code)
			continue
		}
		require.NotNil(t, f.Price.Month, code)
		assert.True(t, f.Price.Month.Equal(decimal.RequireFromString(want.month)), "%s: %s", code, f.Price.Month)
		assert.Contains(t, f.Note, want.su, code)
		assert.Contains(t, f.Note, "2023-10-30", "%s: the figure's date", code)
	}
	for _, code := range enterprise {
		f := c.flavor([]byte(code))
		require.NotNil(t, f, code)
		assert.Equal(t, "enterprise", f.InstanceType, code)
		assert.Equal(t, []string{"prePaid"}, f.ChargeModes, code)
		assert.Zero(t, f.MaxUnits, code)
		assert.Equal(t, Price{}, f.Price, "%s: no public price", code)
		assert.Contains(t, f.Note, "no public list price", code)
	}
}

func TestCatalogFlavorDoesNotAllocate(t *testing.T) {
	c := DefaultCatalog()
	typ := []byte("iotda.standard.s1")
	allocs := testing.AllocsPerRun(100, func() {
		if c.flavor(typ) == nil {
			t.Fatal("no s1")
		}
	})
	assert.Zero(t, allocs)
	assert.Nil(t, c.flavor([]byte("iotda.standard.S1")), "codes match exactly")
}

// catalogWith is a valid catalog with extra top-level members and extra
// members of its one flavor, iotda.standard.s1.
func catalogWith(top, flavor string) string {
	return `{"currency": "USD"` + top + `, "flavors": [{"type": "iotda.standard.s1", "instance_type": "standard",` +
		` "charge_modes": ["prePaid", "postPaid"]` + flavor + `}]}`
}

func TestParseCatalogDefaults(t *testing.T) {
	c, err := ParseCatalog([]byte(catalogWith("", "")))
	require.NoError(t, err)
	assert.Equal(t, "12", c.MonthsPerYear.String())
	assert.Equal(t, "730", c.HoursPerMonth.String())
	f := c.flavor([]byte("iotda.standard.s1"))
	require.NotNil(t, f)
	assert.Zero(t, f.MaxUnits, "absent: the request's own bound, 200, applies")
	assert.True(t, f.Offers("prePaid") && f.Offers("postPaid") && !f.Offers("free"))
	assert.Equal(t, Price{}, f.Price, "no price: known but unpriced")

	c, err = ParseCatalog([]byte(catalogWith(`, "months_per_year": "10.5", "hours_per_month": "720"`,
		`, "max_units": 50, "price": {"month": "165.00", "year": "1650", "hour": "0.25"}, "note": "n"`)))
	require.NoError(t, err)
	assert.Equal(t, "10.5", c.MonthsPerYear.String())
	assert.Equal(t, "720", c.HoursPerMonth.String())
	f = c.flavor([]byte("iotda.standard.s1"))
	assert.Equal(t, 50, f.MaxUnits)
	assert.Equal(t, "165", f.Price.Month.String())
	assert.Equal(t, "n", f.Note)
}

// Every malformed catalog is rejected with a message that names where the
// problem is and what it is, and nothing is loaded.
func TestParseCatalogErrors(t *testing.T) {
	for _, c := range []struct {
		name, catalog string
		want          string // part of the message
	}{
		// The document.
		{"cut short", `{"currency": "USD",`, "the catalog is not JSON: the document ends before this value is complete (at byte 19)"},
		{"not JSON", `{"currency": USD}`, "the catalog is not JSON: invalid character 'U' where a value was expected (at byte 13)"},
		{"empty", ``, "the catalog is not JSON: the document is empty (at byte 0)"},
		{"data after", catalogWith("", "") + ` {}`, "the catalog is not JSON: data after the JSON value, at byte offset 134"},
		{"not an object", `[]`, "the catalog is an array, not an object"},
		{"invalid UTF-8", "{\"currency\": \"US\xff\"}", "the catalog is not valid UTF-8"},
		{"too deep", catalogWith(`, "x": `+strings.Repeat("[", 40)+strings.Repeat("]", 40), ""), "nested deeper than 16 levels"},

		// Members.
		{"unknown member", catalogWith(`, "discount": "0.1"`, ""), `unknown member "discount" (known: name, effective, currency`},
		{"member names are exact", `{"Currency": "USD", "flavors": []}`, `unknown member "Currency"`},
		{"repeated member", catalogWith(`, "currency": "EUR"`, ""), `member "currency" appears twice`},
		{"unknown flavor member", catalogWith("", `, "size": 2`), `flavors[0]: unknown member "size"`},
		{"flavor member names are exact", catalogWith("", `, "Note": "x"`), `flavors[0]: unknown member "Note"`},
		{"repeated flavor member", catalogWith("", `, "type": "iotda.standard.s2"`), `flavors[0]: member "type" appears twice`},
		{"unknown price member", catalogWith("", `, "price": {"monthly": "165"}`), `flavors[0].price: unknown member "monthly" (known: month, year, hour)`},

		// Catalog fields.
		{"missing currency", `{"flavors": [{"type": "a", "instance_type": "standard", "charge_modes": ["prePaid"]}]}`, "currency: missing"},
		{"unknown currency", strings.Replace(catalogWith("", ""), "USD", "UDS", 1), `currency: "UDS" is not an ISO 4217 currency code`},
		{"withdrawn currency", strings.Replace(catalogWith("", ""), "USD", "HRK", 1), `currency: "HRK" is not an ISO 4217 currency code`},
		{"lower-case currency", strings.Replace(catalogWith("", ""), "USD", "usd", 1), `currency: "usd" is not an ISO 4217 currency code`},
		{"currency number", strings.Replace(catalogWith("", ""), `"USD"`, "840", 1), "currency: the number 840, not a string"},
		{"name not a string", catalogWith(`, "name": 1`, ""), "name: the number 1, not a string"},
		{"source not a string", catalogWith(`, "source": null`, ""), "source: null, not a string"},
		{"effective not a date", catalogWith(`, "effective": "2023-13-01"`, ""), `effective: "2023-13-01" is not a date written YYYY-MM-DD`},
		{"months_per_year 0", catalogWith(`, "months_per_year": "0"`, ""), `months_per_year: "0" is not above 0 and at most 12`},
		{"months_per_year 13", catalogWith(`, "months_per_year": "13"`, ""), `months_per_year: "13" is not above 0 and at most 12`},
		{"months_per_year negative", catalogWith(`, "months_per_year": "-12"`, ""), `months_per_year: "-12" is negative`},
		{"months_per_year number", catalogWith(`, "months_per_year": 12`, ""), `months_per_year: 12 is a JSON number; write it as a string, "12"`},
		{"months_per_year decimals", catalogWith(`, "months_per_year": "11.995"`, ""), `months_per_year: "11.995" has more than 2 decimals`},
		{"hours_per_month fraction", catalogWith(`, "hours_per_month": "730.5"`, ""), `hours_per_month: "730.5" is not a whole number`},
		{"hours_per_month too many", catalogWith(`, "hours_per_month": "800"`, ""), `hours_per_month: "800" is not from 672 (28 days) to 744 (31 days)`},
		{"hours_per_month too few", catalogWith(`, "hours_per_month": "1"`, ""), `hours_per_month: "1" is not from 672`},
		{"hours_per_month text", catalogWith(`, "hours_per_month": "a month"`, ""), `hours_per_month: "a month" is not a decimal number`},

		// The flavor list.
		{"missing flavors", `{"currency": "USD"}`, "flavors: missing: a catalog lists at least one flavor"},
		{"empty flavors", `{"currency": "USD", "flavors": []}`, "flavors: empty: a catalog lists at least one flavor"},
		{"flavors not an array", `{"currency": "USD", "flavors": {}}`, "flavors: an object, not an array"},
		{"flavor not an object", `{"currency": "USD", "flavors": ["iotda.standard.s1"]}`, `flavors[0]: the string "iotda.standard.s1", not an object`},
		{"duplicate flavor", `{"currency": "USD", "flavors": [` +
			`{"type": "iotda.standard.s1", "instance_type": "standard", "charge_modes": ["prePaid"]},` +
			`{"type": "iotda.standard.s2", "instance_type": "standard", "charge_modes": ["prePaid"]},` +
			`{"type": "iotda.standard.s1", "instance_type": "standard", "charge_modes": ["postPaid"]}]}`,
			`flavors[2].type: "iotda.standard.s1" is already flavors[0]`},

		// Flavor fields.
		{"missing type", `{"currency": "USD", "flavors": [{"instance_type": "standard", "charge_modes": ["prePaid"]}]}`, "flavors[0].type: missing"},
		{"bad type", strings.Replace(catalogWith("", ""), "iotda.standard.s1", "iotda standard s1", 1), `flavors[0].type: "iotda standard s1" is not 1-64 characters of A-Z a-z 0-9 - .`},
		{"long type", strings.Replace(catalogWith("", ""), "iotda.standard.s1", strings.Repeat("s", 65), 1), `is not 1-64 characters`},
		{"missing instance type", `{"currency": "USD", "flavors": [{"type": "a", "charge_modes": ["prePaid"]}]}`, "flavors[0].instance_type: missing"},
		{"unknown instance type", strings.Replace(catalogWith("", ""), `"standard"`, `"Standard"`, 1), `flavors[0].instance_type: "Standard" is not "standard" or "enterprise"`},
		{"missing charge modes", `{"currency": "USD", "flavors": [{"type": "a", "instance_type": "standard"}]}`, "flavors[0].charge_modes: missing"},
		{"empty charge modes", strings.Replace(catalogWith("", ""), `["prePaid", "postPaid"]`, `[]`, 1), "flavors[0].charge_modes: empty"},
		{"charge modes not an array", strings.Replace(catalogWith("", ""), `["prePaid", "postPaid"]`, `"prePaid"`, 1), `flavors[0].charge_modes: the string "prePaid", not an array`},
		{"unknown charge mode", strings.Replace(catalogWith("", ""), `"postPaid"`, `"onDemand"`, 1), `flavors[0].charge_modes[1]: "onDemand" is not "prePaid" or "postPaid"`},
		{"charge mode case", strings.Replace(catalogWith("", ""), `"prePaid"`, `"PrePaid"`, 1), `flavors[0].charge_modes[0]: "PrePaid" is not "prePaid" or "postPaid"`},
		{"repeated charge mode", strings.Replace(catalogWith("", ""), `"postPaid"`, `"prePaid"`, 1), `flavors[0].charge_modes[1]: "prePaid" is listed twice`},
		{"max_units 0", catalogWith("", `, "max_units": 0`), "flavors[0].max_units: 0 is not a whole number from 1 to 200"},
		{"max_units 201", catalogWith("", `, "max_units": 201`), "flavors[0].max_units: 201 is not a whole number from 1 to 200"},
		{"max_units negative", catalogWith("", `, "max_units": -1`), "flavors[0].max_units: -1 is not a whole number from 1 to 200"},
		{"max_units fraction", catalogWith("", `, "max_units": 2.5`), "flavors[0].max_units: 2.5 is not a whole number from 1 to 200"},
		{"max_units exponent", catalogWith("", `, "max_units": 2e2`), "flavors[0].max_units: 2e2 is not a whole number from 1 to 200"},
		{"max_units string", catalogWith("", `, "max_units": "200"`), `flavors[0].max_units: the string "200", not a whole number from 1 to 200`},
		{"max_units enterprise", `{"currency": "USD", "flavors": [{"type": "iotda.enterprise.1000tps.10wonlinedevice",` +
			` "instance_type": "enterprise", "charge_modes": ["prePaid"], "max_units": 1}]}`,
			"flavors[0].max_units: does not apply to an enterprise flavor"},
		{"note not a string", catalogWith("", `, "note": ["a"]`), "flavors[0].note: an array, not a string"},

		// Prices.
		{"price not an object", catalogWith("", `, "price": ["165"]`), "flavors[0].price: an array, not an object"},
		{"negative price", catalogWith("", `, "price": {"month": "-1"}`), `flavors[0].price.month: "-1" is negative`},
		{"negative zero", catalogWith("", `, "price": {"month": "-0"}`), `flavors[0].price.month: "-0" is negative`},
		{"price number", catalogWith("", `, "price": {"month": 165}`), `flavors[0].price.month: 165 is a JSON number; write it as a string, "165"`},
		{"price null", catalogWith("", `, "price": {"year": null}`), "flavors[0].price.year: null, not a string"},
		{"price exponent", catalogWith("", `, "price": {"month": "1e3"}`), `flavors[0].price.month: "1e3" is not a decimal number such as "165" or "33.335"`},
		{"price plus sign", catalogWith("", `, "price": {"month": "+1"}`), `"+1" is not a decimal number`},
		{"price leading zero", catalogWith("", `, "price": {"month": "0165"}`), `"0165" is not a decimal number`},
		{"price trailing point", catalogWith("", `, "price": {"month": "165."}`), `"165." is not a decimal number`},
		{"price leading point", catalogWith("", `, "price": {"month": ".5"}`), `".5" is not a decimal number`},
		{"price space", catalogWith("", `, "price": {"month": " 165"}`), `" 165" is not a decimal number`},
		{"price comma", catalogWith("", `, "price": {"month": "1,050"}`), `"1,050" is not a decimal number`},
		{"price currency sign", catalogWith("", `, "price": {"month": "$165"}`), `"$165" is not a decimal number`},
		{"price empty", catalogWith("", `, "price": {"hour": ""}`), `flavors[0].price.hour: "" is not a decimal number`},
		{"price decimals", catalogWith("", `, "price": {"hour": "0.1234567"}`), `flavors[0].price.hour: "0.1234567" has more than 6 decimals`},
		{"price too large", catalogWith("", `, "price": {"year": "1000000000"}`), `flavors[0].price.year: "1000000000" is too large (at most 9 digits before the point)`},
		{"hour price, prePaid only", `{"currency": "USD", "flavors": [{"type": "a", "instance_type": "standard",` +
			` "charge_modes": ["prePaid"], "price": {"month": "1", "hour": "0.1"}}]}`,
			"flavors[0].price.hour: the flavor is not offered postPaid, so this price would never apply"},
		{"year price, postPaid only", `{"currency": "USD", "flavors": [{"type": "a", "instance_type": "standard",` +
			` "charge_modes": ["postPaid"], "price": {"year": "10"}}]}`,
			"flavors[0].price.year: the flavor is not offered prePaid, so this price would never apply"},
		{"a long number is cut", catalogWith("", `, "max_units": 1`+strings.Repeat("0", 1000)),
			"flavors[0].max_units: 1" + strings.Repeat("0", 39) + "... is not a whole number from 1 to 200"},
		{"a long price number is cut", catalogWith("", `, "price": {"month": 1`+strings.Repeat("0", 1000)+`}`),
			"flavors[0].price.month: 1" + strings.Repeat("0", 39) + "... is a JSON number"},
		{"a long value is cut", strings.Replace(catalogWith("", ""), "USD", strings.Repeat("X", 1000), 1),
			`currency: "` + strings.Repeat("X", 40) + `..." is not an ISO 4217 currency code`},
	} {
		t.Run(c.name, func(t *testing.T) {
			cat, err := ParseCatalog([]byte(c.catalog))
			require.Error(t, err)
			assert.Nil(t, cat, "never half-loaded")
			assert.Contains(t, err.Error(), c.want)
			var ce *CatalogError
			require.True(t, errors.As(err, &ce))
			assert.NotEmpty(t, ce.Problems)
			assert.Less(t, len(err.Error()), 600, "a message never dumps the input")
		})
	}
}

// All problems are reported, not only the first.
func TestParseCatalogReportsEveryProblem(t *testing.T) {
	_, err := ParseCatalog([]byte(`{"currency": "usd", "flavors": [` +
		`{"type": "a", "instance_type": "huge", "charge_modes": ["prePaid"], "price": {"month": "-5"}},` +
		`{"type": "a", "instance_type": "standard", "charge_modes": ["prePaid"], "max_units": 500}]}`))
	var ce *CatalogError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, []string{
		`currency: "usd" is not an ISO 4217 currency code (upper case, such as "USD" or "CNY")`,
		`flavors[0].instance_type: "huge" is not "standard" or "enterprise"`,
		`flavors[0].price.month: "-5" is negative`,
		`flavors[1].max_units: 500 is not a whole number from 1 to 200`,
		`flavors[1].type: "a" is already flavors[0]`,
	}, ce.Problems)
}

// ParseOptions takes a catalog through the same loader.
func TestParseOptionsCatalog(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "catalogs", "billing-example-2025.json"))
	require.NoError(t, err)
	o, err := ParseOptions([]byte(`{"catalog": ` + string(data) + `}`))
	require.NoError(t, err)
	require.NotNil(t, o.Catalog)
	assert.Equal(t, "billing-example-2025", o.Catalog.Name)
	assert.Nil(t, o.Catalog.flavor([]byte("iotda.standard.s2")), "a user catalog replaces the default one")

	_, err = ParseOptions([]byte(`{"catalog": {"currency": "USD", "flavors": []}}`))
	assert.ErrorContains(t, err, "options: catalog: flavors: empty")
}

// FuzzCatalog: any input is either rejected with at least one problem, or
// gives a catalog that holds every promise of ParseCatalog and prices each
// of its flavors consistently.
func FuzzCatalog(f *testing.F) {
	f.Add(defaultCatalogJSON)
	for _, name := range []string{"explicit", "billing-example-2025"} {
		data, err := os.ReadFile(filepath.Join("testdata", "catalogs", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(catalogWith(`, "months_per_year": "10.5", "hours_per_month": "744"`, `, "max_units": 3, "price": {"month": "999999999.999999", "hour": "0.000001"}`)))
	f.Add([]byte(catalogWith("", `, "price": {"month": "-1"}`)))
	f.Add([]byte(`{"currency":"USD","flavors":[{"type":"a","instance_type":"enterprise","charge_modes":["prePaid"],"price":{"year":"0"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog(data)
		if err != nil {
			require.Nil(t, c)
			var ce *CatalogError
			require.True(t, errors.As(err, &ce))
			require.NotEmpty(t, ce.Problems)
			for _, p := range ce.Problems {
				require.NotEmpty(t, p)
			}
			return
		}
		require.True(t, isCurrency(c.Currency), c.Currency)
		require.NotEmpty(t, c.Flavors)
		require.True(t, c.MonthsPerYear.IsPositive() && c.MonthsPerYear.LessThanOrEqual(decimal.NewFromInt(12)))
		require.True(t, c.hours >= minHoursPerMonth && c.hours <= maxHoursPerMonth)
		for i := range c.Flavors {
			fl := &c.Flavors[i]
			require.Same(t, fl, c.flavor([]byte(fl.Type)), "lookup of %q", fl.Type)
			require.True(t, validFlavorCode(fl.Type))
			require.Contains(t, []string{"standard", "enterprise"}, fl.InstanceType)
			require.NotEmpty(t, fl.ChargeModes)
			require.True(t, fl.MaxUnits >= 0 && fl.MaxUnits <= 200)
			for _, p := range []*decimal.Decimal{fl.Price.Month, fl.Price.Year, fl.Price.Hour} {
				require.True(t, p == nil || !p.IsNegative())
			}
			if i >= 4 { // pricing is checked in depth elsewhere; keep each run fast
				continue
			}
			units := 1
			if fl.InstanceType == "standard" {
				units = cmpOr(fl.MaxUnits, 200)
			}
			for _, o := range ordersFor(fl, units) {
				if o.PeriodNum > 1 && o.PeriodNum != 3 && o.PeriodNum != 9 {
					continue
				}
				for _, o.Lang = range []Lang{English, Chinese} { // each language's texts, pre-encoded and not
					if problems := estimateProblems(c, o, c.Estimate(o)); len(problems) > 0 {
						t.Fatalf("%s x%d %s %s %d %s: %s", fl.Type, units, o.ChargeMode, o.PeriodType, o.PeriodNum, o.Lang, strings.Join(problems, "; "))
					}
				}
			}
		}
	})
}

// BenchmarkParseCatalog is the embedded catalog's one-time cost, paid by
// every new module instance on its first check.
func BenchmarkParseCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCatalog(defaultCatalogJSON); err != nil {
			b.Fatal(err)
		}
	}
}

// plainDecimal reads what decimalProblem accepts exactly as
// decimal.NewFromString does: the same value and the same exponent.
func TestPlainDecimal(t *testing.T) {
	for _, s := range []string{"0", "1", "12", "165", "0.5", "0.000001", "33.335", "165.50", "999999999.999999", "100", "7.000"} {
		require.Empty(t, decimalProblem(s, maxPriceDigits, maxPriceDecimals), s)
		want, err := decimal.NewFromString(s)
		require.NoError(t, err)
		got := plainDecimal(s)
		assert.True(t, got.Equal(want) && got.Exponent() == want.Exponent() && got.String() == want.String(), "%s: %s (exp %d), want %s (exp %d)", s, got, got.Exponent(), want, want.Exponent())
	}
}

// A flavor is found by its exact type, in the default catalog and in one
// whose table is full of collisions; anything else finds nothing.
func TestFlavorLookup(t *testing.T) {
	def := DefaultCatalog()
	var many Catalog
	for i := range 300 { // more flavors than the default table: probing chains
		many.Flavors = append(many.Flavors, Flavor{Type: "x." + strconv.Itoa(i)})
	}
	many.index()
	cases := []struct {
		why  string
		cat  *Catalog
		typ  string
		want string // "" for none
	}{
		{"a standard flavor (a tail shorter than a word)", def, "iotda.standard.s1", "iotda.standard.s1"},
		{"an enterprise flavor (five words)", def, "iotda.enterprise.2000tps.500wonlinedevice", "iotda.enterprise.2000tps.500wonlinedevice"},
		{"another case: nothing", def, "IOTDA.standard.s1", ""},
		{"a prefix: nothing", def, "iotda.standard.s", ""},
		{"one byte more: nothing", def, "iotda.standard.s10", ""},
		{"empty: nothing", def, "", ""},
		{"the last of 300", &many, "x.299", "x.299"},
		{"the first of 300", &many, "x.0", "x.0"},
		{"not among 300", &many, "x.300", ""},
		{"a catalog never indexed: nothing", &Catalog{Flavors: []Flavor{{Type: "a"}}}, "a", ""},
	}
	for _, c := range cases {
		got := ""
		if f := c.cat.flavor([]byte(c.typ)); f != nil {
			got = f.Type
		}
		assert.Equal(t, c.want, got, c.why)
	}
	for i := range def.Flavors {
		assert.Same(t, &def.Flavors[i], def.flavor([]byte(def.Flavors[i].Type)), def.Flavors[i].Type)
	}
}
