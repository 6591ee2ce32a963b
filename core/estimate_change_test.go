package core

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// workedCatalog gives the prices of Huawei's worked example (billing
// examples page, 2025-04-22): SU1 50 and SU2 350 per unit per month, and
// an enterprise flavor with a monthly price, one with none.
func workedCatalog(t testing.TB) *Catalog {
	c, err := ParseCatalog([]byte(`{"name":"worked","currency":"USD","months_per_year":"12","hours_per_month":"730","flavors":[
		{"type":"iotda.standard.st","instance_type":"standard","charge_modes":["prePaid","postPaid"],"price":{"month":"50"}},
		{"type":"iotda.standard.s1","instance_type":"standard","charge_modes":["prePaid","postPaid"],"price":{"month":"350"}},
		{"type":"iotda.standard.y1","instance_type":"standard","charge_modes":["prePaid"],"price":{"year":"5000"}},
		{"type":"iotda.enterprise.e1","instance_type":"enterprise","charge_modes":["prePaid"],"price":{"month":"1000"}},
		{"type":"iotda.enterprise.e2","instance_type":"enterprise","charge_modes":["prePaid"],"price":{"month":"1500.5"}}]}`))
	require.NoError(t, err)
	return c
}

func resizeOptions(t testing.TB, cat *Catalog, current, at string) Options {
	o := Options{API: APIResize, Catalog: cat, Current: RawJSON(current)}
	if at != "" {
		_, ok := parseTimestampString(at)
		require.True(t, ok, at)
		o.At = at
	}
	return o
}

// Huawei's worked example: 5 x SU1 bought 2023-03-18 15:30 for 5 months,
// resized to 10 x SU2 at 2023-05-20 09:00: R = 11/31 + 2 + 18/31 = 2.9355,
// fee (3,500 - 250) x 2.9355 = USD 9,540.38.
func TestResizeWorkedExample(t *testing.T) {
	cat := workedCatalog(t)
	o := resizeOptions(t, cat, `{"instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"prePaid","expire_time":"2023-08-18T15:30:00+08:00"}`,
		"2023-05-20T09:00:00+08:00")
	body := []byte(`{"flavor":{"type":"iotda.standard.s1","size":10}}`)
	r := Check(body, o)
	require.True(t, r.Valid, "%+v", r.Errors)
	e := r.Estimate
	require.NotNil(t, e)
	assert.True(t, e.Priced)
	assert.Equal(t, "9540.38", e.Total.String(), "Huawei's figure")
	require.Len(t, e.Lines, 1)
	assert.Equal(t, "(10 x 350.00 - 5 x 50.00) x 2.9355 months remaining = 9540.38; remaining months: 11/31 + 2 + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)",
		e.Lines[0].Basis, "the basis shows the whole sum")
	assert.Equal(t, `{"priced":true,"currency":"USD","charge_mode":"prePaid","total":"9540.38","lines":[{"item":"iotda.standard.s1","quantity":10,"unit":"unit","unit_price":"350.00","per":"month","periods":0,"amount":"9540.38","basis":"(10 x 350.00 - 5 x 50.00) x 2.9355 months remaining = 9540.38; remaining months: 11/31 + 2 + 18/31 from 2023-05-20 to 2023-08-18 (UTC+08:00)"}],"catalog":{"name":"worked"}}`,
		string(e.appendJSON(nil)))
	o.Lang = Chinese
	zh := Check(body, o)
	assert.Equal(t, "(10 x 350.00 - 5 x 50.00) x 剩余 2.9355 个月 = 9540.38；剩余月数：11/31 + 2 + 18/31，2023-05-20 至 2023-08-18（UTC+08:00）", zh.Estimate.Lines[0].Basis)
	assert.Equal(t, string(zh.AppendJSON(nil)), string(AppendCheck(nil, body, o)), "the document is the same from both paths")
}

