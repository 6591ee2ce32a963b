package gateway

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/core"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

func TestParseConfig(t *testing.T) {
	def, err := ParseConfig(nil)
	if err != nil || def.MaxBodyBytes != core.DefaultMaxBytes || !def.FillDefaults || def.FailOpen || def.Strict {
		t.Fatalf("defaults: %+v %v", def, err)
	}
	c, err := ParseConfig([]byte(`{"strict":true,"max_body_bytes":4096,"fill_defaults":false,"fail_open":true,"lang":"zh"}`))
	if err != nil || !c.Strict || c.MaxBodyBytes != 4096 || c.FillDefaults || !c.FailOpen || c.Lang != core.Chinese {
		t.Fatalf("full: %+v %v", c, err)
	}
	for _, tc := range []struct{ config, why string }{
		{`{"fail_closed":true}`, "unknown member: a typo must not silently mean the default"},
		{`{"max_body_bytes":0}`, "a limit of 0 would reject every body"},
		{`{"max_body_bytes":4194305}`, "above MaxBodyLimit: more than any check reads"},
		{`{"lang":"fr"}`, "no such language"},
		{`{"strict":"yes"}`, "wrong type"},
		{`{} {}`, "two values"},
		{`{"catalog":{"flavors":"none"}}`, "a malformed catalog"},
	} {
		if _, err := ParseConfig([]byte(tc.config)); err == nil {
			t.Errorf("%s accepted; want an error (%s)", tc.config, tc.why)
		}
	}
}

// A host whose configuration is text hands every option as a string:
// Traefik's file provider, YAML and TOML alike, turns fail_open: true into
// "true", and a catalog's max_units into "200". Those read as their types;
// any other string is an error naming the member.
func TestParseConfigHostStrings(t *testing.T) {
	catalog := `"catalog":{"currency":"EUR","flavors":[{"type":"iotda.standard.s1","instance_type":"standard",` +
		`"charge_modes":["prePaid"],"max_units":"200","price":{"month":"10"}}]}`
	for _, tc := range []struct {
		config, why string
		want        Config
	}{
		{`{"fail_open":"true","max_body_bytes":"4194304"}`, "the issue's own example, from Traefik's YAML",
			Config{FailOpen: true, MaxBodyBytes: 4 << 20, FillDefaults: true}},
		{`{"strict":"true","fill_defaults":"false","lang":"zh"}`, "every boolean as a string",
			Config{Strict: true, MaxBodyBytes: core.DefaultMaxBytes, Lang: core.Chinese}},
		{`{"fail_open":"false","strict":"false"}`, `"false" is false, not merely present`,
			Config{MaxBodyBytes: core.DefaultMaxBytes, FillDefaults: true}},
		{`{"fail_open":true,"max_body_bytes":4096}`, "JSON types still read as before",
			Config{FailOpen: true, MaxBodyBytes: 4096, FillDefaults: true}},
	} {
		got, err := ParseConfig([]byte(tc.config))
		require.NoError(t, err, tc.why)
		require.Equal(t, tc.want, got, tc.why)
	}
	c, err := ParseConfig([]byte(`{` + catalog + `}`))
	require.NoError(t, err, "the catalog's max_units as a string")
	require.Equal(t, 200, c.Catalog.Flavors[0].MaxUnits)

	for _, tc := range []struct{ config, want, why string }{
		{`{"fail_open":"yes"}`, `gateway config: fail_open "yes" must be true or false`, "only true and false are booleans"},
		{`{"fail_open":"True"}`, `gateway config: fail_open "True" must be true or false`, "spelled exactly, as JSON spells them"},
		{`{"fail_open":1}`, `gateway config: fail_open "1" must be true or false`, "a number is not a boolean"},
		{`{"max_body_bytes":"4k"}`, `gateway config: max_body_bytes "4k" must be a whole number from 1 to 4194304`, "digits only"},
		{`{"max_body_bytes":"-1"}`, `gateway config: max_body_bytes "-1" must be a whole number`, "no sign"},
		{`{"max_body_bytes":" 4096"}`, `gateway config: max_body_bytes " 4096" must be a whole number`, "no space"},
		{`{"max_body_bytes":"0"}`, `gateway config: max_body_bytes "0" must be a whole number from 1`, "in range as a number would be"},
		{`{"max_body_bytes":true}`, `gateway config: max_body_bytes "true" must be a whole number`, "a boolean is not a number"},
		{`{"strict":"on"}`, `gateway config: strict "on" must be true or false`, "a core member, read the same way"},
		{`{"lang":"fr"}`, `gateway config: lang "fr" must be "en" or "zh"`, "no such language"},
		{`{` + strings.Replace(catalog, `"200"`, `"lots"`, 1) + `}`, `gateway config: catalog: flavors[0].max_units: the string "lots", not a whole number from 1 to 200`, "the catalog names its own member"},
	} {
		_, err := ParseConfig([]byte(tc.config))
		require.Error(t, err, tc.why)
		require.Contains(t, err.Error(), tc.want, tc.why)
	}
}

// Member names are exact and appear once, as in every document the core
// reads: encoding/json alone would take "FAIL_OPEN" for "fail_open".
func TestParseConfigNamesAreExact(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{`{"fail_open":false,"FAIL_OPEN":true}`, `unknown member "FAIL_OPEN"`},
		{`{"Strict":true}`, `unknown member "Strict"`},
		{`{"strict":false,"strict":true}`, `member "strict" appears twice`},
		{`[]`, "gateway config must be an object"},
	} {
		_, err := ParseConfig([]byte(tc.config))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want one containing %q", tc.config, err, tc.want)
		}
	}
}

// A body with more problems than a client can use gets the first
// maxReported, and error_msg says how many there were.
func TestRejectionListsAtMostMaxReported(t *testing.T) {
	problems := make([]core.Problem, 1000)
	for i := range problems {
		problems[i] = core.Problem{Path: "/tags/" + strconv.Itoa(i) + "/key", Code: core.CodeDuplicateTag, Message: "m"}
	}
	var got errorBody
	if err := json.Unmarshal(first(rejection(problems, core.English)), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) != maxReported || got.Errors[0] != problems[0] {
		t.Errorf("%d errors listed, first %v; want the first %d", len(got.Errors), got.Errors[0], maxReported)
	}
	if !strings.Contains(got.Msg, "1000 problems in all; errors lists the first 100") {
		t.Errorf("error_msg %q does not say how many there were", got.Msg)
	}
}

