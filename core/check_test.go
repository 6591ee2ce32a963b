package core

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", "requests", name))
	require.NoError(t, err)
	return b
}

// The API page's three examples are what the real API accepts: valid in
// default mode, with a coerced warning for each string boolean and port,
// and invalid in strict mode, where those strings are type errors.
func TestAPIPageExamples(t *testing.T) {
	cases := []struct {
		file    string
		coerced []string // the members written as strings
	}{
		{"standard-yearly.json", []string{"/charge_info/is_auto_renew", "/charge_info/is_auto_pay"}},
		{"standard-postpaid.json", nil},
		{"enterprise-yearly.json", []string{"/charge_info/is_auto_renew", "/charge_info/is_auto_pay",
			"/additional_params/port_info/app_https_port", "/additional_params/port_info/app_amqps_port",
			"/additional_params/port_info/device_coap_port", "/additional_params/port_info/device_coaps_port",
			"/additional_params/port_info/device_mqtt_port", "/additional_params/port_info/device_mqtts_port",
			"/additional_params/port_info/device_https_port"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			body := readExample(t, c.file)
			r := Check(body, Options{})
			assert.True(t, r.Valid, "%v", r.Errors)
			var warned []string
			for _, w := range r.Warnings {
				assert.Equal(t, CodeCoerced, w.Code)
				warned = append(warned, w.Path)
			}
			assert.Equal(t, c.coerced, warned)

			strict := Check(body, Options{Strict: true})
			var typed []string
			for _, e := range strict.Errors {
				assert.Equal(t, CodeType, e.Code)
				typed = append(typed, e.Path)
			}
			assert.Equal(t, c.coerced, typed, "strict mode reads no strings as booleans or integers")
			assert.Equal(t, len(c.coerced) == 0, strict.Valid)
		})
	}
}

