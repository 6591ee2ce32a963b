package main

import (
	"os"
	"strings"
	"testing"

	"github.com/iotda-preflight/preflight/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func order(t *testing.T, flavor string, units int, mode, periodType string, periodNum int) core.Order {
	t.Helper()
	c := core.DefaultCatalog()
	for i := range c.Flavors {
		if c.Flavors[i].Type == flavor {
			return core.Order{Flavor: &c.Flavors[i], Units: units, ChargeMode: mode, PeriodType: periodType, PeriodNum: periodNum}
		}
	}
	require.FailNow(t, "no flavor "+flavor)
	return core.Order{}
}

func TestWriteEstimate(t *testing.T) {
	c := core.DefaultCatalog()
	for _, tc := range []struct {
		name  string
		order core.Order
		want  string
	}{
		{
			// 2 x (12 x 165) x 1 = 3960.00 (DESIGN.md's example).
			name:  "priced, prePaid",
			order: order(t, "iotda.standard.s1", 2, "prePaid", "year", 1),
			want: `Estimate (USD, prePaid, 1 year)
  ITEM               QUANTITY  UNIT PRICE      PERIODS  AMOUNT   BASIS
  iotda.standard.s1  2 units   1980.00 / year  1        3960.00  12 x monthly list price 165.00
  Total                                                 3960.00 USD
Alternatives for the same 12 months:
  prePaid   12 months   3960.00 USD  covers 12 months  cheapest
  prePaid   1 year      3960.00 USD  covers 12 months  cheapest (this order)
  postPaid  8760 hours  3960.00 USD  covers 12 months  cheapest
Prices: catalog "huaweicloud-intl" of 2023-10-30, https://support.huaweicloud.com/intl/en-us/productdesc-iothub/iot_04_0014.html
`,
		},
		{
			// 2 x 165 = 330.00 a month of 730 hours; 330 / 730 = 0.4521 an hour.
			name:  "priced, postPaid",
			order: order(t, "iotda.standard.s1", 2, "postPaid", "", 0),
			want: `Estimate (USD, postPaid)
  ITEM               QUANTITY  UNIT PRICE      PERIODS  AMOUNT  BASIS
  iotda.standard.s1  2 units   165.00 / month  1        330.00  730 hours x (monthly list price 165.00 / 730 hours)
  Total                                                 330.00 USD
  (0.4521 USD an hour)
Alternatives for the same 1 month:
  prePaid   1 month    330.00 USD   covers 1 month    cheapest
  prePaid   1 year     3960.00 USD  covers 12 months
  postPaid  730 hours  330.00 USD   covers 1 month    cheapest (this order)
Prices: catalog "huaweicloud-intl" of 2023-10-30, https://support.huaweicloud.com/intl/en-us/productdesc-iothub/iot_04_0014.html
`,
		},
		{
			name:  "unpriced",
			order: order(t, "iotda.enterprise.1000tps.10wonlinedevice", 1, "prePaid", "month", 3),
			want: `Estimate (USD, prePaid, 3 months)
  not priced: the catalog has no price for iotda.enterprise.1000tps.10wonlinedevice (enterprise edition, 1,000 TPS, 100,000 online devices; yearly/monthly only; no public list price)
Prices: catalog "huaweicloud-intl" of 2023-10-30, https://support.huaweicloud.com/intl/en-us/productdesc-iothub/iot_04_0014.html
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			writeEstimate(&b, &english, c.Estimate(tc.order))
			assert.Equal(t, tc.want, b.String())
		})
	}

	var b strings.Builder
	writeEstimate(&b, &english, nil)
	assert.Empty(t, b.String(), "no estimate, no section")
}

// With a user's catalog whose year is 10 months: the break-even month.
func TestWriteEstimateBreakEven(t *testing.T) {
	data, err := os.ReadFile("../../core/testdata/catalogs/explicit.json")
	require.NoError(t, err)
	c, err := core.ParseCatalog(data)
	require.NoError(t, err)
	o := core.Order{Units: 2, ChargeMode: "prePaid", PeriodType: "year", PeriodNum: 3}
	for i := range c.Flavors {
		if c.Flavors[i].Type == "iotda.standard.s1" {
			o.Flavor = &c.Flavors[i]
		}
	}
	var b strings.Builder
	writeEstimate(&b, &english, c.Estimate(o))
	// 2 x 1650 x 3 = 9900.00; 36 months at 165: 11880.00; a year (1650) is
	// cheaper than 11 months (1815).
	assert.Contains(t, b.String(), "  iotda.standard.s1  2 units   1650.00 / year  3        9900.00  yearly list price\n")
	assert.Contains(t, b.String(), "  prePaid   36 months    11880.00 EUR  covers 36 months\n")
	assert.Contains(t, b.String(), "  A year costs less than paying monthly from 11 months on.\n")
}

// Each alternative says the months it pays for: a year bought for 7 months
// pays for 12 (the report had listed "prePaid 1 year" under "the same 7
// months" with nothing more), in both languages; a catalog without a name
// is "the price catalog".
func TestWriteEstimateCoversAndWords(t *testing.T) {
	o := order(t, "iotda.standard.s1", 1, "prePaid", "month", 7)
	e := core.DefaultCatalog().Estimate(o)
	e.Catalog.Name = ""
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"Alternatives for the same 7 months:\n",
			"  prePaid   7 months    1155.00 USD  covers 7 months   cheapest (this order)\n",
			"  prePaid   1 year      1980.00 USD  covers 12 months\n",
			"  postPaid  5110 hours  1155.00 USD  covers 7 months   cheapest\n",
			"Prices: the price catalog of 2023-10-30, https://",
		}},
		{"zh", []string{
			"估价（USD，prePaid，7 个月）\n",
			"  项目               数量      单价         周期数  金额     计算依据\n", // a Chinese character is two columns wide
			"  iotda.standard.s1  1 个单位  165.00 / 月  7       1155.00  ",
			"  合计  ",
			"同样 7 个月的其他付费方式：\n",
			"  prePaid   7 个月     1155.00 USD  覆盖 7 个月   最便宜（本订单）\n",
			"  prePaid   1 年       1980.00 USD  覆盖 12 个月\n",
			"价格：价格表，2023-10-30 生效，来源 https://",
		}},
	}
	for _, c := range cases {
		var b strings.Builder
		writeEstimate(&b, wordsFor(c.lang), e)
		for _, want := range c.want {
			assert.Contains(t, b.String(), want, c.lang)
		}
	}
}

// A basis is cut into its parts where the core separates them, in either
// language; a basis of one part stays whole, and so in the table.
func TestBasisParts(t *testing.T) {
	for _, c := range []struct {
		basis string
		want  []string
		why   string
	}{
		{"12 x monthly list price 165.00", []string{"12 x monthly list price 165.00"}, "a create order's basis is one part"},
		{"(10 x 350.00 - 5 x 50.00) x 2.9355 months remaining = 9540.38; remaining months: 11/31 + 2 + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)",
			[]string{"(10 x 350.00 - 5 x 50.00) x 2.9355 months remaining = 9540.38", "remaining months: 11/31 + 2 + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)"},
			"a prorated resize: the sum, then where R comes from"},
		{"(10 x 350.00 - 5 x 50.00) x 剩余 2.9355 个月 = 9540.38；剩余月数：11/31 + 2 + 18/31，2023-05-20 至 2023-08-18（UTC+08:00）",
			[]string{"(10 x 350.00 - 5 x 50.00) x 剩余 2.9355 个月 = 9540.38", "剩余月数：11/31 + 2 + 18/31，2023-05-20 至 2023-08-18（UTC+08:00）"},
			"the same in Chinese, cut at the full-width semicolon"},
	} {
		assert.Equal(t, c.want, basisParts(c.basis), c.why)
	}
}