// With lang zh the whole error_msg is Chinese: the API's sentence, the
// count of the other problems and the body's name, not only the core's
// message of the first problem.
func TestRejectionInChinese(t *testing.T) {
	one := core.Problem{Path: "/name", Code: core.CodeLength, Message: "名称过长"}
	syntax := core.Problem{Path: "", Code: core.CodeSyntax, Message: "不是 JSON"}
	many := make([]core.Problem, 150)
	for i := range many {
		many[i] = one
	}
	for _, tc := range []struct {
		problems []core.Problem
		want     string
	}{
		{[]core.Problem{one}, "输入数据无效。/name：名称过长"},
		{[]core.Problem{one, one, one}, "输入数据无效。/name：名称过长（另有 2 个问题，见 errors）"},
		{[]core.Problem{syntax}, "请求体不是有效的 JSON。请求体：不是 JSON"},
		{many, "输入数据无效。/name：名称过长（共 150 个问题，errors 列出前 100 个）"},
	} {
		var got errorBody
		require.NoError(t, json.Unmarshal(first(rejection(tc.problems, core.Chinese)), &got))
		require.Equal(t, tc.want, got.Msg)
	}
	c := Config{MaxBodyBytes: 10, Lang: core.Chinese}
	for _, v := range []Verdict{c.TooLarge(), c.Failure("x")} {
		var got errorBody
		require.NoError(t, json.Unmarshal(v.ResponseBody, &got))
		require.NotRegexp(t, "[A-Za-z]{3,}", got.Msg, "an English word left in a Chinese answer")
	}
}

// The counters a proxy-wasm host keeps as stats, and the log line of a
// failure, follow from the verdict.
func TestCounters(t *testing.T) {
	closed := Config{MaxBodyBytes: 1000, FillDefaults: true}
	open := Config{MaxBodyBytes: 1000, FailOpen: true}
	valid := closed.Decide(&Request{Body: gt.Minimal, Route: Route{ProjectID: gt.ProjectID}})
	invalid := closed.Decide(&Request{Body: gt.NotJSON, Route: Route{ProjectID: gt.ProjectID}})
	for _, tc := range []struct {
		name string
		v    Verdict
		want []string
		log  string
	}{
		{"valid: checked", valid, []string{"checked"}, ""},
		{"invalid: checked and rejected by its code", invalid, []string{"checked", "rejected.IOTDA_000008"}, ""},
		{"too large, closed: not checked, rejected", closed.TooLarge(), []string{"rejected.IOTDA_000006"}, ""},
		{"too large, open: skipped", open.TooLarge(), []string{"skipped.too_large"}, ""},
		{"encoded, closed", first2(closed.Unreadable("gzip")), []string{"rejected.PREFLIGHT_000415"}, ""},
		{"encoded, open", first2(open.Unreadable("gzip")), []string{"skipped.content_encoding"}, ""},
		{"failure, closed", closed.Failure("boom"), []string{"failed", "rejected.PREFLIGHT_000500"}, "iotda-preflight: plugin failure: boom (failing closed: answered 500)"},
		{"failure, open", open.Failure("boom"), []string{"failed", "skipped.failure"}, "iotda-preflight: plugin failure: boom (failing open: forwarded unchecked)"},
	} {
		require.Equal(t, tc.want, tc.v.Counters(), tc.name)
		require.Equal(t, tc.log, tc.v.Log, tc.name)
	}
}

func first2(v Verdict, _ bool) Verdict { return v }

// The routes Match returns, by API.
func createOf(project string) Route { return Route{API: core.APICreate, ProjectID: project} }
func resizeOf(project, instance string) Route {
	return Route{API: core.APIResize, ProjectID: project, InstanceID: instance}
}
func changeOf(project, instance string) Route {
	return Route{API: core.APIChangeChargeMode, ProjectID: project, InstanceID: instance}
}

