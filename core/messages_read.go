package core

// The reader's messages: why a document could not be read.

var msgEmpty = &msgDef{text: [2]string{"{subject} is empty", "{subject}为空"}}

func emptyMsg() message { return message{def: msgEmpty} }

var msgBOM = &msgDef{text: [2]string{"{subject} starts with a byte order mark, which JSON does not allow", "{subject}以字节顺序标记（BOM）开头，JSON 不允许"}}

func bomMsg() message { return message{def: msgBOM} }

var msgTrailing = &msgDef{text: [2]string{"data after the JSON value, at byte offset {offset}", "JSON 值之后还有数据（字节偏移 {offset}，从 0 起算）"}}

func trailingMsg(offset int) message { return message{def: msgTrailing, num: [3]int64{int64(offset)}} }

var msgEOF = &msgDef{text: [2]string{"{subject} ends before this value is complete", "{subject}在此值结束之前截断"}}

func eofMsg() message { return message{def: msgEOF} }

var msgEOFString = &msgDef{text: [2]string{"{subject} ends inside a string", "{subject}在字符串内部截断"}}

func eofStringMsg() message { return message{def: msgEOFString} }

var msgUnexpected = &msgDef{text: [2]string{"invalid character {char} where a value was expected", "此处应为 JSON 值，却是无效字符 {char}"}}

func unexpectedMsg(char string) message { return message{def: msgUnexpected, str: [3]string{char}} }

var msgBadLiteral = &msgDef{text: [2]string{"invalid literal; expected {literal}", "无效的字面量，应为 {literal}"}}

func badLiteralMsg(literal string) message {
	return message{def: msgBadLiteral, str: [3]string{literal}}
}

// The messages for a character where another was expected: a syntax error
// at the reader's position (see reader.failAt).
var (
	msgWantName        = &msgDef{text: [2]string{"invalid character {char} where a member name was expected", "此处应为成员名，却是无效字符 {char}"}}
	msgWantColon       = &msgDef{text: [2]string{"invalid character {char} after a member name; expected ':'", "成员名之后应为 ':'，却是无效字符 {char}"}}
	msgWantCommaObject = &msgDef{text: [2]string{"invalid character {char} after a member; expected ',' or '}'", "成员之后应为 ',' 或 '}'，却是无效字符 {char}"}}
	msgWantCommaArray  = &msgDef{text: [2]string{"invalid character {char} after an array element; expected ',' or ']'", "数组元素之后应为 ',' 或 ']'，却是无效字符 {char}"}}
	msgBadNumber       = &msgDef{text: [2]string{"invalid number: unexpected {char}", "无效的数字：意外的 {char}"}}
)

// unexpectedCharMsg is one of the messages above about char, quoted.
func unexpectedCharMsg(def *msgDef, char string) message {
	return message{def: def, str: [3]string{char}}
}

var msgLeadingZero = &msgDef{text: [2]string{"a JSON number has no leading zeros", "JSON 数字不能有前导零"}}

func leadingZeroMsg() message { return message{def: msgLeadingZero} }

var msgControl = &msgDef{text: [2]string{"a string contains the control character {code}, which must be escaped", "字符串含有未转义的控制字符 {code}"}}

func controlMsg(code byte) message { return message{def: msgControl, num: [3]int64{int64(code)}} }

var msgBadUTF8 = &msgDef{text: [2]string{"invalid UTF-8 at byte offset {offset}", "字节偏移 {offset} 处（从 0 起算）不是有效的 UTF-8"}}

func badUTF8Msg(offset int) message { return message{def: msgBadUTF8, num: [3]int64{int64(offset)}} }

var msgBadEscape = &msgDef{text: [2]string{"invalid escape sequence in a string ({escape})", "字符串中的转义序列无效（{escape}）"}}

func badEscapeMsg(escape string) message { return message{def: msgBadEscape, str: [3]string{escape}} }

var msgSurrogate = &msgDef{text: [2]string{"a \\u escape is a lone surrogate, not a Unicode character", "\\u 转义是单独的代理项，不是 Unicode 字符"}}

func surrogateMsg() message { return message{def: msgSurrogate} }

var msgTooDeep = &msgDef{text: [2]string{"containers are nested deeper than {levels|level}", "容器嵌套超过 {levels} 层"}}

func tooDeepMsg(levels int) message { return message{def: msgTooDeep, num: [3]int64{int64(levels)}} }

var (
	msgTooLarge     = &msgDef{text: [2]string{"{subject} is {size|byte}, more than the limit of {limit|byte}", "{subject}为 {size} 字节，超过上限 {limit} 字节"}}
	msgTooLargeOver = &msgDef{text: [2]string{"{subject} is more than the limit of {limit|byte}", "{subject}超过上限 {limit} 字节"}}
)

// tooLargeMsg is about a body of size bytes, over limit. A caller that
// reads a body stops one byte past the limit, and an engine that copies a
// body into the module copies at most MaxBytesLimit+1 bytes of it (no limit
// reads more): a size of limit+1, or past MaxBytesLimit, is not the body's
// own, and is not told, so that every engine says the same.
func tooLargeMsg(size, limit int) message {
	if size == limit+1 || size > MaxBytesLimit {
		return message{def: msgTooLargeOver, num: [3]int64{1: int64(limit)}}
	}
	return message{def: msgTooLarge, num: [3]int64{int64(size), int64(limit)}}
}

var msgDuplicateKey = &msgDef{text: [2]string{"member {name} appears more than once in this object", "成员 {name} 在同一对象中重复出现"}}

// duplicateKeyMsg is about a repeated member name, which the message quotes
// (quoteName).
func duplicateKeyMsg(name []byte) message {
	return message{def: msgDuplicateKey, str: [3]string{quoteName(name)}}
}