// The normalized request keeps every member, writes coerced strings as their
// JSON types, and fills defaults: a null optional member in place, an absent
// one at the end of its object.
func TestNormalizedRequest(t *testing.T) {
	cases := []struct {
		name, body, request string
		defaults            []string
	}{
		{"standard prePaid fills flags and project",
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":"2"},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"month","period_num":1}}`,
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":2},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"month","period_num":1,"is_auto_renew":false,"is_auto_pay":false},"enterprise_project_id":"0"}`,
			[]string{"/charge_info/is_auto_renew", "/charge_info/is_auto_pay", "/enterprise_project_id"}},
		{"postPaid fills no prePaid flags and keeps what does not apply as written",
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"n","charge_info":{"charge_mode":"postPaid","is_auto_pay":"true"},"enterprise_project_id":"0"}`,
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"n","charge_info":{"charge_mode":"postPaid","is_auto_pay":"true"},"enterprise_project_id":"0"}`,
			[]string{}},
		{"null means absent: the default takes its place",
			`{"enterprise_project_id":null,"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"n","charge_info":{"is_auto_renew":null,"charge_mode":"prePaid","period_type":"year","period_num":"1","is_auto_pay":true}}`,
			`{"enterprise_project_id":"0","instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"n","charge_info":{"is_auto_renew":false,"charge_mode":"prePaid","period_type":"year","period_num":1,"is_auto_pay":true}}`,
			[]string{"/charge_info/is_auto_renew", "/enterprise_project_id"}},
		{"enterprise fills the algorithm and every port, and keeps unknown members",
			"{\"instance_type\":\"enterprise\",\"flavor\":{\"type\":\"iotda.enterprise.1000tps.10wonlinedevice\"},\"name\":\"n\",\"charge_info\":{\"charge_mode\":\"prePaid\",\"period_type\":\"year\",\"period_num\":1,\"is_auto_renew\":false,\"is_auto_pay\":false},\"enterprise_project_id\":\"0\",\"additional_params\":{\"vpc_id\":\"a\",\"subnet_id\":\"b\",\"security_group_id\":\"c\",\"port_info\":{\"device_mqtt_port\":\"1884\"}},\"x\":[1, 2.50, \"\\u00e9\"]}",
			`{"instance_type":"enterprise","flavor":{"type":"iotda.enterprise.1000tps.10wonlinedevice"},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":1,"is_auto_renew":false,"is_auto_pay":false},"enterprise_project_id":"0","additional_params":{"vpc_id":"a","subnet_id":"b","security_group_id":"c","port_info":{"device_mqtt_port":1884,"app_https_port":443,"app_amqps_port":5671,"device_coap_port":5683,"device_coaps_port":5684,"device_mqtts_port":8883,"device_https_port":443,"app_mqtts_port":8883},"ciphering_algorithm":"COMMON_ALGORITHM"},"x":[1,2.50,"\u00e9"]}`,
			[]string{"/additional_params/port_info/app_https_port", "/additional_params/port_info/app_amqps_port",
				"/additional_params/port_info/device_coap_port", "/additional_params/port_info/device_coaps_port",
				"/additional_params/port_info/device_mqtts_port", "/additional_params/port_info/device_https_port",
				"/additional_params/port_info/app_mqtts_port", "/additional_params/ciphering_algorithm"}},
		{"an integer string too long to read stays as written",
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":"99999999999999999999"},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":"-99999999999999999999"}}`,
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":"99999999999999999999"},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":"-99999999999999999999","is_auto_renew":false,"is_auto_pay":false},"enterprise_project_id":"0"}`,
			[]string{"/charge_info/is_auto_renew", "/charge_info/is_auto_pay", "/enterprise_project_id"}},
		{"a string of digits is written as its number: as written, or decoded when escaped, and minus zero as 0",
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":"\u0032"},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":"-0","is_auto_renew":false,"is_auto_pay":false},"enterprise_project_id":"0"}`,
			`{"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":2},"name":"n","charge_info":{"charge_mode":"prePaid","period_type":"year","period_num":0,"is_auto_renew":false,"is_auto_pay":false},"enterprise_project_id":"0"}`,
			[]string{}},
		{"an invalid body is still normalized",
			`{"name":"n!"}`, `{"name":"n!","enterprise_project_id":"0"}`, []string{"/enterprise_project_id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Check([]byte(c.body), Options{})
			assert.Equal(t, c.request, string(r.Request))
			assert.Equal(t, c.defaults, r.Defaults)
			assert.True(t, json.Valid(r.Request))
		})
	}
	t.Run("no request when the body cannot be read", func(t *testing.T) {
		for _, body := range []string{`{"a":1,"a":2}`, `{`, "\xff", ""} {
			r := Check([]byte(body), Options{})
			assert.Nil(t, r.Request, body)
			doc := AppendCheck(nil, []byte(body), Options{})
			assert.NotContains(t, string(doc), `"request"`, body)
		}
	})
}

// Each language has every message, and a message in Chinese keeps the code
// and path of the English one.
func TestMessagesInBothLanguages(t *testing.T) {
	for _, d := range allMessages {
		assert.NotEmpty(t, d.text[0], "English message %q", d.text[1])
		assert.NotEmpty(t, d.text[1], "Chinese message %q", d.text[0])
		assert.ElementsMatch(t, placeholdersOf(d.pieces[0]), placeholdersOf(d.pieces[1]),
			"message %q: both languages use the same arguments", d.text[0])
	}
	body := with(t, standardBase(), "/name", "", "/flavor/size", "2", "/charge_info/period_num", 12)
	en, zh := Check(body, Options{}), Check(body, Options{Lang: Chinese})
	require.Equal(t, summary(en), summary(zh))
	for i := range en.Errors {
		assert.NotEqual(t, en.Errors[i].Message, zh.Errors[i].Message)
		assert.True(t, utf8.ValidString(zh.Errors[i].Message))
	}
	assert.Equal(t, "name 的长度必须为 1 到 64 个字符，实际为 0 个", zh.Errors[1].Message)
	assert.Equal(t, "name must be 1 to 64 characters long; it has 0", en.Errors[1].Message)
}

// Messages quote the offending value, shortened, and say what is allowed.
func TestMessages(t *testing.T) {
	cases := []struct {
		body []byte
		want string
	}{
		{with(t, standardBase(), "/charge_info/period_type", "year", "/charge_info/period_num", 4), "period_num must be 1 to 3 when period_type is year, not 4"},
		{with(t, standardBase(), "/flavor/size", true), "size must be an integer, not a boolean"},
		{with(t, standardBase(), "/flavor/size", "2"), `string "2" read as integer`},
		{with(t, standardBase(), "/instance_type", strings.Repeat("x", 100)), `instance_type must be one of "standard", "enterprise", not "` + strings.Repeat("x", 64) + `…"`},
		{with(t, standardBase(), "/flavor/type", "iotda.enterprise.1000tps.500wonlinedevice", "/instance_type", "standard"),
			`flavor "iotda.enterprise.1000tps.500wonlinedevice" is a flavor of enterprise instances, but instance_type is standard`},
		{with(t, standardBase(), "/name", "a\u200bb"), "name may contain only A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -; U+200B is not allowed"},
		{with(t, standardBase(), "/name", "e\u0301"), "name may contain only A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -; U+0301 is not allowed"},
		{with(t, standardBase(), "/name", "a\\b"), `name may contain only A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -; '\' is not allowed`},
		{with(t, standardBase(), "/name", "é"), "name may contain only A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -; 'é' is not allowed"},
		{with(t, standardBase(), "/instance_type", "\u202e"+strings.Repeat("y", 70)), `instance_type must be one of "standard", "enterprise", not "\u202e` + strings.Repeat("y", 63) + `…"`},
		{with(t, standardBase(), "/", 1), `member "" is not one the API knows; it is ignored`},
		{[]byte(`{"flavor":{"size":02}}`), "a JSON number has no leading zeros"},
		{[]byte("{}\xff"), "data after the JSON value, at byte offset 2"},
		{with(t, standardBase(), "/name", "a b"), "name may contain only A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -; U+0020 is not allowed"},
		{with(t, standardBase(), "/name", "a\u00a0b"), "name may contain only A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -; U+00A0 is not allowed"},
		{with(t, standardBase(), "/flavor/type", "iotda.standard.s9"), `flavor "iotda.standard.s9" is not in the price catalog ` + DefaultCatalog().Name},
		{with(t, standardBase(), "/flavor/type", "iotda.standard.s0", "/flavor/size", 3), "size must be 1 for flavor iotda.standard.s0, not 3"},
		{[]byte(`{"a":1,"a":2}`), `member "a" appears more than once in this object`},
		{[]byte("{\"a\":\"\xff\"}"), "invalid UTF-8 at byte offset 6"},
		{[]byte(`{} x`), "data after the JSON value, at byte offset 3"},
	}
	for _, c := range cases {
		r := Check(c.body, Options{})
		var all []string
		for _, p := range append(r.Errors, r.Warnings...) {
			all = append(all, p.Message)
		}
		assert.Contains(t, all, c.want, "%s", c.body)
	}
}