func TestMatch(t *testing.T) {
	const id = "8d3f0c3c-5b5a-4c8e-9e3f-0123456789ab"
	none := Route{}
	for _, tc := range []struct {
		method, uri string
		want        Route // none: not matched
		why         string
	}{
		// create
		{"POST", "/v5/iot/abc123/iotda-instances", createOf("abc123"), "the route as the API documents it"},
		{"POST", "/v5/iot/abc123/iotda-instances?x=1", createOf("abc123"), "the query is not the path"},
		{"POST", "/v5/iot/abc123/iotda-instances/", createOf("abc123"), "a trailing slash cannot bypass the check"},
		{"POST", "/v5/iot/a%2Db/iotda-instances", createOf("a-b"), "percent-decoded"},
		{"POST", "/v5/iot/a%2Fb/iotda-instances", createOf("a/b"), "decoded within its segment: the check rejects the slash"},
		{"POST", "/v5/iot/p/iotda%2Dinstances", createOf("p"), "every segment is decoded, as backends decode it"},
		{"POST", "/v5/iot/p/iotda-instance%73", createOf("p"), "likewise"},
		{"POST", "/%765/iot/p/iotda-instances", createOf("p"), "likewise"},
		{"POST", "/v5//iot/p/iotda-instances", createOf("p"), "repeated slashes are merged"},
		{"POST", "//v5/iot/p/iotda-instances", createOf("p"), "likewise"},
		{"POST", "/v5/iot/p//iotda-instances", createOf("p"), "likewise"},
		{"POST", "/v5/iot/abc123/iotda-instances//", createOf("abc123"), "likewise"},
		{"POST", "/v5/iot/p/./iotda-instances", createOf("p"), "dot segments are resolved"},
		{"POST", "/v5/iot/x/../p/iotda-instances", createOf("p"), "likewise"},
		{"POST", "/v5/iot/p/iotda-instances;x=1", createOf("p"), "matrix parameters are dropped"},
		{"POST", "/V5/IOT/p/IOTDA-INSTANCES", createOf("p"), "a case-insensitive backend routes it too"},
		{"POST", "/v5/iot//iotda-instances", createOf(""), "with the empty segment kept (a router that does not merge slashes), an empty project_id: the check reports it required"},
		{"POST", "/v5/iot/;x=1/iotda-instances", createOf(""), "likewise: a segment of matrix parameters alone is empty"},
		{"GET", "/v5/iot/abc123/iotda-instances", none, "only creation is checked"},
		{"post", "/v5/iot/abc123/iotda-instances", none, "methods are case-sensitive"},
		{"POST", "/v5/iot/abc123/iotda-instances/x", none, "another resource"},
		{"POST", "/v5/iot/a/b/iotda-instances", none, "two segments"},
		{"POST", "/v5/iot/iotda-instances", none, "no project segment"},
		{"POST", "/v3/iot/abc123/iotda-instances", none, "another API version"},
		{"POST", "/v5/iot/abc123/iotda-instancesX", none, "not the suffix"},
		{"POST", "http://h/v5/iot/abc123/iotda-instances", none, "hosts give the path, not an absolute URI"},
		{"POST", "/v5/iot/p/iotda-instances/../../q/iotda-instances", createOf("q"), "resolved before matching"},
		{"POST", "/v5/iot/p/iotda-instances/x/..", createOf("p"), "a longer path that comes back to the route"},
		{"POST", "/v5/iot/p/iotda-instances/x/y/%2e%2e/..", createOf("p"), "likewise, decoded dots included"},
		{"POST", "/a/b/c/d/e/f/../../../../../../v5/iot/p/iotda-instances", createOf("p"), "likewise, from deeper than the route"},
		{"POST", "/v5/iot/p/iotda-instances/x/y/..", none, "still one segment too many"},
		{"POST", "/v5/iot/p/iotda-instances%2F", createOf("p"), "a router that decodes before matching sees a trailing slash"},
		{"POST", "/v5%2Fiot/p/iotda-instances", createOf("p"), "and a separator"},
		{"POST", "/v5/iot/p/iotda-instances/x%2f..", createOf("p"), "and a \"..\" of its own"},
		{"POST", "/v5/iot/p%2F/iotda-instances", createOf("p/"), "kept in its segment first: the check rejects the project_id"},

		// resize and change-charge-mode
		{"POST", "/v5/iot/p/iotda-instances/" + id + "/resize", resizeOf("p", id), "the route as the API documents it"},
		{"POST", "/v5/iot/p/iotda-instances/" + id + "/change-charge-mode", changeOf("p", id), "likewise"},
		{"POST", "/v5/iot/p/iotda-instances/i/resize?x=1#f", resizeOf("p", "i"), "the query and fragment are not the path"},
		{"POST", "/v5/iot/p/iotda-instances/i/resize/", resizeOf("p", "i"), "a trailing slash cannot bypass the check"},
		{"POST", "/v5/iot/p/iotda-instances/i/change-charge-mode//", changeOf("p", "i"), "nor two"},
		{"POST", "/v5/iot/p/iotda-instances/a%2Db/resize", resizeOf("p", "a-b"), "the instance_id percent-decoded"},
		{"POST", "/v5/iot/p/iotda-instances/i/resiz%65", resizeOf("p", "i"), "every fixed segment is decoded too"},
		{"POST", "/v5/iot/p/iotda-instances/i/change%2Dcharge%2Dmode", changeOf("p", "i"), "likewise"},
		{"POST", "/v5/iot/p/iotda-instances/i;v=1/resize;x", resizeOf("p", "i"), "matrix parameters are dropped, from the instance_id too"},
		{"POST", "/V5/IoT/p/IOTDA-Instances/I/RESIZE", resizeOf("p", "I"), "fixed segments in any case; the instance_id as sent, which the check rejects"},
		{"POST", "/v5/iot/p/iotda-instances/i/Change-Charge-Mode", changeOf("p", "i"), "likewise"},
		{"POST", "//v5//iot/p///iotda-instances/i//resize", resizeOf("p", "i"), "repeated slashes are merged"},
		{"POST", "/v5/iot/p/./iotda-instances/i/./resize/.", resizeOf("p", "i"), "dot segments are resolved"},
		{"POST", "/v5/iot/p/iotda-instances/x/../i/resize", resizeOf("p", "i"), "likewise: the instance_id is the segment that stays"},
		{"POST", "/v5/iot/p/iotda-instances/i/resize/x/..", resizeOf("p", "i"), "a longer path that comes back to the route"},
		{"POST", "/v5/iot/p/iotda-instances/i/x/../change-charge-mode", changeOf("p", "i"), "likewise, in the middle"},
		{"POST", "/v5/iot/p/iotda-instances/i/resize/..", none, "resolved, the instance itself, which has no POST route"},
		{"POST", "/v5/iot/p/iotda-instances/a%2Fb/resize", resizeOf("p", "a/b"), "a decoded slash kept in its segment: the check rejects the instance_id"},
		{"POST", "/v5/iot/p/iotda-instances/i%2Fresize", resizeOf("p", "i"), "and, failing that, a separator"},
		{"POST", "/v5/iot/p/iotda-instances%2Fi%2Fchange-charge-mode", changeOf("p", "i"), "likewise"},
		{"POST", "/v5/iot/p/iotda-instances/%2F/resize", resizeOf("p", "/"), "a decoded slash alone is an instance_id the check rejects"},
		{"POST", "/v5/iot/p/iotda-instances//resize", resizeOf("p", ""), "with the empty segment kept (a router that does not merge slashes), an empty instance_id: the check reports it required"},
		{"POST", "/v5/iot/p/iotda-instances/;x/change-charge-mode", changeOf("p", ""), "likewise: a segment of matrix parameters alone is empty"},
		{"POST", "/v5/iot/p/iotda-instances//resize/", resizeOf("p", ""), "likewise, with a trailing slash"},
		{"POST", "/v5/iot//iotda-instances//resize", resizeOf("", ""), "both parameters empty"},
		{"POST", "/v5/iot/p/iotda-instances/%2F%2Fresize", none, "kept, one segment too few; as separators, three slashes: two empty segments, not one instance_id"},
		{"POST", "/v5/iot/p/iotda-instances%2F%2Fresize", resizeOf("p", ""), "decoded slashes as separators, the empty segment kept"},
		{"POST", "/v5/iot/p/iotda-instances/i/x//../../resize", resizeOf("p", "i"), "with empty segments kept, \"..\" removes the empty one first, as RFC 3986 resolves it"},
		{"POST", "/v5/iot/p/iotda-instances///resize", none, "two empty segments are not one instance_id"},
		{"POST", "/v5/iot/p/iotda-instances/i/resize/extra", none, "a longer path: another resource"},
		{"POST", "/v5/iot/p/iotda-instances/i/resize/x/y/..", none, "still one segment too many"},
		{"POST", "/v5/iot/p/iotda-instances/i/j/resize", none, "two segments where the instance_id goes"},
		{"POST", "/v5/iot/p/iotda-instances/resize", none, "no instance_id: the API has no such POST route"},
		{"POST", "/v5/iot/p/iotda-instances/i/resizes", none, "not the route's last segment"},
		{"POST", "/v5/iot/p/iotda-instances/i/change_charge_mode", none, "likewise"},
		{"POST", "/v5/iot/p/iotda-instances/i/change-charge-mode-x", none, "likewise"},
		{"POST", "/v5/iot/p/iotda-instance/i/resize", none, "the collection's name is exact"},
		{"POST", "/v5/iot/p/devices/i/resize", none, "another collection"},
		{"POST", "/v3/iot/p/iotda-instances/i/resize", none, "another API version"},
		{"GET", "/v5/iot/p/iotda-instances/i/resize", none, "only the POST is checked"},
		{"PUT", "/v5/iot/p/iotda-instances/i/change-charge-mode", none, "likewise"},
		{"post", "/v5/iot/p/iotda-instances/i/resize", none, "methods are case-sensitive"},
		{"POST", "/v5/iot/p/iotda-instances/i", none, "the instance itself: no POST route of the API"},
	} {
		got, ok := Match(tc.method, tc.uri)
		if ok != (tc.want != none) || got != tc.want {
			t.Errorf("Match(%s %s) = %+v, %v; want %+v (%s)", tc.method, tc.uri, got, ok, tc.want, tc.why)
		}
	}
}

