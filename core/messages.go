package core

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Messages are made from templates in each language, from the problem's code
// and arguments; codes never change with the language. A template's
// placeholders: {0} {1} {2} are string arguments, {3} {4} {5} integers, {a}
// and {b} type names, {c} a character set's description, {s} what was read
// (the body), and {v} the offending value as written in the body,
// shortened. Nothing from the X-Auth-Token header is ever an argument.

type msgID uint8

const (
	msgNone msgID = iota
	// reading
	msgEmpty
	msgBOM
	msgTrailing
	msgEOF
	msgEOFString
	msgUnexpected
	msgBadLiteral
	msgWantName
	msgWantColon
	msgWantCommaObject
	msgWantCommaArray
	msgControl
	msgBadUTF8
	msgBadEscape
	msgSurrogate
	msgBadNumber
	msgTooDeep
	msgTooLarge
	msgDuplicateKey
	// rules
	msgType
	msgNotInteger
	msgStrictCoerce
	msgRequired
	msgRequiredStandard
	msgRequiredPrePaid
	msgRequiredEnterprise
	msgEnum
	msgLength
	msgMaxLength
	msgMaxItems
	msgPattern
	msgTrimmed
	msgReserved
	msgURN
	msgRange
	msgRangePeriod
	msgRangeFlavor
	msgUnknownFlavor
	msgFlavorMismatch
	msgChargeMode
	msgDuplicateTag
	msgUnknownField
	msgUnknownFieldStrict
	msgNotApplicableEnterprise
	msgNotApplicablePostPaid
	msgNotApplicableStandard
	msgCoercedBool
	msgCoercedInt
	msgPortConflict
	// a list cut
	msgTooManyErrors
	msgTooManyWarnings
	numMessages
)

