package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoValues are the values a {value} placeholder quotes in the golden
// test: a document of them, read once, one node each.
var echoValues = []struct{ name, json string }{
	{"empty", `""`},
	{"zero", `0`},
	{"one", `1`},
	{"long", `"` + strings.Repeat("long", 30) + `"`},
	{"invisible", `"a` + "\u200b" + `b"`},
	{"combining", `"e` + "\u0301" + `"`},
	{"right-to-left", `"` + "\u202e" + `abc"`},
	{"backslash", `"a\\b"`},
	{"beyond-the-plane", `"` + "\U000E0001" + `x"`}, // an invisible tag character: a surrogate pair
	{"object", `{"k":[1,2]}`},
}

// messageCases render every template with the arguments at their edges: 0,
// 1, equal bounds, empty, long, invisible, combining, right-to-left and
// backslash.
func messageCases() []struct {
	name string
	msg  message
} {
	long := strings.Repeat("x", 100)
	type c = struct {
		name string
		msg  message
	}
	cases := []c{
		{"empty", emptyMsg()}, {"bom", bomMsg()}, {"trailing(0)", trailingMsg(0)}, {"trailing(1)", trailingMsg(1)},
		{"eof", eofMsg()}, {"eofString", eofStringMsg()},
		{"unexpected('x')", unexpectedMsg(quoteByte('x'))}, {"unexpected(0x80)", unexpectedMsg(quoteByte(0x80))},
		{"badLiteral(true)", badLiteralMsg("true")}, {"leadingZero", leadingZeroMsg()},
		{"control(0)", controlMsg(0)}, {"control(31)", controlMsg(31)},
		{"badUTF8(0)", badUTF8Msg(0)}, {"badEscape(x)", badEscapeMsg("'x'")}, {"surrogate", surrogateMsg()},
		{"tooDeep(1)", tooDeepMsg(1)}, {"tooDeep(32)", tooDeepMsg(32)},
		{"tooLarge(1, 0)", tooLargeMsg(1, 0)}, {"tooLarge(5, 1)", tooLargeMsg(5, 1)}, {"tooLarge(1048577, 1048576)", tooLargeMsg(1048577, 1048576)},
		{"tooLarge(2000008, 1048576)", tooLargeMsg(2000008, 1048576)},
		{"duplicateKey(empty)", duplicateKeyMsg([]byte(""))}, {"duplicateKey(backslash)", duplicateKeyMsg([]byte(`a\b`))},
		{"duplicateKey(invisible)", duplicateKeyMsg([]byte("\u200b\u202e\U000E0001"))},
		{"type(a tag)", typeMsg("a tag", wObject, wNull)}, {"notInteger", notIntegerMsg()}, {"strictCoerce", strictCoerceMsg(wBoolean)},
		{"enum", enumMsg(`"a", "b"`)}, {"enum(empty)", enumMsg("")},
		{"length(0, 1, 2)", lengthMsg("", 0, 1, 2)}, {"length(1, 1, 0)", lengthMsg("", 1, 1, 0)}, {"length(1, 64, 0)", lengthMsg("", 1, 64, 0)},
		{"length(0, 0, 1)", lengthMsg("", 0, 0, 1)},
		{"maxItems(1, 2)", maxItemsMsg(1, 2)}, {"maxItems(20, 21)", maxItemsMsg(20, 21)},
		{"trimmed", trimmedMsg()}, {"reserved", reservedMsg()}, {"urn", urnMsg()},
		{"range(1, 1)", rangeMsg(1, 1)}, {"range(0, 65535)", rangeMsg(0, 65535)},
		{"rangePeriod(1, 3, year)", rangePeriodMsg(1, 3, "year")}, {"rangePeriod(1, 1, month)", rangePeriodMsg(1, 1, "month")},
		{"rangeFlavor(1, 1)", rangeFlavorMsg(1, 1, "iotda.standard.s0")}, {"rangeFlavor(1, 200)", rangeFlavorMsg(1, 200, long)},
		{"unknownFlavor(named)", unknownFlavorMsg("huaweicloud-intl")}, {"unknownFlavor(unnamed)", unknownFlavorMsg("")},
		{"flavorMismatch", flavorMismatchMsg("enterprise", "standard")},
		{"chargeMode", chargeModeMsg("iotda.enterprise.1000tps.10wonlinedevice", `"prePaid"`)},
		{"duplicateTag", duplicateTagMsg("/tags/0")},
		{"unknownField(empty)", unknownFieldMsg([]byte(""), false)}, {"unknownField(spaces, strict)", unknownFieldMsg([]byte("  "), true)},
		{"unknownField(right-to-left)", unknownFieldMsg([]byte("a\u202eb"), false)},
		{"coercedBool", message{def: coercedDef(typeBoolean)}}, {"coercedInt", message{def: coercedDef(typeInteger)}},
		{"portConflict", portConflictMsg("device_https_port", 443)}, {"portConflict(0)", portConflictMsg("b", 0)},
		{"tooMany(errors, 1)", tooManyMsg(false, 1, 1000)}, {"tooMany(warnings, 1)", tooManyMsg(true, 1, 1000)},
		{"tooMany(errors, 2)", tooManyMsg(false, 2, 1000)}, {"tooMany(warnings, 0)", tooManyMsg(true, 0, 1)},
	}
	for _, d := range []*msgDef{msgWantName, msgWantColon, msgWantCommaObject, msgWantCommaArray, msgBadNumber} {
		cases = append(cases, c{"unexpectedChar(" + d.text[0] + ")", unexpectedCharMsg(d, quoteByte('"'))})
	}
	cases = append(cases,
		c{"timestamp", timestampMsg()}, c{"currentType", currentTypeMsg(wArray)},
		c{"flavorMismatchCurrent", flavorMismatchCurrentMsg("enterprise", "standard")},
		c{"noChange(5)", noChangeMsg("iotda.standard.st", 5)}, c{"noChange(1)", noChangeMsg("iotda.standard.st", 1)},
		c{"noChange(enterprise)", noChangeMsg("iotda.enterprise.1000tps.10wonlinedevice", 0)},
		c{"notPayPerUse", notPayPerUseMsg()}, c{"notSoldPrePaid", notSoldPrePaidMsg("iotda.standard.s0", `"postPaid"`)},
		c{"expired", expiredMsg("2023-08-18T07:30:00Z")}, c{"expired(empty)", expiredMsg("")})
	for _, w := range []when{always, ifStandard, ifEnterprise, ifPrePaid, ifStandardFlavor} {
		cases = append(cases, c{fmt.Sprintf("required(%d)", w), requiredMsg("", w)})
	}
	for _, w := range []when{ifStandard, ifEnterprise, ifPostPaid, ifEnterpriseFlavor, ifCurrentPostPaid} {
		cases = append(cases, c{fmt.Sprintf("notApplicable(%d)", w), notApplicableMsg(w)})
	}
	for _, r := range []rune{' ', '\t', 0xA0, 0x2028, 0x85, 0x200B, 0x200D, 0x202E, 0xFEFF, 0xFFFF, 0x301, '\\', '\'', 'é', '龥', 0x1F600} {
		cases = append(cases, c{fmt.Sprintf("pattern(%U)", r), patternMsg("", &nameChars, r)})
	}
	for _, cls := range charClasses {
		cases = append(cases, c{"pattern(" + cls.desc[0] + ")", patternMsg("", cls, '$')})
	}
	return cases
}

