package core

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bodies are built from a valid base with edits, and marshalled by
// encoding/json, which writes members in sorted order: a row's expected
// problems are listed in that (document) order.

func standardBase() map[string]any {
	return map[string]any{
		"instance_type": "standard",
		"flavor":        map[string]any{"type": "iotda.standard.s1", "size": 2},
		"name":          "iotda_instance",
		"charge_info":   map[string]any{"charge_mode": "prePaid", "period_type": "month", "period_num": 1},
	}
}

func enterpriseBase() map[string]any {
	return map[string]any{
		"instance_type": "enterprise",
		"flavor":        map[string]any{"type": "iotda.enterprise.1000tps.10wonlinedevice"},
		"name":          "iotda_enterprise",
		"charge_info":   map[string]any{"charge_mode": "prePaid", "period_type": "year", "period_num": 1},
		"additional_params": map[string]any{
			"vpc_id":            "40926909-d411-45dd-a8b4-1ebc36512345",
			"subnet_id":         "088c7d8a-f49e-4f5f-bd33-ce9b6b712345",
			"security_group_id": "55980b43-f006-4dbf-ab58-9b0d9e712345",
			"port_info":         map[string]any{},
		},
	}
}

// del is an edit value that removes the member.
type deleted struct{}

var del = deleted{}

// with returns the JSON of base with each pointer in edits set to its value
// (or removed).
func with(t testing.TB, base map[string]any, edits ...any) []byte {
	t.Helper()
	for i := 0; i+1 < len(edits); i += 2 {
		ptr := edits[i].(string)
		parts := strings.Split(ptr[1:], "/")
		var cur any = base
		for _, p := range parts[:len(parts)-1] {
			switch c := cur.(type) {
			case map[string]any:
				if _, ok := c[p]; !ok {
					c[p] = map[string]any{}
				}
				cur = c[p]
			case []any:
				n, _ := strconv.Atoi(p)
				cur = c[n]
			}
		}
		last := parts[len(parts)-1]
		switch c := cur.(type) {
		case map[string]any:
			if edits[i+1] == del {
				delete(c, last)
			} else {
				c[last] = edits[i+1]
			}
		case []any:
			n, _ := strconv.Atoi(last)
			c[n] = edits[i+1]
		}
	}
	b, err := json.Marshal(base)
	require.NoError(t, err)
	return b
}

// summary lists a result's problems as "E code path" and "W code path".
func summary(r *Result) []string {
	out := []string{}
	for _, p := range r.Errors {
		out = append(out, "E "+string(p.Code)+" "+p.In+p.Path)
	}
	for _, p := range r.Warnings {
		out = append(out, "W "+string(p.Code)+" "+p.In+p.Path)
	}
	return out
}

type ruleCase struct {
	name   string
	why    string
	body   []byte
	opts   Options
	expect []string // nil: valid, with no warnings
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Check(c.body, c.opts)
			want := c.expect
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, want, summary(r), "%s\nbody: %s", c.why, c.body)
			assert.Equal(t, len(r.Errors) == 0, r.Valid, "valid is true exactly when errors is empty")
			// The JSON path must say the same as the Go values.
			got, _ := r.MarshalJSON()
			assert.Equal(t, string(got), string(AppendCheck(nil, c.body, c.opts)), "AppendCheck and Check differ")
		})
	}
}

func TestRulesBody(t *testing.T) { runRuleCases(t, bodyCases(t)) }