// The proration rows: R and the fee, each checked against decimal
// arithmetic done the long way (R's fractions summed exactly, rounded to 4
// decimals, times the rate difference, rounded to 2).
func TestResizeProration(t *testing.T) {
	cat := workedCatalog(t)
	for _, c := range []struct {
		why              string
		cur, body        string
		expire, at       string
		r4               string // R as the basis writes it
		fractions        string // R's parts as the basis writes them
		fee              string
		newRate, ourRate string
	}{
		{"the worked example", `"iotda.standard.st","size":5`, `"iotda.standard.s1","size":10`, "2023-08-18T15:30:00+08:00", "2023-05-20T09:00:00+08:00",
			"2.9355", "11/31 + 2 + 18/31", "9540.38", "3500", "250"},
		{"a leap February: 29 days", `"iotda.standard.st","size":1`, `"iotda.standard.st","size":2`, "2024-04-10T00:00:00+08:00", "2024-02-10T12:00:00+08:00",
			"1.9885", "19/29 + 1 + 10/30", "99.43", "100", "50"},
		{"a February that is not leap: 28 days", `"iotda.standard.st","size":1`, `"iotda.standard.st","size":2`, "2023-04-10T00:00:00+08:00", "2023-02-10T12:00:00+08:00",
			"1.9762", "18/28 + 1 + 10/30", "98.81", "100", "50"},
		{"a change in the order's last month", `"iotda.standard.st","size":5`, `"iotda.standard.s1","size":10`, "2023-08-18T15:30:00+08:00", "2023-08-03T09:00:00+08:00",
			"0.4839", "15/31", "1572.68", "3500", "250"},
		{"a change on a month's last day", `"iotda.standard.st","size":5`, `"iotda.standard.s1","size":10`, "2023-08-18T15:30:00+08:00", "2023-05-31T23:00:00+08:00",
			"2.5806", "0/31 + 2 + 18/31", "8386.95", "3500", "250"},
		{"times in other offsets: read on the UTC+08:00 calendar (May 31 16:00 UTC is June 1 there; Aug 17 20:00 -04:00 is Aug 18)",
			`"iotda.standard.st","size":5`, `"iotda.standard.s1","size":10`, "2023-08-17T20:00:00-04:00", "2023-05-31T16:00:00Z",
			"2.5473", "29/30 + 1 + 18/31", "8278.73", "3500", "250"},
		{"months in between across a year", `"iotda.standard.st","size":1`, `"iotda.standard.s1","size":1`, "2024-03-01T00:00:00+08:00", "2023-11-15T00:00:00+08:00",
			"3.5323", "15/30 + 3 + 1/31", "1059.69", "350", "50"},
		{"enterprise: per instance", `"iotda.enterprise.e1"`, `"iotda.enterprise.e2"`, "2023-08-18T15:30:00+08:00", "2023-05-20T09:00:00+08:00",
			"2.9355", "11/31 + 2 + 18/31", "1469.22", "1500.5", "1000"},
	} {
		typ := "standard"
		if c.body[1:17] == "iotda.enterprise" {
			typ = "enterprise"
		}
		cur := `{"instance_type":"` + typ + `","flavor":{"type":` + c.cur + `},"charge_mode":"prePaid","expire_time":"` + c.expire + `"}`
		body := []byte(`{"flavor":{"type":` + c.body + `}}`)
		o := resizeOptions(t, cat, cur, c.at)
		r := Check(body, o)
		require.True(t, r.Valid, "%s: %+v", c.why, r.Errors)
		require.True(t, r.Estimate.Priced, "%s: %s", c.why, r.Estimate.Reason)
		assert.Equal(t, c.fee, r.Estimate.Total.String(), c.why)
		assert.Contains(t, r.Estimate.Lines[0].Basis, "x "+c.r4+" months remaining", c.why)
		assert.Contains(t, r.Estimate.Lines[0].Basis, "remaining months: "+c.fractions+" from", c.why)
		assert.Equal(t, string(r.AppendJSON(nil)), string(AppendCheck(nil, body, o)), c.why)

		// The long way: R from its fractions, exactly, then the fee.
		sum := decimal.Zero
		for _, part := range splitPlus(c.fractions) {
			var n, d int64
			if _, err := fmt.Sscanf(part, "%d/%d", &n, &d); err == nil {
				sum = sum.Add(decimal.NewFromInt(n).DivRound(decimal.NewFromInt(d), 20))
			} else {
				sum = sum.Add(decimal.RequireFromString(part))
			}
		}
		r4 := sum.Round(4)
		assert.Equal(t, c.r4, r4.StringFixed(4), "%s: R", c.why)
		fee := decimal.RequireFromString(c.newRate).Sub(decimal.RequireFromString(c.ourRate)).Mul(r4).Round(2)
		assert.Equal(t, fee.StringFixed(2), c.fee, "%s: the fee the long way", c.why)
	}
}

func splitPlus(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		out = append(out, s[:i])
		if i+3 > len(s) {
			break
		}
		s = s[i+3:] // " + "
	}
	return out
}

