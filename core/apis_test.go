package core

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// changeCase is one row of the resize and change-charge-mode tables: the
// problems expected, each "E" or "W", where ("" or "current" or "path"),
// path and code, in the order the document lists them.
type changeCase struct {
	why     string
	api     API
	body    string
	current string // "": none
	at      string // "": none
	params  *Params
	strict  bool
	want    []string
	request string // the normalized request, when the row says it
}

func (c *changeCase) options(t *testing.T) Options {
	o := Options{API: c.api, Params: c.params, Strict: c.strict}
	if c.current != "" {
		o.Current = RawJSON(c.current)
	}
	if c.at != "" {
		_, ok := parseTimestampString(c.at)
		require.True(t, ok, "%s: at %q", c.why, c.at)
		o.At = c.at
	}
	return o
}

// problemList writes a result's problems as changeCase.want has them.
func problemList(r *Result) []string {
	out := []string{}
	for _, l := range []struct {
		kind string
		ps   []Problem
	}{{"E", r.Errors}, {"W", r.Warnings}} {
		for _, p := range l.ps {
			out = append(out, l.kind+" "+p.In+" "+p.Path+" "+string(p.Code))
		}
	}
	return out
}

func runChangeCases(t *testing.T, cases []changeCase) {
	t.Helper()
	for _, c := range cases {
		o := c.options(t)
		r := Check([]byte(c.body), o)
		assert.Equal(t, c.want, problemList(r), "%s: %s", c.why, c.body)
		if c.request != "" {
			assert.Equal(t, c.request, string(r.Request), "%s: the request", c.why)
		}
		for _, lang := range []Lang{English, Chinese} {
			o.Lang = lang
			assert.Equal(t, string(Check([]byte(c.body), o).AppendJSON(nil)), string(AppendCheck(nil, []byte(c.body), o)),
				"%s (%s): Check and AppendCheck write the same bytes", c.why, lang)
		}
	}
}

const (
	curPrePaid  = `{"instance_id":"a1","instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5,"extra":1},"charge_mode":"prePaid","expire_time":"2023-08-18T15:30:00+08:00","status":"running"}`
	curPostPaid = `{"instance_type":"standard","flavor":{"type":"iotda.standard.st","size":5},"charge_mode":"postPaid"}`
	curEnt      = `{"instance_type":"enterprise","flavor":{"type":"iotda.enterprise.1000tps.10wonlinedevice"},"charge_mode":"prePaid","expire_time":"2024-01-01T00:00:00Z"}`
	resizeS1    = `{"flavor":{"type":"iotda.standard.s1","size":10}}`
)

func TestResizeRules(t *testing.T) { runChangeCases(t, resizeCases()) }