func bodyCases(t testing.TB) []ruleCase {
	s, e := standardBase, enterpriseBase
	long := func(n int, c string) string { return strings.Repeat(c, n) }
	return []ruleCase{
		// instance_type
		{"instance_type/standard", "the base body is valid", with(t, s()), Options{}, nil},
		{"instance_type/enterprise", "the enterprise base is valid", with(t, e()), Options{}, nil},
		{"instance_type/missing", "instance_type is required; without it nothing is conditional", with(t, s(), "/instance_type", del), Options{},
			[]string{"E required /instance_type"}},
		{"instance_type/case", "enum values are case-sensitive", with(t, s(), "/instance_type", "Standard"), Options{},
			[]string{"E enum /instance_type"}},
		{"instance_type/number", "a number is not a string", with(t, s(), "/instance_type", 1), Options{},
			[]string{"E type /instance_type"}},
		{"instance_type/null", "null for a required member is required", with(t, s(), "/instance_type", nil), Options{},
			[]string{"E required /instance_type"}},
		// flavor
		{"flavor/missing", "flavor is required", with(t, s(), "/flavor", del), Options{}, []string{"E required /flavor"}},
		{"flavor/string", "flavor is an object", with(t, s(), "/flavor", "s1"), Options{}, []string{"E type /flavor"}},
		{"flavor.type/missing", "flavor.type is required", with(t, s(), "/flavor/type", del), Options{}, []string{"E required /flavor/type"}},
		{"flavor.type/empty", "1-64 chars", with(t, s(), "/flavor/type", ""), Options{}, []string{"E length /flavor/type"}},
		{"flavor.type/65", "1-64 chars", with(t, s(), "/flavor/type", long(65, "a")), Options{}, []string{"E length /flavor/type"}},
		{"flavor.type/chars", "only A-Za-z0-9-.", with(t, s(), "/flavor/type", "iotda_standard"), Options{}, []string{"E pattern /flavor/type"}},
		{"flavor.type/unknown", "well formed but not in the catalog", with(t, s(), "/flavor/type", "iotda.standard.s9"), Options{},
			[]string{"E unknown_flavor /flavor/type"}},
		{"flavor.type/mismatch", "an enterprise flavor on a standard instance", with(t, s(), "/flavor/type", "iotda.enterprise.2000tps.20wonlinedevice"), Options{},
			[]string{"E flavor_mismatch /flavor/type"}},
		// flavor.size
		{"flavor.size/missing", "size is required for standard", with(t, s(), "/flavor/size", del), Options{}, []string{"E required /flavor/size"}},
		{"flavor.size/null", "null for a required member is required", with(t, s(), "/flavor/size", nil), Options{}, []string{"E required /flavor/size"}},
		{"flavor.size/0", "1-200", with(t, s(), "/flavor/size", 0), Options{}, []string{"E range /flavor/size"}},
		{"flavor.size/200", "200 is the maximum", with(t, s(), "/flavor/size", 200), Options{}, nil},
		{"flavor.size/201", "1-200", with(t, s(), "/flavor/size", 201), Options{}, []string{"E range /flavor/size"}},
		{"flavor.size/huge", "beyond int64 is still a range error", []byte(`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":99999999999999999999},"name":"n","charge_info":{"charge_mode":"postPaid"}}`), Options{},
			[]string{"E range /flavor/size"}},
		{"flavor.size/s0-1", "the free unit allows exactly 1", with(t, s(), "/flavor/type", "iotda.standard.s0", "/flavor/size", 1), Options{}, nil},
		{"flavor.size/s0-2", "the catalog lowers the maximum to 1", with(t, s(), "/flavor/type", "iotda.standard.s0", "/flavor/size", 2), Options{},
			[]string{"E range /flavor/size"}},
		{"flavor.size/string", "an integer string is coerced", with(t, s(), "/flavor/size", "2"), Options{}, []string{"W coerced /flavor/size"}},
		{"flavor.size/2.5", "a fraction is not an integer", []byte(`{"charge_info":{"charge_mode":"postPaid"},"flavor":{"size":2.5,"type":"iotda.standard.s1"},"instance_type":"standard","name":"n"}`), Options{},
			[]string{"E type /flavor/size"}},
		{"flavor.size/2.0", "an integer must be written as one", []byte(`{"charge_info":{"charge_mode":"postPaid"},"flavor":{"size":2.0,"type":"iotda.standard.s1"},"instance_type":"standard","name":"n"}`), Options{},
			[]string{"E type /flavor/size"}},
		{"flavor.size/2e0", "an exponent is not an integer", []byte(`{"charge_info":{"charge_mode":"postPaid"},"flavor":{"size":2e0,"type":"iotda.standard.s1"},"instance_type":"standard","name":"n"}`), Options{},
			[]string{"E type /flavor/size"}},
		{"flavor.size/+5", "a sign is not an integer string", with(t, s(), "/flavor/size", "+5"), Options{}, []string{"E type /flavor/size"}},
		{"flavor.size/05", "a leading zero is not an integer string", with(t, s(), "/flavor/size", "05"), Options{}, []string{"E type /flavor/size"}},
		{"flavor.size/escaped", "coercion reads the decoded text: \\u0032 is 2", []byte(`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":"\u0032"},"name":"n","charge_info":{"charge_mode":"postPaid"}}`), Options{},
			[]string{"W coerced /flavor/size"}},
		{"flavor.size/space", "a space is not an integer string", with(t, s(), "/flavor/size", " 5"), Options{}, []string{"E type /flavor/size"}},
		{"flavor.size/bool", "a boolean is not an integer", with(t, s(), "/flavor/size", true), Options{}, []string{"E type /flavor/size"}},
		{"flavor.size/enterprise", "size does not apply to enterprise", with(t, e(), "/flavor/size", 5), Options{}, []string{"W not_applicable /flavor/size"}},
		{"flavor.size/enterprise-bad", "a size that does not apply is not checked", with(t, e(), "/flavor/size", "x"), Options{}, []string{"W not_applicable /flavor/size"}},
		// name
		{"name/missing", "name is required", with(t, s(), "/name", del), Options{}, []string{"E required /name"}},
		{"name/empty", "1-64 chars", with(t, s(), "/name", ""), Options{}, []string{"E length /name"}},
		{"name/64", "64 is the maximum", with(t, s(), "/name", long(64, "a")), Options{}, nil},
		{"name/65", "1-64 chars", with(t, s(), "/name", long(65, "a")), Options{}, []string{"E length /name"}},
		{"name/64-cjk", "chars are code points, not bytes", with(t, s(), "/name", long(64, "实")), Options{}, nil},
		{"name/space", "no spaces in a name", with(t, s(), "/name", "my instance"), Options{}, []string{"E pattern /name"}},
		{"name/chinese", "CJK ideographs count as letters", with(t, s(), "/name", "物联网_实例-1"), Options{}, nil},
		{"name/accent", "letters are A-Za-z and CJK only", with(t, s(), "/name", "café"), Options{}, []string{"E pattern /name"}},
		{"name/object", "name is a string", with(t, s(), "/name", map[string]any{}), Options{}, []string{"E type /name"}},
		// charge_info
		{"charge_info/missing", "charge_info is required", with(t, s(), "/charge_info", del), Options{}, []string{"E required /charge_info"}},
		{"charge_info/array", "charge_info is an object", with(t, s(), "/charge_info", []any{}), Options{}, []string{"E type /charge_info"}},
		{"charge_mode/missing", "charge_mode is required; the period is then checked as if prePaid might apply",
			with(t, s(), "/charge_info/charge_mode", del), Options{}, []string{"E required /charge_info/charge_mode"}},
		{"charge_mode/case", "enum values are case-sensitive", with(t, s(), "/charge_info/charge_mode", "prepaid"), Options{},
			[]string{"E enum /charge_info/charge_mode"}},
		{"charge_mode/postPaid", "a standard flavor offers pay-per-use", with(t, s(), "/charge_info", map[string]any{"charge_mode": "postPaid"}), Options{}, nil},
		{"charge_mode/not-offered", "enterprise flavors are yearly/monthly only", with(t, e(), "/charge_info", map[string]any{"charge_mode": "postPaid"}), Options{},
			[]string{"E charge_mode /charge_info/charge_mode"}},
		// period_type
		{"period_type/missing", "required with prePaid", with(t, s(), "/charge_info/period_type", del), Options{}, []string{"E required /charge_info/period_type"}},
		{"period_type/week", "month or year", with(t, s(), "/charge_info/period_type", "week"), Options{}, []string{"E enum /charge_info/period_type"}},
		{"period_type/postPaid", "does not apply to postPaid", with(t, s(), "/charge_info", map[string]any{"charge_mode": "postPaid", "period_type": "month"}), Options{},
			[]string{"W not_applicable /charge_info/period_type"}},
		// period_num
		{"period_num/missing", "required with prePaid", with(t, s(), "/charge_info/period_num", del), Options{}, []string{"E required /charge_info/period_num"}},
		{"period_num/month-9", "month: 1-9", with(t, s(), "/charge_info/period_num", 9), Options{}, nil},
		{"period_num/month-10", "month: 1-9", with(t, s(), "/charge_info/period_num", 10), Options{}, []string{"E range /charge_info/period_num"}},
		{"period_num/year-3", "year: 1-3", with(t, s(), "/charge_info/period_type", "year", "/charge_info/period_num", 3), Options{}, nil},
		{"period_num/year-4", "year: 1-3", with(t, s(), "/charge_info/period_type", "year", "/charge_info/period_num", 4), Options{},
			[]string{"E range /charge_info/period_num"}},
		{"period_num/0", "the minimum is 1", with(t, s(), "/charge_info/period_num", 0), Options{}, []string{"E range /charge_info/period_num"}},
		{"period_num/bad-type-9", "with an invalid period_type the range is 1-9", with(t, s(), "/charge_info/period_type", "week", "/charge_info/period_num", 9), Options{},
			[]string{"E enum /charge_info/period_type"}},
		{"period_num/bad-type-10", "with an invalid period_type the range is 1-9", with(t, s(), "/charge_info/period_type", "week", "/charge_info/period_num", 10), Options{},
			[]string{"E range /charge_info/period_num", "E enum /charge_info/period_type"}},
		{"period_num/string", "an integer string is coerced", with(t, s(), "/charge_info/period_num", "3"), Options{}, []string{"W coerced /charge_info/period_num"}},
		{"period_num/postPaid", "does not apply to postPaid", with(t, s(), "/charge_info", map[string]any{"charge_mode": "postPaid", "period_num": 20}), Options{},
			[]string{"W not_applicable /charge_info/period_num"}},
		// is_auto_renew, is_auto_pay
		{"is_auto_renew/true", "a boolean", with(t, s(), "/charge_info/is_auto_renew", true), Options{}, nil},
		{"is_auto_renew/string", "\"true\" is coerced", with(t, s(), "/charge_info/is_auto_renew", "true"), Options{}, []string{"W coerced /charge_info/is_auto_renew"}},
		{"is_auto_renew/yes", "only \"true\" and \"false\" are coerced", with(t, s(), "/charge_info/is_auto_renew", "yes"), Options{}, []string{"E type /charge_info/is_auto_renew"}},
		{"is_auto_renew/1", "a number is not a boolean", with(t, s(), "/charge_info/is_auto_renew", 1), Options{}, []string{"E type /charge_info/is_auto_renew"}},
		{"is_auto_renew/postPaid", "prePaid only", with(t, s(), "/charge_info", map[string]any{"charge_mode": "postPaid", "is_auto_renew": true}), Options{},
			[]string{"W not_applicable /charge_info/is_auto_renew"}},
		{"is_auto_pay/false", "a boolean", with(t, s(), "/charge_info/is_auto_pay", false), Options{}, nil},
		{"is_auto_pay/TRUE", "coercion is case-sensitive", with(t, s(), "/charge_info/is_auto_pay", "TRUE"), Options{}, []string{"E type /charge_info/is_auto_pay"}},
		{"is_auto_pay/postPaid", "prePaid only", with(t, s(), "/charge_info", map[string]any{"charge_mode": "postPaid", "is_auto_pay": "false"}), Options{},
			[]string{"W not_applicable /charge_info/is_auto_pay"}},
		// promotion_infos
		{"promotion_infos/2048", "at most 2048 chars", with(t, s(), "/charge_info/promotion_infos", long(2048, "p")), Options{}, nil},
		{"promotion_infos/2049", "at most 2048 chars", with(t, s(), "/charge_info/promotion_infos", long(2049, "p")), Options{}, []string{"E length /charge_info/promotion_infos"}},
		{"promotion_infos/2048-chinese", "characters, not bytes: 2048 of them are 6144 bytes", with(t, s(), "/charge_info/promotion_infos", long(2048, "促")), Options{}, nil},
		{"promotion_infos/2049-chinese", "characters, not bytes", with(t, s(), "/charge_info/promotion_infos", long(2049, "促")), Options{}, []string{"E length /charge_info/promotion_infos"}},
		{"promotion_infos/number", "a string", with(t, s(), "/charge_info/promotion_infos", 5), Options{}, []string{"E type /charge_info/promotion_infos"}},
		// description
		{"description/prose", "the page's own example has spaces and a dot", with(t, s(), "/description", "IoTDA instance for production."), Options{}, nil},
		{"description/empty", "0-256 chars", with(t, s(), "/description", ""), Options{}, nil},
		{"description/chinese", "CJK letters and Chinese punctuation", with(t, s(), "/description", "生产环境，物联网。实例、一"), Options{}, nil},
		{"description/whitespace", "tab, LF, CR, FF, VT are white space", with(t, s(), "/description", "a\tb\nc\rd\fe\vf"), Options{}, nil},
		{"description/256", "256 is the maximum", with(t, s(), "/description", long(256, "d")), Options{}, nil},
		{"description/257", "0-256 chars", with(t, s(), "/description", long(257, "d")), Options{}, []string{"E length /description"}},
		{"description/bang", "! is not allowed", with(t, s(), "/description", "great!"), Options{}, []string{"E pattern /description"}},
		// enterprise_project_id
		{"enterprise_project_id/0", "0 is the default enterprise project", with(t, s(), "/enterprise_project_id", "0"), Options{}, nil},
		{"enterprise_project_id/uuid", "a UUID", with(t, s(), "/enterprise_project_id", "d22e47e9-cfad-4254-8a29-d2a56a07681d"), Options{}, nil},
		{"enterprise_project_id/empty", "1-36 chars", with(t, s(), "/enterprise_project_id", ""), Options{}, []string{"E length /enterprise_project_id"}},
		{"enterprise_project_id/37", "1-36 chars", with(t, s(), "/enterprise_project_id", long(37, "a")), Options{}, []string{"E length /enterprise_project_id"}},
		{"enterprise_project_id/upper", "lowercase hex only", with(t, s(), "/enterprise_project_id", "D22E47E9"), Options{}, []string{"E pattern /enterprise_project_id"}},
		// tags
		{"tags/empty", "0-20 items", with(t, s(), "/tags", []any{}), Options{}, nil},
		{"tags/object", "tags is an array", with(t, s(), "/tags", map[string]any{}), Options{}, []string{"E type /tags"}},
		{"tags/21", "at most 20 tags", with(t, s(), "/tags", tags(21)), Options{}, []string{"E length /tags"}},
		{"tags/20", "20 is the maximum", with(t, s(), "/tags", tags(20)), Options{}, nil},
		{"tags/item", "an item is an object", with(t, s(), "/tags", []any{"k"}), Options{}, []string{"E type /tags/0"}},
		{"tags/duplicate", "two tags with one key", with(t, s(), "/tags", []any{map[string]any{"key": "env"}, map[string]any{"key": "a"}, map[string]any{"key": "env", "value": "x"}}), Options{},
			[]string{"E duplicate_tag /tags/2/key"}},
		{"tags/duplicate-invalid", "a repeated key is duplicate_tag even when it breaks a rule of its own", with(t, s(), "/tags", []any{map[string]any{"key": "_sys_x"}, map[string]any{"key": "_sys_x"}}), Options{},
			[]string{"E pattern /tags/0/key", "E pattern /tags/1/key", "E duplicate_tag /tags/1/key"}},
		{"tags/duplicate-not-string", "a key that is not a string has no text to repeat", with(t, s(), "/tags", []any{map[string]any{"key": 1}, map[string]any{"key": 1}}), Options{},
			[]string{"E type /tags/0/key", "E type /tags/1/key"}},
		{"tags/key-missing", "a tag needs a key", with(t, s(), "/tags", []any{map[string]any{"value": "v"}}), Options{}, []string{"E required /tags/0/key"}},
		{"tags/key-empty", "1-128 chars", with(t, s(), "/tags", []any{map[string]any{"key": ""}}), Options{}, []string{"E length /tags/0/key"}},
		{"tags/key-128", "128 is the maximum", with(t, s(), "/tags", []any{map[string]any{"key": long(128, "k")}}), Options{}, nil},
		{"tags/key-129", "1-128 chars", with(t, s(), "/tags", []any{map[string]any{"key": long(129, "k")}}), Options{}, []string{"E length /tags/0/key"}},
		{"tags/key-unicode", "any letter, digits, inner spaces and _.:=+-@", with(t, s(), "/tags", []any{map[string]any{"key": "Zone 区域_1.a:b=c+d-e@f"}}), Options{}, nil},
		{"tags/key-inner-ideographic-space", "an inner space may be any space separator (\\p{Z})", with(t, s(), "/tags", []any{map[string]any{"key": "区域\u3000一"}}), Options{}, nil},
		{"tags/key-arabic-indic-digit", "digits are any Unicode decimal digit (\\p{Nd})", with(t, s(), "/tags", []any{map[string]any{"key": "k\u0663"}}), Options{}, nil},
		{"tags/key-superscript", "numbers are any Unicode number (\\p{N}), as the SDK's pattern says: ² is one", with(t, s(), "/tags", []any{map[string]any{"key": "k\u00b2"}}), Options{}, nil},
		{"tags/value-roman-numeral", "Ⅻ is a number (\\p{Nl})", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": "\u216b"}}), Options{}, nil},
		{"tags/key-fraction-sign", "½ is a number (\\p{No})", with(t, s(), "/tags", []any{map[string]any{"key": "\u00bd"}}), Options{}, nil},
		{"tags/key-symbol", "a currency sign is no letter, number or separator", with(t, s(), "/tags", []any{map[string]any{"key": "k$"}}), Options{}, []string{"E pattern /tags/0/key"}},
		{"tags/duplicate-past-24", "past 24 tags duplicates are found by a set, and still reported", with(t, s(), "/tags", append(tags(29), map[string]any{"key": "k3"})), Options{},
			[]string{"E length /tags", "E duplicate_tag /tags/29/key"}},
		{"tags/key-leading-space", "no white space at either end", with(t, s(), "/tags", []any{map[string]any{"key": " env"}}), Options{}, []string{"E pattern /tags/0/key"}},
		{"tags/key-trailing-space", "no white space at either end", with(t, s(), "/tags", []any{map[string]any{"key": "env\u3000"}}), Options{}, []string{"E pattern /tags/0/key"}},
		{"tags/key-sys", "_sys_ is reserved", with(t, s(), "/tags", []any{map[string]any{"key": "_sys_owner"}}), Options{}, []string{"E pattern /tags/0/key"}},
		{"tags/key-slash", "/ is allowed in values only", with(t, s(), "/tags", []any{map[string]any{"key": "a/b"}}), Options{}, []string{"E pattern /tags/0/key"}},
		{"tags/value-null", "null is a value", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": nil}}), Options{}, nil},
		{"tags/value-empty", "empty is a value", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": ""}}), Options{}, nil},
		{"tags/value-slash", "/ is allowed in values", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": "a/b"}}), Options{}, nil},
		{"tags/value-255", "255 is the maximum", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": long(255, "v")}}), Options{}, nil},
		{"tags/value-256", "0-255 chars", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": long(256, "v")}}), Options{}, []string{"E length /tags/0/value"}},
		{"tags/value-bang", "! is not allowed", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": "a!"}}), Options{}, []string{"E pattern /tags/0/value"}},
		{"tags/value-number", "a string or null", with(t, s(), "/tags", []any{map[string]any{"key": "k", "value": 1}}), Options{}, []string{"E type /tags/0/value"}},
		// additional_params
		{"additional_params/missing", "required for enterprise", with(t, e(), "/additional_params", del), Options{}, []string{"E required /additional_params"}},
		{"additional_params/standard", "does not apply to standard", with(t, s(), "/additional_params", map[string]any{"vpc_id": "X"}), Options{},
			[]string{"W not_applicable /additional_params"}},
		{"additional_params/unknown-instance-type", "with instance_type invalid, nothing depends on it: additional_params is an object, and no more",
			with(t, s(), "/instance_type", "basic", "/additional_params", map[string]any{"x": 1}), Options{}, []string{"E enum /instance_type"}},
		{"additional_params/no-instance-type", "with instance_type missing, the same",
			with(t, s(), "/instance_type", del, "/additional_params", map[string]any{}), Options{}, []string{"E required /instance_type"}},
		{"additional_params/unknown-instance-type-type", "but its own type is still checked",
			with(t, s(), "/instance_type", "basic", "/additional_params", 1), Options{}, []string{"E type /additional_params", "E enum /instance_type"}},
		{"flavor.size/unknown-instance-type", "size is neither required nor ignored, but its bounds hold",
			with(t, s(), "/instance_type", 7, "/flavor/size", 201), Options{}, []string{"E range /flavor/size", "E type /instance_type"}},
		{"period_num/unknown-charge-mode", "with charge_mode invalid, period members are checked by type and bounds only",
			with(t, s(), "/charge_info/charge_mode", "monthly", "/charge_info/period_type", del, "/charge_info/period_num", 10), Options{},
			[]string{"E enum /charge_info/charge_mode", "E range /charge_info/period_num"}},
		{"additional_params/string", "an object", with(t, e(), "/additional_params", "x"), Options{}, []string{"E type /additional_params"}},
		{"vpc_id/missing", "required", with(t, e(), "/additional_params/vpc_id", del), Options{}, []string{"E required /additional_params/vpc_id"}},
		{"vpc_id/upper", "lowercase hex", with(t, e(), "/additional_params/vpc_id", "ABC"), Options{}, []string{"E pattern /additional_params/vpc_id"}},
		{"vpc_id/37", "1-36 chars", with(t, e(), "/additional_params/vpc_id", long(37, "a")), Options{}, []string{"E length /additional_params/vpc_id"}},
		{"subnet_id/missing", "required", with(t, e(), "/additional_params/subnet_id", del), Options{}, []string{"E required /additional_params/subnet_id"}},
		{"subnet_id/empty", "1-36 chars", with(t, e(), "/additional_params/subnet_id", ""), Options{}, []string{"E length /additional_params/subnet_id"}},
		{"security_group_id/missing", "required", with(t, e(), "/additional_params/security_group_id", del), Options{}, []string{"E required /additional_params/security_group_id"}},
		{"security_group_id/g", "g is not hex", with(t, e(), "/additional_params/security_group_id", "g"), Options{}, []string{"E pattern /additional_params/security_group_id"}},
		{"smn_topic_urn/ok", "five non-empty parts", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:cn-north-7:08aaee8ae000d5182f26c00199812345:iotda_instance_create"), Options{}, nil},
		{"smn_topic_urn/4-parts", "five parts", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:cn-north-7:topic"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/empty-part", "non-empty parts", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:r::t"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/6-parts", "five parts, not six", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:r:p:t:x"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/trailing-colon", "the last part is not empty", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:r:p:"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/first", "the first part is urn", with(t, e(), "/additional_params/smn_topic_urn", "arn:smn:r:p:t"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/sms", "the second part is smn", with(t, e(), "/additional_params/smn_topic_urn", "urn:sms:r:p:t"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/chars", "only A-Za-z0-9_-:", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:r:p:t.x"), Options{}, []string{"E pattern /additional_params/smn_topic_urn"}},
		{"smn_topic_urn/257", "1-256 chars", with(t, e(), "/additional_params/smn_topic_urn", "urn:smn:r:p:"+long(245, "t")), Options{}, []string{"E length /additional_params/smn_topic_urn"}},
		{"ciphering_algorithm/sm", "a known algorithm", with(t, e(), "/additional_params/ciphering_algorithm", "SM_ALGORITHM"), Options{}, nil},
		{"ciphering_algorithm/aes", "COMMON_ALGORITHM or SM_ALGORITHM", with(t, e(), "/additional_params/ciphering_algorithm", "AES"), Options{},
			[]string{"E enum /additional_params/ciphering_algorithm"}},
		{"port_info/missing", "required", with(t, e(), "/additional_params/port_info", del), Options{}, []string{"E required /additional_params/port_info"}},
		{"port_info/number", "an object", with(t, e(), "/additional_params/port_info", 443), Options{}, []string{"E type /additional_params/port_info"}},
		{"ports/0", "0 is allowed", with(t, e(), "/additional_params/port_info/app_https_port", 0), Options{}, nil},
		{"ports/65535", "65535 is allowed", with(t, e(), "/additional_params/port_info/app_amqps_port", 65535), Options{}, nil},
		{"ports/65536", "0-65535", with(t, e(), "/additional_params/port_info/app_mqtts_port", 65536), Options{}, []string{"E range /additional_params/port_info/app_mqtts_port"}},
		{"ports/-1", "0-65535", with(t, e(), "/additional_params/port_info/device_coap_port", -1), Options{}, []string{"E range /additional_params/port_info/device_coap_port"}},
		{"ports/string", "an integer string is coerced", with(t, e(), "/additional_params/port_info/device_https_port", "8443"), Options{},
			[]string{"W coerced /additional_params/port_info/device_https_port"}},
		{"ports/word", "not an integer string", with(t, e(), "/additional_params/port_info/device_mqtt_port", "mqtt"), Options{},
			[]string{"E type /additional_params/port_info/device_mqtt_port"}},
		{"ports/tcp-clash", "mqtt and mqtts on one port: both given, both warned", with(t, e(), "/additional_params/port_info/device_mqtt_port", 1883, "/additional_params/port_info/device_mqtts_port", 1883), Options{},
			[]string{"W port_conflict /additional_params/port_info/device_mqtt_port", "W port_conflict /additional_params/port_info/device_mqtts_port"}},
		{"ports/default-clash", "https on mqtts's default port: only the given one is warned", with(t, e(), "/additional_params/port_info/device_https_port", 8883), Options{},
			[]string{"W port_conflict /additional_params/port_info/device_https_port"}},
		{"ports/udp-clash", "coap on coaps's default port", with(t, e(), "/additional_params/port_info/device_coap_port", 5684), Options{},
			[]string{"W port_conflict /additional_params/port_info/device_coap_port"}},
		{"ports/app-vs-device", "application ports do not clash with device ports", with(t, e(), "/additional_params/port_info/app_https_port", 1883), Options{}, nil},
		{"ports/tcp-udp", "a TCP and a UDP protocol may share a number", with(t, e(), "/additional_params/port_info/device_coap_port", 1883), Options{}, nil},
	}
}

// padTo pads a body with white space after its value to n bytes.
func padTo(body string, n int) []byte {
	return []byte(body + strings.Repeat(" ", n-len(body)))
}

func tags(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"key": "k" + strconv.Itoa(i), "value": "v"}
	}
	return out
}

func TestRulesReading(t *testing.T) { runRuleCases(t, readingCases(t)) }

func readingCases(t testing.TB) []ruleCase {
	valid := `{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"n","charge_info":{"charge_mode":"postPaid"}}`
	strict := Options{Strict: true}
	// nested is valid with an unknown member "x" whose value nests objects
	// to a total depth of n (the body itself is level 1).
	nested := func(n int) []byte {
		return []byte(valid[:len(valid)-1] + `,"x":` + strings.Repeat(`{"a":`, n-2) + "{}" + strings.Repeat("}", n-2) + "}")
	}
	return []ruleCase{
		{"case/Name", "names match exactly: Name is unknown and name is missing", []byte(`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"Name":"n","charge_info":{"charge_mode":"postPaid"}}`), Options{},
			[]string{"E required /name", "W unknown_field /Name"}},
		{"escape/enum", "an enum value written with escapes is the value: \\u0073tandard is standard", []byte(strings.Replace(strings.Replace(valid, `"standard"`, `"\u0073tandard"`, 1), `"postPaid"`, `"\u0070ostPaid"`, 1)), Options{}, nil},
		{"unknown/lenient", "unknown members are a warning", []byte(valid[:len(valid)-1] + `,"x-trace":1}`), Options{}, []string{"W unknown_field /x-trace"}},
		{"unknown/strict", "unknown members are an error in strict mode", []byte(valid[:len(valid)-1] + `,"x-trace":1}`), strict, []string{"E unknown_field /x-trace"}},
		{"unknown/escaped", "a pointer escapes ~ and /", []byte(valid[:len(valid)-1] + `,"a/b~c":1}`), Options{}, []string{"W unknown_field /a~1b~0c"}},
		{"unknown/nested", "unknown members are found at any depth", []byte(`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1,"tier":"x"},"name":"n","charge_info":{"charge_mode":"postPaid"}}`), Options{},
			[]string{"W unknown_field /flavor/tier"}},
		{"coerced/strict", "coercion is a type error in strict mode", with(t, standardBase(), "/flavor/size", "2"), strict, []string{"E type /flavor/size"}},
		{"duplicate/root", "the second occurrence is reported", []byte(strings.Replace(valid, `"name":"n"`, `"name":"n","name":"m"`, 1)), Options{},
			[]string{"E duplicate_key /name"}},
		{"duplicate/first-counts", "the rules read the first occurrence: a bad second value is not checked", []byte(strings.Replace(valid, `"name":"n"`, `"name":"n","name":"bad name!"`, 1)), Options{},
			[]string{"E duplicate_key /name"}},
		{"duplicate/others", "every other problem is still reported", []byte(`{"name":"a","name":"b","instance_type":5}`), Options{},
			[]string{"E duplicate_key /name", "E type /instance_type", "E required /flavor", "E required /charge_info"}},
		{"duplicate/nested", "at any depth", []byte(valid[:len(valid)-1] + `,"x":{"y":[{"k":1,"k":2}]}}`), Options{},
			[]string{"E duplicate_key /x/y/0/k", "W unknown_field /x"}},
		{"duplicate/escaped", "names compare decoded: \\u006e is n", []byte(strings.Replace(valid, `"name":"n"`, `"name":"n","\u006eame":"m"`, 1)), Options{},
			[]string{"E duplicate_key /name"}},
		{"duplicate/all", "every duplicate is reported", []byte(valid[:len(valid)-1] + `,"a":1,"a":2,"b":{"c":1,"c":2}}`), Options{},
			[]string{"E duplicate_key /a", "E duplicate_key /b/c", "W unknown_field /a", "W unknown_field /b"}},
		{"utf8/invalid", "invalid UTF-8 is an error, not replaced", []byte("{\"name\":\"a\xffb\"}"), Options{}, []string{"E encoding /name"}},
		{"utf8/outside-a-string", "a byte that is not UTF-8 is an encoding error wherever it stands", []byte("{\"a\":1,\xff}"), Options{}, []string{"E encoding "}},
		{"utf8/surrogate", "a lone surrogate is not a character", []byte(`{"name":"\ud800"}`), Options{}, []string{"E encoding /name"}},
		{"utf8/pair", "a surrogate pair is one character", []byte(valid[:len(valid)-1] + `,"description":"\ud83d\ude00"}`), Options{}, []string{"E pattern /description"}},
		{"syntax/empty", "an empty body", []byte(""), Options{}, []string{"E syntax "}},
		{"syntax/trailing", "one top-level value", []byte(valid + ` {}`), Options{}, []string{"E syntax "}},
		{"syntax/trailing-invalid-utf8", "anything after the value is syntax at \"\", invalid UTF-8 too", []byte(valid + "\xff"), Options{}, []string{"E syntax "}},
		{"syntax/trailing-after-space", "the same after white space", []byte(valid + " \xc3\x28"), Options{}, []string{"E syntax "}},
		{"syntax/leading-zero", "02 has a leading zero: syntax at the member that holds it", []byte(`{"flavor":{"size":02}}`), Options{}, []string{"E syntax /flavor/size"}},
		{"syntax/leading-zero-negative", "-01 too", []byte(`{"flavor":{"size":-01}}`), Options{}, []string{"E syntax /flavor/size"}},
		{"syntax/leading-zero-root", "a body that is a number", []byte(`00`), Options{}, []string{"E syntax "}},
		{"syntax/zero-fraction", "0.5 has no leading zero", with(t, standardBase(), "/flavor/size", 0.5), Options{}, []string{"E type /flavor/size"}},
		{"syntax/truncated", "the body ends early", []byte(valid[:40]), Options{}, []string{"E syntax /flavor"}},
		{"syntax/comma", "a trailing comma", []byte(`{"name":"n",}`), Options{}, []string{"E syntax "}},
		{"syntax/single-quote", "not JSON", []byte(`{'name':'n'}`), Options{}, []string{"E syntax "}},
		{"syntax/bom", "no byte order mark", append([]byte("\xef\xbb\xbf"), valid...), Options{}, []string{"E syntax "}},
		{"syntax/control", "a raw control character in a string", []byte("{\"name\":\"a\tb\"}"), Options{}, []string{"E syntax /name"}},
		{"root/array", "the body is an object", []byte(`[]`), Options{}, []string{"E type "}},
		{"root/null", "the body is an object", []byte(`null`), Options{}, []string{"E type "}},
		{"too_large", "nothing is read past the limit", []byte(valid), Options{MaxBytes: 10}, []string{"E too_large "}},
		{"too_large/exactly", "a body of exactly the limit is read", []byte(valid), Options{MaxBytes: len(valid)}, nil},
		{"too_large/one-more", "one byte more is too large", []byte(valid + " "), Options{MaxBytes: len(valid)}, []string{"E too_large "}},
		{"too_large/default", "the default limit is 1 MiB: 1,048,576 bytes are read", padTo(valid, 1048576), Options{}, nil},
		{"too_large/default-past", "and 1,048,577 are too large", padTo(valid, 1048577), Options{}, []string{"E too_large "}},
		{"too_deep/default", "the default depth is 32", nested(32), Options{}, []string{"W unknown_field /x"}},
		{"too_deep/default-past", "33 is too deep", nested(33), Options{}, []string{"E too_deep /x" + strings.Repeat("/a", 31)}},
		{"too_deep", "reported at the container past the limit", []byte(`{"a":{"b":[{"c":1}]}}`), Options{MaxDepth: 3}, []string{"E too_deep /a/b/0"}},
		{"too_deep/ok", "exactly the limit is fine", []byte(valid[:len(valid)-1] + `,"x":{"y":{}}}`), Options{MaxDepth: 3}, []string{"W unknown_field /x"}},
		{"order", "problems come in document order", []byte(`{"name":"","instance_type":"x","flavor":{"type":"?"},"charge_info":{"charge_mode":"y"}}`), Options{},
			[]string{"E length /name", "E enum /instance_type", "E pattern /flavor/type", "E enum /charge_info/charge_mode"}},
	}
}

func TestRulesParams(t *testing.T) {
	body := with(t, standardBase())
	p := func(project string, token *string) Options {
		o := Options{Params: &Params{ProjectID: project}}
		if token != nil {
			o.Params.AuthToken, o.Params.HasAuthToken = *token, true
		}
		return o
	}
	ok, huge := "t", strings.Repeat("t", authTokenMaxLen+1)
	runRuleCases(t, []ruleCase{
		{"project_id/ok", "32 hex chars", body, p("08aaee8ae000d5182f26c00199812345", &ok), nil},
		{"project_id/missing", "required", body, p("", nil), []string{"E required pathproject_id"}},
		{"project_id/65", "1-64 chars", body, p(strings.Repeat("a", 65), nil), []string{"E length pathproject_id"}},
		{"project_id/chars", "A-Za-z0-9-", body, p("a_b", nil), []string{"E pattern pathproject_id"}},
		{"token/max", "1,024,000 chars is the maximum", body, p("p", &[]string{strings.Repeat("t", authTokenMaxLen)}[0]), nil},
		{"token/too-long", "at most 1,024,000 chars", body, p("p", &huge), []string{"E length headerX-Auth-Token"}},
		{"token/max-in-characters", "characters, not bytes: 1,024,000 of é are twice as many bytes", body, p("p", &[]string{strings.Repeat("é", authTokenMaxLen)}[0]), nil},
		{"project_id/64-in-characters", "64 characters fit the length (é then fails the pattern, not the length)", body, p(strings.Repeat("é", 64), nil), []string{"E pattern pathproject_id"}},
		{"params/first", "parameters come before the body's problems", with(t, standardBase(), "/name", ""), p("", nil),
			[]string{"E required pathproject_id", "E length /name"}},
	})
	r := Check(body, p("p", &huge))
	assert.NotContains(t, r.Errors[0].Message, "ttt", "a message never echoes the token")
}