// The JSON writer escapes what JSON requires and nothing else, and repairs
// invalid UTF-8 so its output is always valid JSON.
func TestAppendString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`q"b\`, `"q\"b\\"`},
		{"\n\r\t\b\f\x00\x1f", `"\n\r\t\b\f\u0000\u001f"`},
		{"<&> 实", `"<&> 实"`},
		{"a\xffb", "\"a\ufffdb\""},
		{strings.Repeat("abcdefgh", 3) + "\"", `"` + strings.Repeat("abcdefgh", 3) + `\""`},
	}
	for _, c := range cases {
		got := string(appendString(nil, c.in))
		assert.Equal(t, c.want, got, "%q", c.in)
		assert.True(t, json.Valid([]byte(got)))
	}
}

// A large object switches duplicate detection to a set; nested large objects
// must not confuse each other's sets.
func TestDuplicateDetectionInLargeObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 40; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":`)
		if i == 20 {
			b.WriteString(`{"k0":1,"k1":2,"k2":3,"k3":4,"k4":5,"k5":6,"k6":7,"k7":8,"k8":9,"k9":10,"k10":11,"k11":12,"k12":13,"k13":14,"k14":15,"k15":16,"k16":17,"k17":18}`)
		} else {
			b.WriteString("1")
		}
	}
	b.WriteString(`,"k1":0}`)
	r := Check([]byte(b.String()), Options{})
	var dups []Problem
	for _, p := range r.Errors {
		if p.Code == CodeDuplicateKey {
			dups = append(dups, p)
		}
	}
	assert.Equal(t, []Problem{{Path: "/k1", Code: CodeDuplicateKey, Message: `member "k1" appears more than once in this object`}}, dups)
}