// resizeCases are the resize rows, which the JSON Schema test reads too.
func resizeCases() []changeCase {
	return []changeCase{
		{why: "a valid resize without a current instance: delay filled, is_auto_pay undecided", api: APIResize, body: resizeS1, want: []string{},
			request: `{"flavor":{"type":"iotda.standard.s1","size":10},"delay":false}`},
		{why: "with a yearly/monthly current instance is_auto_pay is filled too; the ShowInstance members it does not read pass without a word",
			api: APIResize, body: resizeS1, current: curPrePaid, at: "2023-05-20T09:00:00+08:00", want: []string{},
			request: `{"flavor":{"type":"iotda.standard.s1","size":10},"is_auto_pay":false,"delay":false}`},
		{why: "flavor is required", api: APIResize, body: `{}`, want: []string{"E  /flavor required"}},
		{why: "size is required for a standard flavor", api: APIResize, body: `{"flavor":{"type":"iotda.standard.s1"}}`, want: []string{"E  /flavor/size required"}},
		{why: "size does not apply to an enterprise flavor", api: APIResize, body: `{"flavor":{"type":"iotda.enterprise.1000tps.20wonlinedevice","size":3}}`,
			want: []string{"W  /flavor/size not_applicable"}},
		{why: "an unknown flavor: size is checked by its own bounds only", api: APIResize, body: `{"flavor":{"type":"iotda.x","size":500}}`,
			want: []string{"E  /flavor/type unknown_flavor", "E  /flavor/size range"}},
		{why: "the flavor's max_units bounds size", api: APIResize, body: `{"flavor":{"type":"iotda.standard.s0","size":2}}`, want: []string{"E  /flavor/size range"}},
		{why: "exact names: Flavor is unknown, flavor missing", api: APIResize, body: `{"Flavor":{}}`,
			want: []string{"E  /flavor required", "W  /Flavor unknown_field"}},
		{why: "strict: an unknown member is an error", api: APIResize, strict: true, body: `{"flavor":{"type":"iotda.standard.s1","size":10},"x":1}`,
			want: []string{"E  /x unknown_field"}},
		{why: "a repeated member", api: APIResize, body: `{"flavor":{"type":"iotda.standard.s1","size":10},"delay":true,"delay":false}`,
			want: []string{"E  /delay duplicate_key"}},
		{why: "coerced strings, as the API page's examples send them", api: APIResize, body: `{"flavor":{"type":"iotda.standard.s1","size":"10"},"delay":"true"}`,
			want: []string{"W  /flavor/size coerced", "W  /delay coerced"}, request: `{"flavor":{"type":"iotda.standard.s1","size":10},"delay":true}`},
		{why: "strict: a coerced string is a type error", api: APIResize, strict: true, body: `{"flavor":{"type":"iotda.standard.s1","size":10},"delay":"true"}`,
			want: []string{"E  /delay type"}},
		{why: "is_auto_pay does not apply to a pay-per-use instance", api: APIResize, body: `{"flavor":{"type":"iotda.standard.s1","size":10},"is_auto_pay":true}`,
			current: curPostPaid, want: []string{"W  /is_auto_pay not_applicable"}},
		{why: "the same flavor and units: no_change", api: APIResize, body: `{"flavor":{"type":"iotda.standard.st","size":5}}`, current: curPrePaid,
			want: []string{"E  /flavor no_change"}},
		{why: "the same flavor, other units: a change", api: APIResize, body: `{"flavor":{"type":"iotda.standard.st","size":6}}`, current: curPrePaid, want: []string{}},
		{why: "the same enterprise flavor: no_change", api: APIResize, body: `{"flavor":{"type":"iotda.enterprise.1000tps.10wonlinedevice"}}`, current: curEnt,
			want: []string{"E  /flavor no_change"}},
		{why: "a standard flavor for an enterprise instance: flavor_mismatch", api: APIResize, body: resizeS1, current: curEnt,
			want: []string{"E  /flavor/type flavor_mismatch"}},
		{why: "a change at the expiry: range at /expire_time in the current instance", api: APIResize, body: resizeS1, current: curPrePaid,
			at: "2023-08-18T07:30:00Z", want: []string{"E current /expire_time range"}},
		{why: "a change a second before the expiry, written in another offset", api: APIResize, body: resizeS1, current: curPrePaid,
			at: "2023-08-18T02:29:59-05:00", want: []string{}},
		{why: "problems: path parameters, then the current instance, then the body", api: APIResize,
			body: `{"flavor":{"type":"iotda.standard.s1","size":0}}`, params: &Params{ProjectID: "p", InstanceID: "X"},
			current: `{"flavor":{"type":"iotda.standard.st","size":"x"},"charge_mode":"monthly","charge_mode":1}`,
			want:    []string{"E path instance_id pattern", "E current /flavor/size type", "E current /charge_mode enum", "E current /charge_mode duplicate_key", "E  /flavor/size range"}},
		{why: "instance_id is required", api: APIResize, body: resizeS1, params: &Params{ProjectID: "p"}, want: []string{"E path instance_id required"}},
		{why: "instance_id at most 36 characters", api: APIResize, body: resizeS1, params: &Params{ProjectID: "p", InstanceID: strings.Repeat("a", 37)},
			want: []string{"E path instance_id length"}},
		{why: "create ignores instance_id and the current instance", body: `{}`, params: &Params{ProjectID: "p"}, current: `[]`,
			want: []string{"E  /instance_type required", "E  /flavor required", "E  /name required", "E  /charge_info required"}},
		{why: "a current instance that is not an object", api: APIResize, body: resizeS1, current: `[1]`, want: []string{"E current  type"}},
		{why: "a current instance that is not JSON", api: APIResize, body: resizeS1, current: `{"a":`, want: []string{"E current /a syntax"}},
		{why: "the current flavor unknown to the catalog", api: APIResize, body: resizeS1, current: `{"flavor":{"type":"x.y"}}`,
			want: []string{"E current /flavor/type unknown_flavor"}},
		{why: "an expire_time that is not RFC 3339 with an offset", api: APIResize, body: resizeS1, current: `{"expire_time":"2023-08-18 15:30:00"}`,
			want: []string{"E current /expire_time pattern"}},
		{why: "the current instance_type is an enum", api: APIResize, body: resizeS1, current: `{"instance_type":"basic"}`,
			want: []string{"E current /instance_type enum"}},
		{why: "the current flavor of another instance type than its instance_type; the new flavor is not of it either", api: APIResize, body: resizeS1,
			current: `{"instance_type":"enterprise","flavor":{"type":"iotda.standard.st","size":5}}`,
			want:    []string{"E current /flavor/type flavor_mismatch", "E  /flavor/type flavor_mismatch"}},
		{why: "the current size within 1-200", api: APIResize, body: resizeS1, current: `{"flavor":{"type":"iotda.standard.st","size":201}}`,
			want: []string{"E current /flavor/size range"}},
		{why: "the current flavor must be an object", api: APIResize, body: resizeS1, current: `{"flavor":"iotda.standard.st"}`,
			want: []string{"E current /flavor type"}},
		{why: "null members of the current instance are absent: nothing is checked against them", api: APIResize, body: resizeS1,
			current: `{"instance_type":null,"flavor":null,"charge_mode":null,"expire_time":null}`, want: []string{}},
		{why: "the current instance within the body's limits: depth", api: APIResize, body: resizeS1, current: `{"flavor":{"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
			want: []string{"E current /flavor/x/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0 too_deep"}},
		{why: "delay must be a boolean", api: APIResize, body: `{"flavor":{"type":"iotda.standard.s1","size":10},"delay":1}`, want: []string{"E  /delay type"}},
		{why: "a new standard flavor for a current enterprise instance of unknown flavor: flavor_mismatch by instance_type alone", api: APIResize,
			body: resizeS1, current: `{"instance_type":"enterprise"}`, want: []string{"E  /flavor/type flavor_mismatch"}},
		{why: "a coerced size in the current instance: a warning of its own, nothing in the request", api: APIResize, body: resizeS1,
			current: `{"flavor":{"type":"iotda.standard.st","size":"5"}}`, want: []string{"W current /flavor/size coerced"},
			request: `{"flavor":{"type":"iotda.standard.s1","size":10},"delay":false}`},
	}
}

func TestChangeChargeModeRules(t *testing.T) { runChangeCases(t, changeChargeModeCases()) }

// changeChargeModeCases are the change-charge-mode rows, which the JSON
// Schema test reads too.
func changeChargeModeCases() []changeCase {
	return []changeCase{
		{why: "a valid change: the flags filled", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":3}`, current: curPostPaid, want: []string{},
			request: `{"period_type":"month","period_num":3,"is_auto_renew":false,"is_auto_pay":false}`},
		{why: "both members required", api: APIChangeChargeMode, body: `{}`, want: []string{"E  /period_type required", "E  /period_num required"}},
		{why: "years: at most 3 (periodBounds)", api: APIChangeChargeMode, body: `{"period_type":"year","period_num":4}`, want: []string{"E  /period_num range"}},
		{why: "months: at most 9", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":10}`, want: []string{"E  /period_num range"}},
		{why: "an unknown period type: 1-9 and enum", api: APIChangeChargeMode, body: `{"period_type":"week","period_num":9}`, want: []string{"E  /period_type enum"}},
		{why: "period_num must be an integer", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":2.0}`, want: []string{"E  /period_num type"}},
		{why: "a yearly/monthly instance cannot change to yearly/monthly", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":1}`,
			current: curPrePaid, want: []string{"E current /charge_mode charge_mode"}},
		{why: "a flavor not sold yearly/monthly", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":1}`,
			current: `{"flavor":{"type":"iotda.standard.s9","size":1},"charge_mode":"postPaid"}`, want: []string{"E current /flavor/type unknown_flavor"}},
		{why: "coerced and strict", api: APIChangeChargeMode, strict: true, body: `{"period_type":"month","period_num":"1","is_auto_renew":"false"}`,
			want: []string{"E  /period_num type", "E  /is_auto_renew type"}},
		{why: "is_auto_renew must be a boolean", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":1,"is_auto_renew":"yes"}`,
			want: []string{"E  /is_auto_renew type"}},
		{why: "instance_id is checked for a change of charge mode too", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":1}`,
			params: &Params{ProjectID: "p", InstanceID: "ab\u00e9"}, want: []string{"E path instance_id pattern"}},
		{why: "a change at or after the expiry of a current order is range", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":1}`,
			current: `{"charge_mode":"postPaid","expire_time":"2023-01-01T00:00:00Z"}`, at: "2023-01-01T00:00:00Z", want: []string{"E current /expire_time range"}},
		{why: "a repeated member at depth", api: APIChangeChargeMode, body: `{"period_type":"month","period_num":1,"period_num":2}`,
			want: []string{"E  /period_num duplicate_key"}},
	}
}

// A catalog whose flavor is sold pay-per-use only: a change to yearly/monthly
// is charge_mode at /period_type.
func TestChangeChargeModeNotSoldPrePaid(t *testing.T) {
	cat, err := ParseCatalog([]byte(`{"name":"t","currency":"USD","months_per_year":"12","hours_per_month":"730","flavors":[
		{"type":"iotda.standard.h1","instance_type":"standard","charge_modes":["postPaid"],"price":{"hour":"0.1"}}]}`))
	require.NoError(t, err)
	o := Options{API: APIChangeChargeMode, Catalog: cat, Current: RawJSON(`{"flavor":{"type":"iotda.standard.h1","size":1},"charge_mode":"postPaid"}`)}
	for _, c := range []struct {
		why, body string
		want      []string
	}{
		{"the flavor's charge modes say it is not sold yearly/monthly", `{"period_type":"month","period_num":1}`,
			[]string{"E  /period_type charge_mode"}},
		{"period_type missing: required, and the flavor still cannot be bought yearly/monthly (every problem is reported)",
			`{"period_num":1}`, []string{"E  /period_type required", "E  /period_type charge_mode"}},
		{"period_type null is missing: the same", `{"period_type":null,"period_num":1}`,
			[]string{"E  /period_type required", "E  /period_type charge_mode"}},
		{"period_type invalid: enum, and the flavor still cannot be bought yearly/monthly", `{"period_type":"week","period_num":1}`,
			[]string{"E  /period_type enum", "E  /period_type charge_mode"}},
	} {
		r := Check([]byte(c.body), o)
		assert.Equal(t, c.want, problemList(r), c.why)
		for _, lang := range []Lang{English, Chinese} {
			o := o
			o.Lang = lang
			assert.Equal(t, string(Check([]byte(c.body), o).AppendJSON(nil)), string(AppendCheck(nil, []byte(c.body), o)), c.why)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	for _, c := range []struct {
		why, text string
		want      string // the instant in UTC; "" when refused
	}{
		{"an offset east", "2023-05-20T09:00:00+08:00", "2023-05-20T01:00:00Z"},
		{"Z", "2023-05-20T01:00:00Z", "2023-05-20T01:00:00Z"},
		{"lowercase t and z (RFC 3339 allows them)", "2023-05-20t01:00:00z", "2023-05-20T01:00:00Z"},
		{"an offset west, across a day", "2023-05-19T20:00:00-05:00", "2023-05-20T01:00:00Z"},
		{"a fraction", "2023-05-20T01:00:00.123456789Z", "2023-05-20T01:00:00.123456789Z"},
		{"a fraction past nanoseconds is cut", "2023-05-20T01:00:00.1234567891Z", "2023-05-20T01:00:00.123456789Z"},
		{"a fraction with trailing zeros", "2023-05-20T09:00:00.500+08:00", "2023-05-20T01:00:00.5Z"},
		{"a fraction of zeros", "2023-05-20T09:00:00.000+08:00", "2023-05-20T01:00:00Z"},
		{"year 0001", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
		{"February 29 of a leap year", "2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
		{"February 29 of another year", "2023-02-29T00:00:00Z", ""},
		{"no offset", "2023-05-20T01:00:00", ""},
		{"a space for T", "2023-05-20 01:00:00Z", ""},
		{"hour 24", "2023-05-20T24:00:00Z", ""},
		{"a leap second", "2016-12-31T23:59:60Z", ""},
		{"an offset without a colon", "2023-05-20T01:00:00+0800", ""},
		{"an empty fraction", "2023-05-20T01:00:00.Z", ""},
		{"a sign in a number", "2023-+5-20T01:00:00Z", ""},
		{"a letter in the year's first digits", "2a23-05-20T01:00:00Z", ""},
		{"a letter in the year's last digits", "202x-05-20T01:00:00Z", ""},
		{"a letter in the seconds", "2023-05-20T01:00:0xZ", ""},
		{"an offset of letters", "2023-05-20T01:00:00+0a:00", ""},
	} {
		at, ok := parseTimestamp([]byte(c.text))
		if c.want == "" {
			assert.False(t, ok, "%s: %s", c.why, c.text)
			continue
		}
		if assert.True(t, ok, "%s: %s", c.why, c.text) {
			ref, err := time.Parse(time.RFC3339Nano, c.text)
			if err == nil { // time.Parse takes no lowercase t or z
				assert.Equal(t, ref.Unix(), at.sec, "%s: the seconds time.Parse reads", c.why)
				assert.Equal(t, int32(ref.Nanosecond()), at.nsec, c.why)
			}
			assert.Equal(t, c.want, string(appendUTC(nil, at)), "%s: written back in UTC", c.why)
		}
	}
}

// The change time is written back in UTC in the expiry's message; a Go
// caller's At that does not read is no change time.
func TestChangeTime(t *testing.T) {
	for _, c := range []struct{ why, at, want string }{
		{"the expiry itself, written an hour east", "2023-08-18T08:30:00+01:00", "2023-08-18T07:30:00Z"},
		{"a year later, with a fraction", "2024-08-18T07:30:00.25Z", "2024-08-18T07:30:00.25Z"},
	} {
		r := Check([]byte(resizeS1), Options{API: APIResize, Current: RawJSON(curPrePaid), At: c.at})
		require.Len(t, r.Errors, 1, c.why)
		assert.Contains(t, r.Errors[0].Message, "change time "+c.want+":", c.why)
	}
	r := Check([]byte(resizeS1), Options{API: APIResize, Current: RawJSON(curPrePaid), At: "2099-01-01 00:00"})
	require.True(t, r.Valid, "an At that does not read is not known: no expiry to pass")
	assert.Equal(t, reasonNoAt[0], r.Estimate.Reason)
	for _, days := range []int64{-1000000, -719468, -1, 0, 1, 59, 60, 365, 11016, 2932896} {
		y, m, d := civilFromDays(days)
		assert.Equal(t, days, daysFromCivil(y, m, d), "day %d: %d-%d-%d", days, y, m, d)
		want := time.Unix(days*86400, 0).UTC()
		assert.Equal(t, [3]int{want.Year(), int(want.Month()), want.Day()}, [3]int{y, m, d}, "day %d as the time package has it", days)
	}
	assert.Equal(t, "-5-01-02T03:04:05Z", string(appendUTC(nil, instant{sec: daysFromCivil(-5, 1, 2)*86400 + 3*3600 + 4*60 + 5})), "a year before 0 as its number")
}

func TestParseOptionsChange(t *testing.T) {
	o, err := ParseOptions([]byte(`{"api":"resize","current":{"flavor":{"type":"iotda.standard.st"}},"at":"2023-05-20T09:00:00+08:00","params":{"project_id":"p","instance_id":"ab-1"}}`))
	require.NoError(t, err)
	assert.Equal(t, APIResize, o.API)
	assert.Equal(t, `{"flavor":{"type":"iotda.standard.st"}}`, string(o.Current))
	assert.Equal(t, "2023-05-20T09:00:00+08:00", o.At)
	assert.Equal(t, "ab-1", o.Params.InstanceID)
	for _, c := range []struct{ why, doc, want string }{
		{"an unknown api", `{"api":"delete"}`, `options: api "delete" must be "create", "resize" or "change-charge-mode"`},
		{"a current that is not an object", `{"current":"x"}`, `options: current "x" must be an object`},
		{"an at without an offset", `{"at":"2023-05-20T09:00:00"}`, `options: at "2023-05-20T09:00:00" must be a date and time in RFC 3339`},
		{"an at that is not a string", `{"at":1}`, `options: at "1" must be a date and time`},
	} {
		_, err := ParseOptions([]byte(c.doc))
		if assert.Error(t, err, c.why) {
			assert.Contains(t, err.Error(), c.want, c.why)
		}
	}
}

// FuzzChange checks resize and change-charge-mode bodies with any current
// instance: it never panics, the document is JSON whose valid says whether
// it has errors, its request is the body read another way, Check writes
// the same bytes, and the problems come path parameters first, then the
// current instance's, then the body's.
func FuzzChange(f *testing.F) {
	for _, body := range []string{resizeS1, `{"flavor":{"type":"iotda.standard.st","size":"5"},"delay":null}`, `{"period_type":"year","period_num":"2"}`, `{"a":`, `[]`} {
		for _, cur := range []string{curPrePaid, curPostPaid, curEnt, `{"flavor":{"type":"x","size":"1","size":2}}`, `{"expire_time":"2023-02-29T00:00:00Z"}`, `[`, ``} {
			f.Add([]byte(body), []byte(cur), uint8(1), int64(0))
			f.Add([]byte(body), []byte(cur), uint8(2), int64(86400*100))
		}
	}
	f.Fuzz(func(t *testing.T, body, current []byte, api uint8, shift int64) {
		at := time.Date(2023, 5, 20, 1, 0, 0, 0, time.UTC).Add(time.Duration(shift%(1<<40)) * time.Second).Format(time.RFC3339Nano)
		for _, opts := range []Options{
			{API: APIs[int(api)%len(APIs)], Current: current, At: at, Params: &Params{ProjectID: "p", InstanceID: string(current[:min(len(current), 8)])}},
			{API: APIs[int(api+1)%len(APIs)], Current: current, Strict: true, Lang: Chinese, MaxDepth: 3},
		} {
			errs := checkDocument(t, body, opts)
			rank := map[string]int{"path": 0, "header": 0, "current": 1, "": 2}
			for i := 1; i < len(errs); i++ {
				a, b := errs[i-1], errs[i]
				if b.Code != CodeTooManyProblems && rank[a.In] > rank[b.In] {
					t.Fatalf("%q before %q: %+v", a.In, b.In, errs)
				}
			}
		}
	})
}