// TestMessagesGolden renders every template with edge arguments in English
// and Chinese into testdata/messages.golden; -update rewrites it. Each
// rendering escaped for JSON reads back as the plain one.
func TestMessagesGolden(t *testing.T) {
	var doc bytes.Buffer
	doc.WriteByte('[')
	for i, v := range echoValues {
		if i > 0 {
			doc.WriteByte(',')
		}
		doc.WriteString(v.json)
	}
	doc.WriteByte(']')
	var r reader
	r.reset(doc.Bytes(), 8)
	r.read()
	require.Nil(t, r.err)

	var got bytes.Buffer
	used := map[*msgDef]bool{}
	for _, c := range messageCases() {
		used[c.msg.def] = true
		vals := []int32{-1}
		if strings.Contains(c.msg.def.text[0], "{value}") {
			vals = vals[:0]
			for n := r.nodes[0].first; n >= 0; n = r.nodes[n].next {
				vals = append(vals, n)
			}
		}
		for vi, val := range vals {
			name := c.name
			if val >= 0 {
				name += " value=" + echoValues[vi].name
			}
			fmt.Fprintf(&got, "# %s\n", name)
			for _, lang := range []Lang{English, Chinese} {
				p := problem{val: val, message: c.msg}
				if p.str[0] == "" {
					p.str[0] = "member"
				}
				plain := string(appendMessage(nil, &p, &r, lang, false))
				escaped := appendMessage(nil, &p, &r, lang, true)
				var back string
				require.NoError(t, json.Unmarshal([]byte(`"`+string(escaped)+`"`), &back), "%s: escaped for JSON", name)
				assert.Equal(t, plain, back, "%s: the JSON form reads back as the plain one", name)
				for _, sl := range slots {
					assert.NotContains(t, plain, "{"+sl.name, "%s: every placeholder is filled", name)
				}
				fmt.Fprintf(&got, "%s: %s\n", lang, plain)
			}
		}
	}
	for _, d := range allMessages {
		assert.True(t, used[d], "a template the golden test does not render: %q", d.text[0])
	}
	assertGolden(t, "messages.golden", got.Bytes())
}

// A flavor of the catalog is quoted whole: no flavor's type is longer than a
// message quotes a value.
func TestEchoHoldsAFlavor(t *testing.T) {
	assert.GreaterOrEqual(t, maxEcho, fields[fFlavorType].maxLen)
}
