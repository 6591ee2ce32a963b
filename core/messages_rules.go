package core

// The rules' messages: what a member breaks. {name} is the member's name,
// which the checker fills for a problem about a field (see state.at).

// word is a type name in messages, in each language.
type word uint8

const (
	wNone word = iota
	wString
	wInteger
	wBoolean
	wObject
	wArray
	wNull
	wNumber
)

var words = [...][2]string{
	wString:  {"a string", "字符串"},
	wInteger: {"an integer", "整数"},
	wBoolean: {"a boolean", "布尔值"},
	wObject:  {"an object", "对象"},
	wArray:   {"an array", "数组"},
	wNull:    {"null", "null"},
	wNumber:  {"a number", "数字"},
}

func kindWord(k kind) word {
	switch k {
	case kindNull:
		return wNull
	case kindTrue, kindFalse:
		return wBoolean
	case kindNumber:
		return wNumber
	case kindString:
		return wString
	case kindObject:
		return wObject
	}
	return wArray
}

var typeWords = [...]word{typeString: wString, typeInteger: wInteger, typeBoolean: wBoolean, typeObject: wObject, typeArray: wArray}

var msgType = &msgDef{text: [2]string{"{name} must be {want}, not {got}", "{name} 必须是{want}，而不是{got}"}}

// typeMsg is about a value of the wrong type; name is what it is when the
// problem is not about a field ("the body", "a tag").
func typeMsg(name string, want, got word) message {
	return message{def: msgType, str: [3]string{name}, kinds: [2]word{want, got}}
}

var msgNotInteger = &msgDef{text: [2]string{"{name} must be an integer written without a fraction or exponent, not {value}", "{name} 必须是不带小数或指数的整数，而不是 {value}"}}

func notIntegerMsg() message { return message{def: msgNotInteger} }

var msgStrictCoerce = &msgDef{text: [2]string{"{name} must be {want}, not the string {value} (strict mode)", "{name} 必须是{want}，而不是字符串 {value}（严格模式）"}}

func strictCoerceMsg(want word) message {
	return message{def: msgStrictCoerce, kinds: [2]word{want}}
}

var (
	msgRequired           = &msgDef{text: [2]string{"{name} is required", "{name} 为必填项"}}
	msgRequiredStandard   = &msgDef{text: [2]string{"{name} is required when instance_type is standard", "instance_type 为 standard 时 {name} 为必填项"}}
	msgRequiredPrePaid    = &msgDef{text: [2]string{"{name} is required when charge_mode is prePaid", "charge_mode 为 prePaid 时 {name} 为必填项"}}
	msgRequiredEnterprise = &msgDef{text: [2]string{"{name} is required when instance_type is enterprise", "instance_type 为 enterprise 时 {name} 为必填项"}}
)

// requiredMsg is about a member missing where condition w holds.
func requiredMsg(name string, w when) message {
	def := msgRequired
	switch w {
	case ifStandard:
		def = msgRequiredStandard
	case ifPrePaid:
		def = msgRequiredPrePaid
	case ifEnterprise:
		def = msgRequiredEnterprise
	case ifStandardFlavor:
		def = msgRequiredStandardFlavor
	}
	return message{def: def, str: [3]string{name}}
}

var msgEnum = &msgDef{text: [2]string{"{name} must be one of {list}, not {value}", "{name} 必须是 {list} 之一，而不是 {value}"}}

func enumMsg(list string) message { return message{def: msgEnum, str: [3]string{1: list}} }

var (
	msgLength      = &msgDef{text: [2]string{"{name} must be {lo} to {hi|character} long; it has {count}", "{name} 的长度必须为 {lo} 到 {hi} 个字符，实际为 {count} 个"}}
	msgMaxLength   = &msgDef{text: [2]string{"{name} must be at most {hi|character} long; it has {count}", "{name} 的长度不能超过 {hi} 个字符，实际为 {count} 个"}}
	msgExactLength = &msgDef{text: [2]string{"{name} must be {hi|character} long; it has {count}", "{name} 的长度必须为 {hi} 个字符，实际为 {count} 个"}}
)

// lengthMsg is about a text of count characters, outside lo to hi.
func lengthMsg(name string, lo, hi, count int) message {
	def := msgLength
	switch lo {
	case 0:
		def = msgMaxLength
	case hi:
		def = msgExactLength
	}
	return message{def: def, str: [3]string{name}, num: [3]int64{int64(lo), int64(hi), int64(count)}}
}

var msgMaxItems = &msgDef{text: [2]string{"{name} may have at most {hi|item}; it has {count}", "{name} 最多 {hi} 项，实际为 {count} 项"}}