// fake replaces the check for one test.
func fake(t *testing.T, fn func([]byte, core.Options) *core.Result) {
	t.Helper()
	check = fn
	t.Cleanup(func() { check = core.Check })
}

func header(hs []Header, name string) (string, bool) {
	for _, h := range hs {
		if h.Name == name {
			return h.Value, true
		}
	}
	return "", false
}

func TestDecideValid(t *testing.T) {
	var seen core.Options
	fake(t, func(body []byte, o core.Options) *core.Result {
		seen = o
		return &core.Result{Valid: true, Request: core.RawJSON(`{"filled":true}`),
			Defaults: []string{"/a", "/b/c"}, Estimate: &core.Estimate{Priced: false, Currency: "USD"}}
	})
	c, _ := ParseConfig([]byte(`{"strict":true}`))
	v := c.Decide(&Request{Body: []byte(`{}`), Route: Route{ProjectID: "p1"}, AuthToken: "secret", HasAuthToken: true})
	if !v.Forward || string(v.Body) != `{"filled":true}` {
		t.Fatalf("verdict %+v", v)
	}
	if !seen.Strict || seen.MaxBytes != core.DefaultMaxBytes || seen.Params == nil ||
		seen.Params.ProjectID != "p1" || !seen.Params.HasAuthToken {
		t.Errorf("options %+v", seen)
	}
	if d, _ := header(v.RequestHeaders, HeaderDefaults); d != "/a,/b/c" {
		t.Errorf("defaults header %q", d)
	}
	if s, ok := header(v.RequestHeaders, HeaderSkipped); !ok || s != "" {
		t.Errorf("a checked request must lose a client's %s: %q %v", HeaderSkipped, s, ok)
	}
	if len(v.ResponseHeaders) != 0 {
		t.Errorf("response headers %v: the estimate goes on success only", v.ResponseHeaders)
	}
	if e, _ := header(v.SuccessHeaders, HeaderEstimate); e != Unpriced {
		t.Errorf("estimate %q, want %q for an unpriced estimate", e, Unpriced)
	}
	if cur, ok := header(v.SuccessHeaders, HeaderCurrency); !ok || cur != "" {
		t.Errorf("currency %q, %v: want it removed when unpriced", cur, ok)
	}

	c.FillDefaults = false
	v = c.Decide(&Request{Body: []byte(`{}`)})
	if !v.Forward || v.Body != nil {
		t.Errorf("pass-through verdict changes the body: %+v", v)
	}
	if d, ok := header(v.RequestHeaders, HeaderDefaults); !ok || d != "" {
		t.Errorf("pass-through must remove a client's %s, got %q %v", HeaderDefaults, d, ok)
	}
}