var messages = [numMessages][2]string{
	msgEmpty:           {"{s} is empty", "{s}为空"},
	msgBOM:             {"{s} starts with a byte order mark, which JSON does not allow", "{s}以字节顺序标记（BOM）开头，JSON 不允许"},
	msgTrailing:        {"data after the JSON value, at byte {3}", "JSON 值之后还有数据（第 {3} 字节）"},
	msgEOF:             {"{s} ends before this value is complete", "{s}在此值结束之前截断"},
	msgEOFString:       {"{s} ends inside a string", "{s}在字符串内部截断"},
	msgUnexpected:      {"invalid character {0} where a value was expected", "此处应为 JSON 值，却是无效字符 {0}"},
	msgBadLiteral:      {"invalid literal; expected {0}", "无效的字面量，应为 {0}"},
	msgWantName:        {"invalid character {0} where a member name was expected", "此处应为成员名，却是无效字符 {0}"},
	msgWantColon:       {"invalid character {0} after a member name; expected ':'", "成员名之后应为 ':'，却是无效字符 {0}"},
	msgWantCommaObject: {"invalid character {0} after a member; expected ',' or '}'", "成员之后应为 ',' 或 '}'，却是无效字符 {0}"},
	msgWantCommaArray:  {"invalid character {0} after an array element; expected ',' or ']'", "数组元素之后应为 ',' 或 ']'，却是无效字符 {0}"},
	msgControl:         {"a string contains the control character {3}, which must be escaped", "字符串含有未转义的控制字符 {3}"},
	msgBadUTF8:         {"invalid UTF-8 at byte {3}", "第 {3} 字节不是有效的 UTF-8"},
	msgBadEscape:       {"invalid escape sequence in a string ({0})", "字符串中的转义序列无效（{0}）"},
	msgSurrogate:       {"a \\u escape is a lone surrogate, not a Unicode character", "\\u 转义是单独的代理项，不是 Unicode 字符"},
	msgBadNumber:       {"invalid number: unexpected {0}", "无效的数字：意外的 {0}"},
	msgTooDeep:         {"containers are nested deeper than {3} levels", "容器嵌套超过 {3} 层"},
	msgTooLarge:        {"{s} is {3} bytes, more than the limit of {4}", "{s}为 {3} 字节，超过上限 {4} 字节"},
	msgDuplicateKey:    {"member {0} appears more than once in this object", "成员 {0} 在同一对象中重复出现"},

	msgType:               {"{0} must be {a}, not {b}", "{0} 必须是{a}，而不是{b}"},
	msgNotInteger:         {"{0} must be an integer written without a fraction or exponent, not {v}", "{0} 必须是不带小数或指数的整数，而不是 {v}"},
	msgStrictCoerce:       {"{0} must be {a}, not the string {v} (strict mode)", "{0} 必须是{a}，而不是字符串 {v}（严格模式）"},
	msgRequired:           {"{0} is required", "{0} 为必填项"},
	msgRequiredStandard:   {"{0} is required when instance_type is standard", "instance_type 为 standard 时 {0} 为必填项"},
	msgRequiredPrePaid:    {"{0} is required when charge_mode is prePaid", "charge_mode 为 prePaid 时 {0} 为必填项"},
	msgRequiredEnterprise: {"{0} is required when instance_type is enterprise", "instance_type 为 enterprise 时 {0} 为必填项"},
	msgEnum:               {"{0} must be one of {1}, not {v}", "{0} 必须是 {1} 之一，而不是 {v}"},
	msgLength:             {"{0} must be {3} to {4} characters long; it has {5}", "{0} 的长度必须为 {3} 到 {4} 个字符，实际为 {5} 个"},
	msgMaxLength:          {"{0} must be at most {4} characters long; it has {5}", "{0} 的长度不能超过 {4} 个字符，实际为 {5} 个"},
	msgMaxItems:           {"{0} may have at most {4} items; it has {5}", "{0} 最多 {4} 项，实际为 {5} 项"},
	msgPattern:            {"{0} may contain only {c}; {2} is not allowed", "{0} 只能包含{c}，不允许 {2}"},
	msgTrimmed:            {"{0} must not start or end with white space", "{0} 的首尾不能有空白"},
	msgReserved:           {"{0} must not start with the reserved prefix _sys_", "{0} 不能以保留前缀 _sys_ 开头"},
	msgURN:                {"{0} must have the form urn:smn:{region}:{project_id}:{topic}", "{0} 的格式必须为 urn:smn:{region}:{project_id}:{topic}"},
	msgRange:              {"{0} must be {3} to {4}, not {v}", "{0} 必须在 {3} 到 {4} 之间，而不是 {v}"},
	msgRangePeriod:        {"{0} must be {3} to {4} when period_type is {1}, not {v}", "period_type 为 {1} 时 {0} 必须在 {3} 到 {4} 之间，而不是 {v}"},
	msgRangeFlavor:        {"{0} must be {3} to {4} for flavor {1}, not {v}", "规格 {1} 的 {0} 必须在 {3} 到 {4} 之间，而不是 {v}"},
	msgUnknownFlavor:      {"flavor {v} is not in the price catalog {1}", "价格目录 {1} 中没有规格 {v}"},
	msgFlavorMismatch:     {"flavor {v} is a flavor of {1} instances, but instance_type is {2}", "规格 {v} 属于 {1} 实例，但 instance_type 为 {2}"},
	msgChargeMode:         {"flavor {1} cannot be bought {v}; it offers {2}", "规格 {1} 不支持计费模式 {v}，支持的模式为 {2}"},
	msgDuplicateTag:       {"tag key {v} is already used by {1}", "标签键 {v} 已被 {1} 使用"},
	msgUnknownField:       {"{0} is not a member the API knows; it is ignored", "{0} 不是 API 已知的成员，将被忽略"},
	msgUnknownFieldStrict: {"{0} is not a member the API knows (strict mode)", "{0} 不是 API 已知的成员（严格模式）"},
	msgNotApplicableEnterprise: {"{0} does not apply when instance_type is enterprise; it is ignored",
		"instance_type 为 enterprise 时 {0} 不适用，将被忽略"},
	msgNotApplicablePostPaid: {"{0} does not apply when charge_mode is postPaid; it is ignored",
		"charge_mode 为 postPaid 时 {0} 不适用，将被忽略"},
	msgNotApplicableStandard: {"{0} does not apply when instance_type is standard; it is ignored",
		"instance_type 为 standard 时 {0} 不适用，将被忽略"},
	msgCoercedBool:  {"string {v} read as boolean", "字符串 {v} 按布尔值读取"},
	msgCoercedInt:   {"string {v} read as integer", "字符串 {v} 按整数读取"},
	msgPortConflict: {"{0} and {1} both use port {3}", "{0} 与 {1} 使用同一端口 {3}"},

	msgTooManyErrors:   {"{3} more errors are not listed; a result lists the first {4}", "另有 {3} 个错误未列出；结果只列出前 {4} 个"},
	msgTooManyWarnings: {"{3} more warnings are not listed; a result lists the first {4}", "另有 {3} 个警告未列出；结果只列出前 {4} 个"},
}