func maxItemsMsg(hi, count int) message {
	return message{def: msgMaxItems, num: [3]int64{1: int64(hi), 2: int64(count)}}
}

var msgPattern = &msgDef{text: [2]string{"{name} may contain only {chars}; {bad} is not allowed", "{name} 只能包含 {chars}，不允许 {bad}"}}

// patternMsg is about character bad, which cls does not allow.
func patternMsg(name string, cls *charClass, bad rune) message {
	return message{def: msgPattern, str: [3]string{name, "", quoteRune(bad)}, cls: cls}
}

var msgTrimmed = &msgDef{text: [2]string{"{name} must not start or end with white space", "{name} 的首尾不能有空白"}}

func trimmedMsg() message { return message{def: msgTrimmed} }

var msgReserved = &msgDef{text: [2]string{"{name} must not start with the reserved prefix _sys_", "{name} 不能以保留前缀 _sys_ 开头"}}

func reservedMsg() message { return message{def: msgReserved} }

var msgURN = &msgDef{text: [2]string{"{name} must have the form urn:smn:{region}:{project_id}:{topic}", "{name} 的格式必须为 urn:smn:{region}:{project_id}:{topic}"}}

func urnMsg() message { return message{def: msgURN} }

// The range messages, each with its form for bounds that are equal (the
// free unit's size: 1 to 1).
var (
	msgRange          = &msgDef{text: [2]string{"{name} must be {lo} to {hi}, not {value}", "{name} 必须在 {lo} 到 {hi} 之间，而不是 {value}"}}
	msgRangeOne       = &msgDef{text: [2]string{"{name} must be {hi}, not {value}", "{name} 必须为 {hi}，而不是 {value}"}}
	msgRangePeriod    = &msgDef{text: [2]string{"{name} must be {lo} to {hi} when period_type is {period_type}, not {value}", "period_type 为 {period_type} 时 {name} 必须在 {lo} 到 {hi} 之间，而不是 {value}"}}
	msgRangePeriodOne = &msgDef{text: [2]string{"{name} must be {hi} when period_type is {period_type}, not {value}", "period_type 为 {period_type} 时 {name} 必须为 {hi}，而不是 {value}"}}
	msgRangeFlavor    = &msgDef{text: [2]string{"{name} must be {lo} to {hi} for flavor {flavor}, not {value}", "规格 {flavor} 的 {name} 必须在 {lo} 到 {hi} 之间，而不是 {value}"}}
	msgRangeFlavorOne = &msgDef{text: [2]string{"{name} must be {hi} for flavor {flavor}, not {value}", "规格 {flavor} 的 {name} 必须为 {hi}，而不是 {value}"}}
	rangeDefs         = [2]*msgDef{msgRange, msgRangeOne}
	rangePeriodDefs   = [2]*msgDef{msgRangePeriod, msgRangePeriodOne}
	rangeFlavorDefs   = [2]*msgDef{msgRangeFlavor, msgRangeFlavorOne}
)

func rangeMsg(lo, hi int64) message {
	return message{def: rangeDefs[boolInt(lo == hi)], num: [3]int64{lo, hi}}
}

func rangePeriodMsg(lo, hi int64, periodType string) message {
	return message{def: rangePeriodDefs[boolInt(lo == hi)], str: [3]string{1: periodType}, num: [3]int64{lo, hi}}
}

func rangeFlavorMsg(lo, hi int64, flavor string) message {
	return message{def: rangeFlavorDefs[boolInt(lo == hi)], str: [3]string{1: flavor}, num: [3]int64{lo, hi}}
}

var (
	msgUnknownFlavor        = &msgDef{text: [2]string{"flavor {value} is not in the price catalog {catalog}", "价格目录 {catalog} 中没有规格 {value}"}}
	msgUnknownFlavorUnnamed = &msgDef{text: [2]string{"flavor {value} is not in the price catalog", "价格目录中没有规格 {value}"}}
)

// unknownFlavorMsg is about a flavor the catalog named catalog ("": a
// catalog without a name) does not have.
func unknownFlavorMsg(catalog string) message {
	if catalog == "" {
		return message{def: msgUnknownFlavorUnnamed}
	}
	return message{def: msgUnknownFlavor, str: [3]string{1: catalog}}
}

// The value is a flavor of the catalog, whole: a flavor's type is at most
// as long as a value is quoted (maxEcho).
var msgFlavorMismatch = &msgDef{text: [2]string{"flavor {value} is a flavor of {flavor_type} instances, but instance_type is {instance_type}", "规格 {value} 属于 {flavor_type} 实例，但 instance_type 为 {instance_type}"}}

func flavorMismatchMsg(flavorType, instanceType string) message {
	return message{def: msgFlavorMismatch, str: [3]string{1: flavorType, 2: instanceType}}
}