// A matched route is checked as its request, with its instance_id; only
// create's response is priced, and the other two fill their defaults under
// the same rules as create.
func TestDecideRoutes(t *testing.T) {
	resize, change := Route{core.APIResize, gt.ProjectID, gt.InstanceID}, Route{core.APIChangeChargeMode, gt.ProjectID, gt.InstanceID}
	type problem struct{ in, path, code string }
	for _, tc := range []struct {
		name     string
		route    Route
		body     []byte
		signed   bool
		fixed    int // the host keeps this length (0: it frames the new body)
		problems []problem
		sent     bool   // forwarded as sent
		defaults string // X-Preflight-Defaults of a forwarded request
		priced   bool   // the success headers carry an estimate
		why      string
	}{
		{"create", createOf(gt.ProjectID), gt.Minimal, false, 0, nil, false, "/charge_info/is_auto_renew,/charge_info/is_auto_pay,/enterprise_project_id", true,
			"create is priced from its body alone"},
		{"resize", resize, gt.Resize, false, 0, nil, false, "/delay", false,
			"filled as create is; not priced: that needs the instance as it is now, which the plugin does not know"},
		{"change-charge-mode", change, gt.ChangeChargeMode, false, 0, nil, false, "/is_auto_renew,/is_auto_pay", false, "likewise"},
		{"resize, signed", resize, gt.Resize, true, 0, nil, true, "", false,
			"AK/SK signs the body: forwarded byte for byte, as create is"},
		{"change-charge-mode, a host that keeps the length", change, gt.ChangeChargeMode, false, len(gt.ChangeChargeMode), nil, true, "", false,
			"the filled body is longer than the one sent: it goes on as sent, as create's does"},
		{"resize, a host that keeps a longer length", resize, gt.Resize, false, 100, nil, false, "/delay", false,
			"the filled body is padded to the length the host keeps"},
		{"resize, empty instance_id", Route{core.APIResize, gt.ProjectID, ""}, gt.Resize, false, 0,
			[]problem{{"path", "instance_id", "required"}}, false, "", false, "the path's instance_id is checked"},
		{"resize, bad instance_id and size", Route{core.APIResize, gt.ProjectID, "NOT-HEX"},
			[]byte(`{"flavor":{"type":"iotda.standard.s1","size":0}}`), false, 0,
			[]problem{{"path", "instance_id", "pattern"}, {"", "/flavor/size", "range"}}, false, "", false, "the path's problems first, then the body's"},
		{"change-charge-mode, a resize body", change, gt.Resize, false, 0,
			[]problem{{"", "/period_type", "required"}, {"", "/period_num", "required"}}, false, "", false,
			"checked by the route's rules, not create's nor resize's (/flavor is an unknown member: a warning)"},
		{"create, an instance_id it has none of", Route{core.APICreate, gt.ProjectID, "NOT-HEX"}, gt.Minimal, false, 0, nil, false,
			"/charge_info/is_auto_renew,/charge_info/is_auto_pay,/enterprise_project_id", true, "create ignores an instance_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := ParseConfig(nil)
			r := Request{Body: tc.body, Route: tc.route, FixedLength: tc.fixed != 0, Length: tc.fixed}
			if tc.signed {
				r.Authorization = gt.Signature
			}
			v := c.Decide(&r)
			if tc.problems != nil {
				require.False(t, v.Forward, tc.why)
				require.Equal(t, 400, v.Status, tc.why)
				var got []problem
				for _, p := range decodeAnswer(t, v).Errors {
					got = append(got, problem{p.In, p.Path, string(p.Code)})
				}
				require.Equal(t, tc.problems, got, tc.why)
				require.Empty(t, v.SuccessHeaders, tc.why)
				return
			}
			require.True(t, v.Forward, "%s: %s", tc.why, v.ResponseBody)
			d, _ := header(v.RequestHeaders, HeaderDefaults)
			require.Equal(t, tc.defaults, d, tc.why)
			if tc.sent {
				require.Nil(t, v.Body, tc.why)
			} else {
				require.NotNil(t, v.Body, tc.why)
				require.Empty(t, gt.SameExceptDefaults(tc.body, v.Body, d), tc.why)
			}
			_, priced := header(v.SuccessHeaders, HeaderEstimate)
			require.Equal(t, tc.priced, priced, tc.why)
			require.Equal(t, tc.priced, len(v.SuccessHeaders) > 0, "%s: no currency without an estimate", tc.why)
		})
	}
}

// The check gets the route's API and its instance_id.
func TestDecidePassesTheRoute(t *testing.T) {
	var seen core.Options
	fake(t, func(_ []byte, o core.Options) *core.Result { seen = o; return &core.Result{Valid: true} })
	c, _ := ParseConfig(nil)
	c.Decide(&Request{Body: []byte(`{}`), Route: Route{core.APIChangeChargeMode, "p", "i"}})
	require.Equal(t, core.APIChangeChargeMode, seen.API)
	require.Equal(t, core.Params{ProjectID: "p", InstanceID: "i"}, *seen.Params)
	require.Nil(t, seen.Current, "the plugin does not know the instance as it is now")
}

// filled is the body fakeFilled's check fills (15 bytes).
const filled = `{"filled":true}`

// fakeFilled makes the check find every body valid and fill it as filled,
// with one default, /a.
func fakeFilled(t *testing.T) {
	fake(t, func([]byte, core.Options) *core.Result {
		return &core.Result{Valid: true, Request: core.RawJSON(filled), Defaults: []string{"/a"},
			Estimate: &core.Estimate{Priced: false, Currency: "USD"}}
	})
}

func TestDecideFixedLength(t *testing.T) {
	fakeFilled(t)
	for _, tc := range []struct {
		name     string
		fixed    bool
		length   int
		fill     bool
		body     string // "" is the body as sent (Verdict.Body nil)
		defaults string
		why      string
	}{
		{"host frames the new body", false, 0, true, filled, "/a", "without a fixed length any length goes"},
		{"same length", true, 15, true, filled, "/a", "the filled body has the length the host keeps"},
		{"shorter", true, 20, true, filled + "     ", "/a", "padded with white space to the kept length: still one JSON value"},
		{"longer", true, 10, true, "", "", "a longer body would be cut or lost on the host: the body goes on as sent, and nothing is said to be filled"},
		{"unreadable length", true, -1, true, "", "", "a Content-Length the plugin could not read fits nothing"},
		{"length past the limit", true, core.DefaultMaxBytes + 1, true, "", "", "never padded past max_body_bytes (the plugin answers such a request too_large before it is decided)"},
		{"no fill", true, 20, false, "", "", "fill_defaults false forwards the bytes as sent, whatever the length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := ParseConfig(nil)
			c.FillDefaults = tc.fill
			v := c.Decide(&Request{Body: []byte(`{}`), FixedLength: tc.fixed, Length: tc.length})
			require.True(t, v.Forward, tc.why)
			if tc.body == "" {
				require.Nil(t, v.Body, tc.why)
			} else {
				require.Equal(t, tc.body, string(v.Body), tc.why)
				require.True(t, json.Valid(v.Body), tc.why)
			}
			d, ok := header(v.RequestHeaders, HeaderDefaults)
			require.True(t, ok, "a client's %s is always replaced", HeaderDefaults)
			require.Equal(t, tc.defaults, d, tc.why)
		})
	}
}