// subjects name what was read: a request body, or another JSON document (a
// catalog, an options document) read by the same reader.
var subjects = [...][2]string{
	subjectBody:     {"the body", "请求体"},
	subjectDocument: {"the document", "文档"},
}

const (
	subjectBody uint8 = iota
	subjectDocument
)

// maxEcho is the most bytes of an offending value a message quotes.
const maxEcho = 40

// piece is a part of a message template: text, then the placeholder that
// follows it (0: none).
type piece struct {
	raw, json string // the text, as it is and escaped for a JSON string
	ph        byte   // '0'-'5', 'v', 'a', 'b', 'c' or 's'
}

// templates are the messages cut into pieces once, so that writing one is
// a few appends, with no search for placeholders.
var templates = func() (t [numMessages][2][]piece) {
	for id := range messages {
		for li, m := range messages[id] {
			var text []byte
			for i := 0; i < len(m); i++ {
				if m[i] == '{' && i+2 < len(m) && m[i+2] == '}' && strings.IndexByte("012345vabcs", m[i+1]) >= 0 {
					t[id][li] = append(t[id][li], newPiece(text, m[i+1]))
					text = text[:0]
					i += 2
					continue
				}
				text = append(text, m[i])
			}
			if len(text) > 0 || len(t[id][li]) == 0 {
				t[id][li] = append(t[id][li], newPiece(text, 0))
			}
		}
	}
	return t
}()

func newPiece(text []byte, ph byte) piece {
	return piece{raw: string(text), json: string(appendEscaped(nil, string(text))), ph: ph}
}

// langIndex is lang's index in messages (and every table by language).
func langIndex(lang Lang) int {
	if lang == Chinese {
		return 1
	}
	return 0
}

// appendMessage appends problem p's message in lang, escaped for a JSON
// string when esc is set.
func (s *state) appendMessage(dst []byte, p *problem, lang Lang, esc bool) []byte {
	li := langIndex(lang)
	pieces := templates[p.msg][li]
	for i := range pieces {
		pc := &pieces[i]
		if esc {
			dst = append(dst, pc.json...)
		} else {
			dst = append(dst, pc.raw...)
		}
		switch pc.ph {
		case 0:
		case '0', '1', '2':
			dst = appendText(dst, p.args[pc.ph-'0'], esc)
		case '3', '4', '5':
			dst = strconv.AppendInt(dst, p.nums[pc.ph-'3'], 10)
		case 'v':
			dst = s.appendEcho(dst, p.val, esc)
		case 'a', 'b':
			dst = append(dst, words[p.kinds[pc.ph-'a']][li]...)
		case 'c':
			dst = append(dst, p.cls.desc[li]...)
		case 's':
			dst = append(dst, subjects[p.subject][li]...)
		}
	}
	return dst
}

// appendEcho appends node i as written in the body, cut to maxEcho bytes on a
// character boundary.
func (s *state) appendEcho(dst []byte, i int32, esc bool) []byte {
	if i < 0 {
		return dst
	}
	n := &s.r.nodes[i]
	raw := s.r.src[n.start:n.end]
	if len(raw) <= maxEcho {
		if esc && n.kind == kindString && !n.esc {
			// A string without escapes holds no byte JSON escapes but its
			// quotes: no need to scan it.
			dst = append(dst, '\\', '"')
			dst = append(dst, raw[1:len(raw)-1]...)
			return append(dst, '\\', '"')
		}
		return appendText(dst, string(raw), esc && n.kind == kindString)
	}
	cut := maxEcho
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	dst = appendText(dst, string(raw[:cut]), esc && n.kind == kindString)
	return append(dst, "…"...)
}