// A flavor that does not offer the charge mode still bounds the units: both
// problems are reported.
func TestUnitsBoundWhenChargeModeIsWrong(t *testing.T) {
	cat, err := ParseCatalog([]byte(`{"name":"one","currency":"USD","flavors":[{"type":"x","instance_type":"standard","charge_modes":["prePaid"],"max_units":1,"price":{}}]}`))
	require.NoError(t, err)
	body := []byte(`{"instance_type":"standard","flavor":{"type":"x","size":150},"name":"a","charge_info":{"charge_mode":"postPaid"}}`)
	r := Check(body, Options{Catalog: cat})
	assert.Equal(t, []string{"E range /flavor/size", "E charge_mode /charge_info/charge_mode"}, summary(r))
}

// The pooled state keeps nothing the caller lent it once a call returns.
func TestStateForgetsTheCall(t *testing.T) {
	s := statePool.Get().(*state)
	s.check([]byte(`{}`), &Options{Params: &Params{ProjectID: "p", AuthToken: "secret", HasAuthToken: true}})
	s.release()
	assert.Nil(t, s.r.src)
	assert.Nil(t, s.opts.Params)
}

// Checking a body allocates nothing on the path every engine takes, valid or
// with warnings, once the pool is warm.
func TestAppendCheckAllocatesNothing(t *testing.T) {
	for _, name := range []string{"enterprise-yearly.json", "standard-yearly.json", "standard-postpaid.json", "standard-s4-postpaid-tags.json"} {
		body := readExample(t, name)
		dst := AppendCheck(nil, body, Options{})
		allocs := testing.AllocsPerRun(100, func() { dst = AppendCheck(dst[:0], body, Options{}) })
		assert.Zero(t, allocs, name)
	}
}

// The layout of a body changes nothing: every way of spacing the enterprise
// example, some of which the reader skips a word at a time (indentation
// after a line break), gives the compact body's document; a byte that is
// not JSON white space inside indentation is a syntax error.
func TestWhiteSpaceLayouts(t *testing.T) {
	body := readExample(t, "enterprise-yearly.json")
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, body))
	want := AppendCheck(nil, compact.Bytes(), Options{})
	layouts := []struct {
		prefix, indent, why string
	}{
		{"", "  ", "two spaces, as the API page"},
		{"", "\t", "tabs: not spaces, skipped byte by byte"},
		{"", strings.Repeat(" ", 8), "exactly a word of spaces"},
		{"", strings.Repeat(" ", 9), "a word and one more"},
		{"", strings.Repeat(" ", 23), "three words but one"},
		{"  ", " \t ", "spaces, then a tab, then a space"},
		{"\r", "    ", "CRLF line breaks"},
	}
	for _, l := range layouts {
		var pretty bytes.Buffer
		require.NoError(t, json.Indent(&pretty, compact.Bytes(), l.prefix, l.indent))
		b := bytes.ReplaceAll(pretty.Bytes(), []byte("\n"), []byte("\n"+l.prefix))
		if l.prefix == "\r" {
			b = bytes.ReplaceAll(pretty.Bytes(), []byte("\n"), []byte("\r\n"))
		}
		assert.Equal(t, string(want), string(AppendCheck(nil, b, Options{})), l.why)
	}
	for _, bad := range []string{"{\n    \v\"name\": 1}", "{\n          \f  \"name\": 1}", "{\n\x00}"} {
		r := Check([]byte(bad), Options{})
		require.Len(t, r.Errors, 1, "%q", bad)
		assert.Equal(t, CodeSyntax, r.Errors[0].Code, "%q: a control character in indentation", bad)
	}
}

// TestKeySignature: a name's digest must not depend on where the name stands
// (a duplicate whose digest differed from its first occurrence's would go
// unreported), and the names of each of the API's objects should have
// digests of their own, or every member of the body pays for a comparison.
func TestKeySignature(t *testing.T) {
	names := []string{"", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "device_coaps_port", "\u00e9t\u00e9"}
	for _, name := range names {
		want := keySignature([]byte(`"`+name+`"`), 1, int32(1+len(name)))
		for pad := 0; pad < 12; pad++ { // near the start of the body, where a word cannot be loaded, and past it
			src := []byte(strings.Repeat(" ", pad) + `"` + name + `":1`)
			start := int32(pad + 1)
			assert.Equal(t, want, keySignature(src, start, start+int32(len(name))), "name %q after %d bytes", name, pad)
		}
	}
	byObject := map[fieldID]map[uint]string{}
	for f := range fields {
		fd := &fields[f]
		if fd.name == "" {
			continue
		}
		if byObject[fd.parent] == nil {
			byObject[fd.parent] = map[uint]string{}
		}
		sig := keySignature([]byte(`"`+fd.name+`"`), 1, int32(1+len(fd.name)))
		assert.NotContains(t, byObject[fd.parent], sig, "%s shares its digest with %s", fd.name, byObject[fd.parent][sig])
		byObject[fd.parent][sig] = fd.name
	}
}