var msgChargeMode = &msgDef{text: [2]string{"flavor {flavor} is not sold with charge_mode {value}; it is sold with {offers}", "规格 {flavor} 不支持计费模式 {value}，支持的计费模式为 {offers}"}}

func chargeModeMsg(flavor, offers string) message {
	return message{def: msgChargeMode, str: [3]string{1: flavor, 2: offers}}
}

var msgDuplicateTag = &msgDef{text: [2]string{"tag key {value} is already used by {first}", "标签键 {value} 已被 {first} 使用"}}

// duplicateTagMsg is about a tag key that the tag at pointer first has too.
func duplicateTagMsg(first string) message {
	return message{def: msgDuplicateTag, str: [3]string{1: first}}
}

var (
	msgUnknownField       = &msgDef{text: [2]string{"member {name} is not one the API knows; it is ignored", "成员 {name} 不是 API 已知的成员，将被忽略"}}
	msgUnknownFieldStrict = &msgDef{text: [2]string{"member {name} is not one the API knows (strict mode)", "成员 {name} 不是 API 已知的成员（严格模式）"}}
)

// unknownFieldMsg is about a member of the given name, which the message
// quotes (quoteName): a name from the body may be empty, or all spaces.
func unknownFieldMsg(name []byte, strict bool) message {
	def := msgUnknownField
	if strict {
		def = msgUnknownFieldStrict
	}
	return message{def: def, str: [3]string{quoteName(name)}}
}

var (
	msgNotApplicableEnterprise = &msgDef{text: [2]string{"{name} does not apply when instance_type is enterprise; it is ignored",
		"instance_type 为 enterprise 时 {name} 不适用，将被忽略"}}
	msgNotApplicablePostPaid = &msgDef{text: [2]string{"{name} does not apply when charge_mode is postPaid; it is ignored",
		"charge_mode 为 postPaid 时 {name} 不适用，将被忽略"}}
	msgNotApplicableStandard = &msgDef{text: [2]string{"{name} does not apply when instance_type is standard; it is ignored",
		"instance_type 为 standard 时 {name} 不适用，将被忽略"}}
)

// notApplicableMsg is about a member that condition w makes inapplicable.
func notApplicableMsg(w when) message {
	switch w {
	case ifEnterprise:
		return message{def: msgNotApplicableEnterprise}
	case ifPostPaid:
		return message{def: msgNotApplicablePostPaid}
	case ifEnterpriseFlavor:
		return message{def: msgNotApplicableFlavor}
	case ifCurrentPostPaid:
		return message{def: msgNotApplicableCurrent}
	}
	return message{def: msgNotApplicableStandard}
}

var (
	msgCoercedBool = &msgDef{text: [2]string{"string {value} read as boolean", "字符串 {value} 按布尔值读取"}}
	msgCoercedInt  = &msgDef{text: [2]string{"string {value} read as integer", "字符串 {value} 按整数读取"}}
)

// coercedDef is the coerced warning's template for a field of type t.
func coercedDef(t valueType) *msgDef {
	if t == typeBoolean {
		return msgCoercedBool
	}
	return msgCoercedInt
}

var msgPortConflict = &msgDef{text: [2]string{"{name} and {other} both use port {port}", "{name} 与 {other} 使用同一端口 {port}"}}

func portConflictMsg(other string, port int64) message {
	return message{def: msgPortConflict, str: [3]string{1: other}, num: [3]int64{port}}
}

var (
	msgTooManyErrors   = &msgDef{text: [2]string{"{more} more errors are not listed; a result lists the first {listed}", "另有 {more} 个错误未列出；结果只列出前 {listed} 个"}}
	msgTooManyWarnings = &msgDef{text: [2]string{"{more} more warnings are not listed; a result lists the first {listed}", "另有 {more} 个警告未列出；结果只列出前 {listed} 个"}}
	msgOneMoreError    = &msgDef{text: [2]string{"1 more error is not listed; a result lists the first {listed}", "另有 1 个错误未列出；结果只列出前 {listed} 个"}}
	msgOneMoreWarning  = &msgDef{text: [2]string{"1 more warning is not listed; a result lists the first {listed}", "另有 1 个警告未列出；结果只列出前 {listed} 个"}}
	tooManyDefs        = [2][2]*msgDef{{msgTooManyErrors, msgTooManyWarnings}, {msgOneMoreError, msgOneMoreWarning}}
)

// tooManyMsg closes a list (of warnings if warn) cut at its first listed.
func tooManyMsg(warn bool, more, listed int) message {
	return message{def: tooManyDefs[boolInt(more == 1)][boolInt(warn)], num: [3]int64{int64(more), int64(listed)}}
}