// Where the catalog or the current instance does not say, the estimate is
// unpriced and says why.
func TestChangeUnpriced(t *testing.T) {
	cat := workedCatalog(t)
	const full = `{"instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"prePaid","expire_time":"2023-08-18T15:30:00+08:00"}`
	for _, c := range []struct {
		why, current, at, body string
		reason                 [2]string
	}{
		{"no current instance", "", "2023-05-20T09:00:00+08:00", `{"flavor":{"type":"iotda.standard.s1","size":10}}`, reasonNoCurrent},
		{"no charge mode", `{"flavor":{"type":"iotda.standard.st","size":5}}`, "2023-05-20T09:00:00+08:00", `{"flavor":{"type":"iotda.standard.s1","size":10}}`, reasonNoMode},
		{"no units", `{"flavor":{"type":"iotda.standard.st"},"charge_mode":"prePaid","expire_time":"2023-08-18T15:30:00+08:00"}`, "2023-05-20T09:00:00+08:00",
			`{"flavor":{"type":"iotda.standard.s1","size":10}}`, reasonNoFlavor},
		{"no expire_time", `{"flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"prePaid"}`, "2023-05-20T09:00:00+08:00",
			`{"flavor":{"type":"iotda.standard.s1","size":10}}`, reasonNoExpire},
		{"no change time", full, "", `{"flavor":{"type":"iotda.standard.s1","size":10}}`, reasonNoAt},
		{"no month price: never derived from the year", full, "2023-05-20T09:00:00+08:00", `{"flavor":{"type":"iotda.standard.y1","size":1}}`, reasonNoMonth},
		{"a downgrade: the refund rules are not published", full, "2023-05-20T09:00:00+08:00", `{"flavor":{"type":"iotda.standard.st","size":4}}`, reasonNotAbove},
		{"a new rate equal to the current one", `{"flavor":{"type":"iotda.standard.s1","size":1},"charge_mode":"prePaid","expire_time":"2023-08-18T15:30:00+08:00"}`,
			"2023-05-20T09:00:00+08:00", `{"flavor":{"type":"iotda.standard.st","size":7}}`, reasonNotAbove},
	} {
		o := resizeOptions(t, cat, c.current, c.at)
		if c.current == "" {
			o.Current = nil
		}
		for li, lang := range []Lang{English, Chinese} {
			o.Lang = lang
			r := Check([]byte(c.body), o)
			require.True(t, r.Valid, "%s: %+v", c.why, r.Errors)
			require.NotNil(t, r.Estimate, c.why)
			assert.False(t, r.Estimate.Priced, c.why)
			assert.Equal(t, c.reason[li], r.Estimate.Reason, c.why)
			assert.Empty(t, r.Estimate.Lines, c.why)
			assert.Equal(t, string(r.AppendJSON(nil)), string(AppendCheck(nil, []byte(c.body), o)), c.why)
		}
	}
}

// A pay-per-use resize is a pay-per-use order of the new spec; a change of
// charge mode, the yearly/monthly order it becomes, with the alternatives.
func TestChangePricedAsOrders(t *testing.T) {
	cat := workedCatalog(t)
	body := []byte(`{"flavor":{"type":"iotda.standard.s1","size":10}}`)
	o := resizeOptions(t, cat, `{"flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"postPaid"}`, "")
	r := Check(body, o)
	require.True(t, r.Estimate.Priced, r.Estimate.Reason)
	want := cat.Estimate(Order{Flavor: cat.flavor([]byte("iotda.standard.s1")), Units: 10, ChargeMode: "postPaid"})
	assert.Equal(t, want.Total, r.Estimate.Total, "the new spec's pay-per-use month")
	assert.Equal(t, "a new pay-per-use order at the new spec from the change: "+want.Lines[0].Basis, r.Estimate.Lines[0].Basis)
	assert.Equal(t, string(r.AppendJSON(nil)), string(AppendCheck(nil, body, o)))

	co := Options{API: APIChangeChargeMode, Catalog: cat, Current: RawJSON(`{"flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"postPaid"}`)}
	cbody := []byte(`{"period_type":"month","period_num":3}`)
	cr := Check(cbody, co)
	require.True(t, cr.Valid, "%+v", cr.Errors)
	wantC := cat.Estimate(Order{Flavor: cat.flavor([]byte("iotda.standard.st")), Units: 5, ChargeMode: "prePaid", PeriodType: "month", PeriodNum: 3})
	assert.Equal(t, string(wantC.appendJSON(nil)), string(cr.Estimate.appendJSON(nil)), "the create order of the current spec")
	assert.Equal(t, "750.00", cr.Estimate.Total.String())
	assert.NotEmpty(t, cr.Estimate.Alternatives.Options, "with the same alternatives")
	assert.Equal(t, string(cr.AppendJSON(nil)), string(AppendCheck(nil, cbody, co)))

	co.Current = nil
	cr = Check(cbody, co)
	assert.Equal(t, reasonNoCurrent[0], cr.Estimate.Reason, "no current instance: unpriced")
}

func TestRemainingMonths(t *testing.T) {
	at := func(s string) instant {
		tt, ok := parseTimestampString(s)
		require.True(t, ok, s)
		return tt
	}
	for _, c := range []struct {
		why, t, e string
		r4        int64
	}{
		{"the worked example", "2023-05-20T09:00:00+08:00", "2023-08-18T15:30:00+08:00", 29355},
		{"the same day, later: 0", "2023-05-20T09:00:00+08:00", "2023-05-20T15:30:00+08:00", 0},
		{"one day of a 31-day month: 1/31 = 0.032258 rounds to 0.0323", "2023-05-01T00:00:00+08:00", "2023-05-02T00:00:00+08:00", 323},
		{"rounded up, in one month: 20/30 = 0.666667 rounds to 0.6667", "2023-06-10T00:00:00+08:00", "2023-06-30T00:00:00+08:00", 6667},
		{"a whole year", "2023-01-31T00:00:00+08:00", "2024-01-31T00:00:00+08:00", 120000},
	} {
		assert.Equal(t, c.r4, remainingMonths(at(c.t), at(c.e)).r4, c.why)
	}
}