func TestDecideSigned(t *testing.T) {
	fakeFilled(t)
	const sig = gt.Signature
	for _, tc := range []struct {
		name, authorization, contentSHA256 string
		filled                             bool
		why                                string
	}{
		{"token", "", "", true, "X-Auth-Token signs nothing: the body may be filled"},
		{"signed", sig, "", false, "AK/SK signs the body's SHA-256: a filled body would fail the API's check"},
		{"signed, hash given", sig, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", false, "the hash the client gives is of the body as sent"},
		{"unsigned payload", sig, "UNSIGNED-PAYLOAD", true, "the signature leaves the body out"},
		{"unsigned payload, other case", sig, " unsigned-payload", true, "read as the API reads it"},
		{"other scheme", "Bearer x", "", false, "an unknown scheme is taken for one that may sign the body: only the filling is lost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := ParseConfig(nil)
			v := c.Decide(&Request{Body: []byte(`{}`), Authorization: tc.authorization, ContentSHA256: tc.contentSHA256})
			require.True(t, v.Forward, tc.why)
			d, _ := header(v.RequestHeaders, HeaderDefaults)
			if tc.filled {
				require.Equal(t, filled, string(v.Body), tc.why)
				require.Equal(t, "/a", d, tc.why)
			} else {
				require.Nil(t, v.Body, tc.why)
				require.Equal(t, "", d, tc.why)
			}
		})
	}
}

func decodeAnswer(t *testing.T, v Verdict) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(v.ResponseBody, &e); err != nil {
		t.Fatalf("answer %s: %v", v.ResponseBody, err)
	}
	return e
}

func TestDecideInvalid(t *testing.T) {
	for _, tc := range []struct {
		name     string
		problems []core.Problem
		code     string
		msg      string
	}{
		{"a rule", []core.Problem{{Path: "/flavor/size", Code: core.CodeRange, Message: "size must be 1-200"}},
			CodeInvalidInput, "Invalid input data. /flavor/size: size must be 1-200"},
		{"not JSON", []core.Problem{{Code: core.CodeSyntax, Message: "unexpected 'x'"}},
			CodeInvalidJSON, "The request body is not valid JSON. body: unexpected 'x'"},
		{"bad UTF-8 is not JSON either", []core.Problem{{Code: core.CodeEncoding, Message: "invalid UTF-8"}},
			CodeInvalidJSON, "The request body is not valid JSON. body: invalid UTF-8"},
		{"several", []core.Problem{{Path: "project_id", In: "path", Code: core.CodePattern, Message: "bad"},
			{Path: "/name", Code: core.CodeRequired, Message: "name is required"}},
			CodeInvalidInput, "Invalid input data. project_id: bad (and 1 more, see errors)"},
	} {
		fake(t, func([]byte, core.Options) *core.Result { return &core.Result{Errors: tc.problems} })
		c, _ := ParseConfig(nil)
		v := c.Decide(&Request{Body: []byte(`x`)})
		if v.Forward || v.Status != 400 {
			t.Fatalf("%s: verdict %+v", tc.name, v)
		}
		e := decodeAnswer(t, v)
		if e.Code != tc.code || e.Msg != tc.msg || len(e.Errors) != len(tc.problems) {
			t.Errorf("%s: answer %s", tc.name, v.ResponseBody)
		}
		if tc.problems[0].In != "" && !strings.Contains(string(v.ResponseBody), `"in":"path"`) {
			t.Errorf("%s: the answer loses the parameter's location: %s", tc.name, v.ResponseBody)
		}
	}
}

func TestTooLarge(t *testing.T) {
	c, _ := ParseConfig([]byte(`{"max_body_bytes":10}`))
	fake(t, func([]byte, core.Options) *core.Result { t.Fatal("checked a body over the limit"); return nil })
	v := c.Decide(&Request{Body: []byte(`{"name":"too long"}`)})
	if v.Forward || v.Status != 413 {
		t.Fatalf("closed: %+v", v)
	}
	if e := decodeAnswer(t, v); e.Code != CodeInvalidInput || len(e.Errors) != 1 || e.Errors[0].Code != core.CodeTooLarge {
		t.Errorf("closed: %s", v.ResponseBody)
	}
	c.FailOpen = true
	v = c.Decide(&Request{Body: []byte(`{"name":"too long"}`)})
	if !v.Forward || v.Body != nil {
		t.Fatalf("open: %+v", v)
	}
	if s, _ := header(v.RequestHeaders, HeaderSkipped); s != "too_large" {
		t.Errorf("open: request not marked: %+v", v.RequestHeaders)
	}
	if s, _ := header(v.ResponseHeaders, HeaderSkipped); s != "too_large" {
		t.Errorf("open: response not marked: %+v", v.ResponseHeaders)
	}
}

func TestUnreadable(t *testing.T) {
	for _, tc := range []struct {
		coding     string
		unreadable bool
		why        string
	}{
		{"", false, "no coding: the plugin reads the body"},
		{"identity", false, "identity is no coding at all"},
		{" IDENTITY ", false, "coding names are case-insensitive; white space around a value is not part of it"},
		{"gzip", true, "a compressed body is not JSON the check can read"},
		{"br", true, "nor is brotli"},
		{"gzip, identity", true, "a list applies every coding in it"},
		{"x-\"odd\"" + strings.Repeat("z", 100), true, "an unknown coding is unreadable too; the answer names it, quoted and cut"},
	} {
		t.Run(tc.coding, func(t *testing.T) {
			closed, _ := ParseConfig(nil)
			v, ok := closed.Unreadable(tc.coding)
			require.Equal(t, tc.unreadable, ok, tc.why)
			if !tc.unreadable {
				return
			}
			require.False(t, v.Forward, "fail closed does not forward what it cannot check")
			require.Equal(t, 415, v.Status)
			e := decodeAnswer(t, v)
			require.Equal(t, CodeUnreadable, e.Code)
			require.Contains(t, e.Msg, "Content-Encoding")
			require.Less(t, len(e.Msg), 200, "the client's header is cut in the answer")

			open, _ := ParseConfig([]byte(`{"fail_open": true}`))
			v, ok = open.Unreadable(tc.coding)
			require.True(t, ok)
			require.True(t, v.Forward, "fail open forwards it")
			require.Nil(t, v.Body, "untouched")
			s, _ := header(v.RequestHeaders, HeaderSkipped)
			require.Equal(t, "content_encoding", s, "marked unchecked on the request")
			s, _ = header(v.ResponseHeaders, HeaderSkipped)
			require.Equal(t, "content_encoding", s, "and on its response")
		})
	}
}