// A field's problem starts with its path head, written once; it must be
// what the general writer writes for the same path.
func TestPathHeads(t *testing.T) {
	for f := range fields {
		if fields[f].parent == fTag {
			continue // their paths start with their item's: never headed
		}
		want := `{"path":"` + fields[f].pointer + `","code":"`
		if in := fields[f].in; in != "" {
			want = `{"path":"` + fields[f].pointer + `","in":"` + in + `","code":"`
		}
		assert.Equal(t, want, pathHeads[f], "field %s", fields[f].pointer)
	}
}

// A coerced warning about a field is written in three pieces (coercedHeads);
// the document must be what the general writer makes of the same problem,
// for every field a string can be coerced into, in both languages, and
// where the value is quoted otherwise (escaped, or cut).
func TestCoercedWarningPieces(t *testing.T) {
	for f := range fResizeRoot { // create's fields: the others' rows are in apis_test.go
		fd := &fields[f]
		if fd.parent == fTag || fd.typ != typeInteger && fd.typ != typeBoolean {
			continue
		}
		for li := range 2 {
			assert.NotEmpty(t, coercedHeads[f][li], "%s: the coerced message no longer has the shape text, value, text", fd.pointer)
		}
		base := enterpriseBase
		if fd.inapt == ifEnterprise {
			base = standardBase
		}
		text := "true"
		if fd.typ == typeInteger {
			text = strconv.FormatInt(max(fd.min, 1), 10)
		}
		rows := []struct {
			why   string
			value any
		}{
			{"plain: the three pieces", text},
			{"escaped: quoted by the general writer", json.RawMessage(`"\u00` + strconv.FormatInt(int64(text[0]), 16) + text[1:] + `"`)},
		}
		if fd.typ == typeInteger {
			rows = append(rows, struct {
				why   string
				value any
			}{"longer than a message quotes: cut by the general writer", strings.Repeat("1", maxEcho+1)})
		}
		for _, row := range rows {
			body := with(t, base(), fd.pointer, row.value)
			for _, lang := range []Lang{English, Chinese} {
				opts := Options{Lang: lang}
				res := Check(body, opts)
				require.NotEmpty(t, res.Warnings, "%s %s", fd.pointer, row.why)
				assert.Equal(t, CodeCoerced, res.Warnings[0].Code, "%s %s", fd.pointer, row.why)
				assert.Equal(t, fd.pointer, res.Warnings[0].Path, "%s %s", fd.pointer, row.why)
				want, _ := res.MarshalJSON()
				assert.Equal(t, string(want), string(AppendCheck(nil, body, opts)), "%s %s (%s)", fd.pointer, row.why, lang)
			}
		}
	}
}