func TestAtHeaders(t *testing.T) {
	c, _ := ParseConfig([]byte(`{"max_body_bytes": 100}`))
	for _, tc := range []struct {
		coding, length string // "" length: no Content-Length sent
		status         int    // 0: the body is read, then decided
		why            string
	}{
		{"", "", 0, "nothing the headers decide"},
		{"", "100", 0, "a body at the limit is read"},
		{"", "101", 413, "one byte over is refused unread"},
		{"", "x", 0, "an unreadable length decides nothing here"},
		{"gzip", "", 415, "a coding the plugin cannot read"},
		{"gzip", "101", 415, "the coding first: the body could not be read at any length"},
		{"identity", "101", 413, "identity is no coding"},
	} {
		length := int64(-1)
		if tc.length != "" {
			length = ContentLength(tc.length)
		}
		v, ok := c.AtHeaders(tc.coding, length)
		if ok != (tc.status != 0) || ok && v.Status != tc.status {
			t.Errorf("%q, %q: %v %d; want %d: %s", tc.coding, tc.length, ok, v.Status, tc.status, tc.why)
		}
	}
	for value, want := range map[string]int64{"0": 0, "42": 42, "-1": -1, "": -1, "1.0": -1, "99999999999999999999": -1} {
		if got := ContentLength(value); got != want {
			t.Errorf("ContentLength(%q) = %d, want %d", value, got, want)
		}
	}
}

func TestPanicIsAFailure(t *testing.T) {
	fake(t, func([]byte, core.Options) *core.Result { panic("index out of range") })
	c, _ := ParseConfig(nil)
	v := c.Decide(&Request{Body: []byte(`{}`), AuthToken: "secret"})
	if v.Forward || v.Status != 500 {
		t.Fatalf("closed: %+v", v)
	}
	if e := decodeAnswer(t, v); e.Code != CodeFailure || strings.Contains(e.Msg, "index") {
		t.Errorf("closed: %s (the panic's text is for logs only)", v.ResponseBody)
	}
	c.FailOpen = true
	v = c.Decide(&Request{Body: []byte(`{}`)})
	if !v.Forward || v.Body != nil {
		t.Fatalf("open: %+v", v)
	}
	if s, _ := header(v.RequestHeaders, HeaderSkipped); s != "failure" {
		t.Errorf("open: not marked: %+v", v.RequestHeaders)
	}
}

// Whatever fail open forwards unchecked loses the client's own
// X-Preflight-Defaults (an empty value removes it): the backend trusts that
// header to say what the plugin filled, and it filled nothing.
func TestSkippedClearsDefaults(t *testing.T) {
	c := Config{FailOpen: true, MaxBodyBytes: 10}
	for _, v := range []Verdict{c.TooLarge(), c.Failure("x")} {
		if s, ok := header(v.RequestHeaders, HeaderDefaults); !ok || s != "" {
			t.Errorf("%+v: %s is %q (%v), want it removed", v.RequestHeaders, HeaderDefaults, s, ok)
		}
	}
}