// A result lists at most MaxListed errors and MaxListed warnings, the first
// in document order, and closes a cut list with too_many_problems saying how
// many it left out; the check's time and memory stay bounded, whatever
// order the rules find the problems in.
func TestProblemListsAreCut(t *testing.T) {
	members := func(n int, member func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = member(i)
		}
		return strings.Join(parts, ",")
	}
	unknown := func(i int) string { return `"u` + strconv.Itoa(i) + `":1` }
	repeated := func(int) string { return `"a":1` }
	valid := `"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"name":"n","charge_info":{"charge_mode":"postPaid"}`
	cases := []struct {
		why              string
		body             string
		errors, warnings int    // listed, markers included
		firstErr         string // path of the first error listed
		lastErr          string // the last error listed (its path, or the marker's message)
		firstWarn        string
		lastWarn         string
	}{
		{"exactly MaxListed warnings: nothing cut",
			`{` + valid + `,` + members(MaxListed, unknown) + `}`,
			0, MaxListed, "", "", "/u0", "/u999"},
		{"one warning more: cut, and the marker counts it",
			`{` + valid + `,` + members(MaxListed+1, unknown) + `}`,
			0, MaxListed + 1, "", "", "/u0", "1 more warning is not listed; a result lists the first 1000"},
		{"duplicates past MaxListed: the reader keeps the first and counts the rest",
			`{` + valid + `,"z":{` + members(2*MaxListed+2, repeated) + `}}`,
			MaxListed + 1, 1, "/z/a", "1001 more errors are not listed; a result lists the first 1000", "/z", "/z"},
		{"warnings early in the body, errors late, found errors first: each list keeps its first",
			`{` + valid + `,` + members(3*MaxListed, unknown) + `,"z":{` + members(3*MaxListed, repeated) + `}}`,
			MaxListed + 1, MaxListed + 1, "/z/a", "1999 more errors are not listed; a result lists the first 1000",
			"/u0", "2001 more warnings are not listed; a result lists the first 1000"},
		{"duplicates inside a duplicate's value are found before it, but listed after it",
			`{"a":0,"a":{` + members(2*MaxListed+5, func(int) string { return `"b":0` }) + `}}`,
			MaxListed + 1, 1, "/a", "1009 more errors are not listed; a result lists the first 1000", "/a", "/a"}, // and 4 required
		{"an early error among late ones: listed first, the last of the late ones cut",
			`{"name":1,"instance_type":"standard","flavor":{"type":"iotda.standard.s1","size":1},"charge_info":{"charge_mode":"postPaid"},"z":{` + members(MaxListed+1, repeated) + `}}`,
			MaxListed + 1, 1, "/name", "1 more error is not listed; a result lists the first 1000", "/z", "/z"},
	}
	for _, c := range cases {
		t.Run(c.why, func(t *testing.T) {
			r := Check([]byte(c.body), Options{})
			require.Len(t, r.Errors, c.errors)
			require.Len(t, r.Warnings, c.warnings)
			end := func(ps []Problem) (first, last string) {
				if len(ps) == 0 {
					return "", ""
				}
				l := ps[len(ps)-1]
				if l.Code == CodeTooManyProblems {
					assert.Equal(t, "", l.Path, "the marker is about the whole body")
					return ps[0].Path, l.Message
				}
				return ps[0].Path, l.Path
			}
			fe, le := end(r.Errors)
			fw, lw := end(r.Warnings)
			assert.Equal(t, []string{c.firstErr, c.lastErr, c.firstWarn, c.lastWarn}, []string{fe, le, fw, lw})
			for _, ps := range [][]Problem{r.Errors, r.Warnings} {
				for i, p := range ps {
					assert.False(t, p.Code == CodeTooManyProblems && i != len(ps)-1, "a marker only closes a list")
				}
			}
			assert.Equal(t, c.errors == 0, r.Valid)
			want, _ := r.MarshalJSON()
			assert.Equal(t, string(want), string(AppendCheck(nil, []byte(c.body), Options{})), "AppendCheck and Check differ")
		})
	}
}

// Problems are listed in document order whatever order they are found in:
// duplicates are found by the reader, before the rules find the tag errors
// that precede them in the body, and enough of both take the merge sort.
func TestProblemsSortedInDocumentOrder(t *testing.T) {
	body := `{"tags":[` + strings.Repeat("1,", 49) + `1],"z":{` + strings.Repeat(`"a":1,`, 50) + `"a":1}}`
	r := Check([]byte(body), Options{})
	var paths []string
	for _, p := range r.Errors {
		paths = append(paths, p.Path)
	}
	want := []string{"/tags"} // too many items
	for i := range 50 {
		want = append(want, "/tags/"+strconv.Itoa(i))
	}
	for range 50 {
		want = append(want, "/z/a")
	}
	want = append(want, "/instance_type", "/flavor", "/name", "/charge_info") // required: at the body's end
	assert.Equal(t, want, paths)
}

// A member whose rules depend on instance_type is not completed when
// instance_type is missing or wrong: nothing is filled in it (RULES.md).
func TestNothingFilledForAnUnknownInstanceType(t *testing.T) {
	body := with(t, standardBase(), "/instance_type", "basic", "/additional_params", map[string]any{"port_info": map[string]any{}})
	r := Check(body, Options{})
	assert.Equal(t, []string{"/charge_info/is_auto_renew", "/charge_info/is_auto_pay", "/enterprise_project_id"}, r.Defaults,
		"what depends on charge_mode (prePaid) and on nothing, not on instance_type")
	assert.Contains(t, string(r.Request), `"additional_params":{"port_info":{}}`, "written as sent")
	assert.NotContains(t, string(AppendCheck(nil, body, Options{})), "ciphering_algorithm")
}