// The real check, end to end: the API page's first example is valid and the
// answer to a bad body never echoes the token.
func TestDecideWithCore(t *testing.T) {
	c, _ := ParseConfig(nil)
	v := c.Decide(&Request{Body: []byte(`{"name":"x"}`), Route: Route{ProjectID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9"},
		AuthToken: strings.Repeat("t", 1024001), HasAuthToken: true})
	if v.Forward || v.Status != 400 {
		t.Fatalf("verdict %+v", v)
	}
	if strings.Contains(string(v.ResponseBody), "ttttt") {
		t.Errorf("the answer echoes the token")
	}
	e := decodeAnswer(t, v)
	var header bool
	for _, p := range e.Errors {
		header = header || (p.In == "header" && p.Path == "X-Auth-Token")
	}
	if !header {
		t.Errorf("an over-long token is not reported: %s", v.ResponseBody)
	}
}

// The answer is written by core's canonical writer; it must read back as
// the same document encoding/json would write, for every kind of string.
func TestErrorJSONMatchesEncodingJSON(t *testing.T) {
	for _, e := range []errorBody{
		{Code: CodeInvalidInput, Msg: "plain", Errors: []core.Problem{{Path: "/a", Code: core.CodeRange, Message: "m"}}},
		{Code: CodeInvalidJSON, Msg: "quote \" backslash \\ tab \t nl \n nul \x00 <&> \u2028 中文",
			Errors: []core.Problem{{Path: "/t~1x/0", In: "", Code: core.CodeSyntax, Message: "ctl \x1f"},
				{Path: "X-Auth-Token", In: "header", Code: core.CodeLength, Message: "too long"}}},
		{Code: CodeFailure, Msg: "no errors"},
	} {
		got := errorJSON(&e)
		var a, b any
		if err := json.Unmarshal(got, &a); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		want, _ := json.Marshal(e)
		_ = json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

func first(b []byte, _ string) []byte { return b }

// fakeHeaders is a request's headers as a host hands them.
type fakeHeaders map[string][]string

func (f fakeHeaders) Header(name string) (string, bool) {
	v, ok := f[name]
	if !ok || len(v) == 0 {
		return "", ok
	}
	return v[0], true
}

func (f fakeHeaders) HeaderList(name string) string { return strings.Join(f[name], ", ") }

// Begin reads what the check needs from the headers, and decides at them
// what they alone decide.
func TestBegin(t *testing.T) {
	c := Config{MaxBodyBytes: 100}
	for _, tc := range []struct {
		name              string
		method, uri       string
		h                 fakeHeaders
		matched, decided  bool
		status, length    int
		token, authorizer string
	}{
		{"another path passes", "POST", "/v5/iot/p/devices", nil, false, false, 0, 0, "", ""},
		{"a GET passes", "GET", gt.Path, nil, false, false, 0, 0, "", ""},
		{"matched, no headers: the body decides", "POST", gt.Path, fakeHeaders{}, true, false, 0, -1, "", ""},
		{"the headers it reads", "POST", gt.Path, fakeHeaders{"X-Auth-Token": {"t"}, "Authorization": {gt.Signature}, "Content-Length": {"42"}},
			true, false, 0, 42, "t", gt.Signature},
		{"a Content-Length over the limit decides", "POST", gt.Path, fakeHeaders{"Content-Length": {"101"}}, true, true, 413, 101, "", ""},
		{"an unreadable Content-Length is none", "POST", gt.Path, fakeHeaders{"Content-Length": {"x"}}, true, false, 0, -1, "", ""},
		{"a coding on a second line decides", "POST", gt.Path, fakeHeaders{"Content-Encoding": {"identity", "gzip"}}, true, true, 415, -1, "", ""},
		{"a huge Content-Length fits no int", "POST", gt.Path, fakeHeaders{"Content-Length": {"99999999999999999"}}, true, true, 413, MaxBodyLimit + 1, "", ""},
		{"resize: its route", "POST", gt.ResizePath, fakeHeaders{"X-Auth-Token": {"t"}}, true, false, 0, -1, "t", ""},
		{"change-charge-mode: its route, decided at the headers as create is", "POST", gt.ChangeChargeModePath,
			fakeHeaders{"Content-Encoding": {"br"}}, true, true, 415, -1, "", ""},
		{"a GET of the instance passes", "GET", gt.Path + "/" + gt.InstanceID, nil, false, false, 0, 0, "", ""},
	} {
		r, v, matched, decided := c.Begin(tc.method, tc.uri, tc.h, false)
		require.Equal(t, tc.matched, matched, tc.name)
		require.Equal(t, tc.decided, decided, tc.name)
		if !matched {
			continue
		}
		require.Equal(t, tc.status, v.Status, tc.name)
		require.Equal(t, tc.length, r.Length, tc.name)
		require.Equal(t, tc.token, r.AuthToken, tc.name)
		require.Equal(t, tc.authorizer, r.Authorization, tc.name)
		route, _ := Match(tc.method, tc.uri)
		require.Equal(t, route, r.Route, tc.name)
		require.Equal(t, gt.ProjectID, r.ProjectID, tc.name)
		if r.API != core.APICreate {
			require.Equal(t, gt.InstanceID, r.InstanceID, tc.name)
		}
	}
}

// fakeCarrier records what Carry does through it; failSet makes setting
// that request header fail, refuse makes Forward refuse the body.
type fakeCarrier struct {
	calls   []string
	failSet string
	refuse  bool
}

func (f *fakeCarrier) Log(msg string)    { f.calls = append(f.calls, "log "+msg) }
func (f *fakeCarrier) Count(name string) { f.calls = append(f.calls, "count "+name) }
func (f *fakeCarrier) OnSuccess(h []Header) error {
	f.calls = append(f.calls, "success "+h[0].Name)
	return nil
}
func (f *fakeCarrier) Answer(status int, headers []Header, body []byte) error {
	f.calls = append(f.calls, "answer "+strconv.Itoa(status)+" "+headers[0].Value+" "+headers[1].Value)
	return nil
}
func (f *fakeCarrier) Forward(body []byte) (bool, error) {
	f.calls = append(f.calls, "forward "+strconv.Itoa(len(body)))
	return !f.refuse, nil
}
func (f *fakeCarrier) SetRequestHeader(name, value string) error {
	if name == f.failSet {
		return errors.New("refused")
	}
	f.calls = append(f.calls, "request "+name+"="+value)
	return nil
}
func (f *fakeCarrier) SetResponseHeader(name, value string) error {
	f.calls = append(f.calls, "response "+name+"="+value)
	return nil
}

// Carry does a verdict's parts in the order the hosts need: the body
// before any header, a host call that fails becoming the configured
// failure, a body the host cannot hold answered instead.
func TestCarry(t *testing.T) {
	closed, open := Config{MaxBodyBytes: 1000, FillDefaults: true}, Config{MaxBodyBytes: 1000, FailOpen: true}
	invalid := closed.Decide(&Request{Body: gt.NotJSON, Route: Route{ProjectID: gt.ProjectID}})
	valid := closed.Decide(&Request{Body: gt.Minimal, Route: Route{ProjectID: gt.ProjectID}})
	for _, tc := range []struct {
		name    string
		c       *Config
		v       Verdict
		f       fakeCarrier
		forward bool
		want    []string
	}{
		{"an answer: its length with its type", &closed, invalid, fakeCarrier{}, false,
			[]string{"count checked", "count rejected.IOTDA_000008", "answer 400 " + ContentType + " " + strconv.Itoa(len(invalid.ResponseBody))}},
		{"skipped: the body as sent, then the marks", &open, open.TooLarge(), fakeCarrier{}, true,
			[]string{"count skipped.too_large", "forward 0", "request X-Preflight-Skipped=too_large", "request X-Preflight-Defaults=", "response X-Preflight-Skipped=too_large"}},
		{"a host that cannot hold the body: 413 instead", &open, open.TooLarge(), fakeCarrier{refuse: true}, false,
			[]string{"count skipped.too_large", "forward 0", "count rejected.IOTDA_000006", "answer 413 " + ContentType + " " + strconv.Itoa(len(open.TooLargeToForward().ResponseBody))}},
		{"a header the host refuses: the failure, closed", &closed, valid, fakeCarrier{failSet: HeaderDefaults}, false,
			[]string{"count checked", "forward " + strconv.Itoa(len(valid.Body)),
				"log iotda-preflight: plugin failure: setting X-Preflight-Defaults: refused (failing closed: answered 500)",
				"count failed", "count rejected.PREFLIGHT_000500", "answer 500 " + ContentType + " " + strconv.Itoa(len(closed.Failure("").ResponseBody))}},
	} {
		f := tc.f
		require.Equal(t, tc.forward, tc.c.Carry(&f, tc.v), tc.name)
		require.Equal(t, tc.want, f.calls, tc.name)
	}
}

// BenchmarkMatch: every request through a plugin is matched, most of them
// off the routes, so Match allocates nothing on a path without a '%'.
func BenchmarkMatch(b *testing.B) {
	for _, tc := range []struct{ name, uri string }{
		{"create", gt.Path},
		{"resize", gt.ResizePath},
		{"off the routes", "/v5/iot/" + gt.ProjectID + "/devices/d1/async-commands"},
		{"empty instance_id", gt.Path + "//resize"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Match("POST", tc.uri)
			}
		})
	}
}
