package core

// The messages of resize, change-charge-mode and the current instance
// (RULES.md), each template next to its constructor.

var msgTimestamp = &msgDef{text: [2]string{"{name} must be a date and time in RFC 3339 with an offset, such as 2023-08-18T15:30:00+08:00, not {value}",
	"{name} 必须是带时区偏移的 RFC 3339 日期时间（如 2023-08-18T15:30:00+08:00），而不是 {value}"}}

func timestampMsg() message { return message{def: msgTimestamp} }

var msgCurrentType = &msgDef{text: [2]string{"the current instance must be an object, not {got}", "当前实例必须是对象，而不是{got}"}}

func currentTypeMsg(got word) message { return message{def: msgCurrentType, kinds: [2]word{1: got}} }

var msgFlavorMismatchCurrent = &msgDef{text: [2]string{"flavor {value} is a flavor of {flavor_type} instances, but the current instance is {instance_type}",
	"规格 {value} 属于 {flavor_type} 实例，但当前实例为 {instance_type}"}}

// flavorMismatchCurrentMsg is about a new flavor of another instance type
// than the current instance's.
func flavorMismatchCurrentMsg(flavorType, instanceType string) message {
	return message{def: msgFlavorMismatchCurrent, str: [3]string{1: flavorType, 2: instanceType}}
}

var (
	msgNoChange     = &msgDef{text: [2]string{"{name} is the current instance's: flavor {flavor} with {size|unit}; a resize must change it", "{name} 与当前实例相同：规格 {flavor}，{size} 个单元；变更规格必须有所改变"}}
	msgNoChangeOnly = &msgDef{text: [2]string{"{name} is the current instance's: flavor {flavor}; a resize must change it", "{name} 与当前实例相同：规格 {flavor}；变更规格必须有所改变"}}
)

// noChangeMsg is about a new spec equal to the current one: flavor with
// units units (0: an enterprise flavor, which has none).
func noChangeMsg(flavor string, units int64) message {
	if units == 0 {
		return message{def: msgNoChangeOnly, str: [3]string{1: flavor}}
	}
	return message{def: msgNoChange, str: [3]string{1: flavor}, num: [3]int64{units}}
}

var msgNotPayPerUse = &msgDef{text: [2]string{"{name} is {value}: only a pay-per-use (postPaid) instance changes to yearly/monthly",
	"{name} 为 {value}：只有按需计费（postPaid）的实例才能转为包年/包月"}}

// notPayPerUseMsg is about a current instance that is not pay-per-use, for
// a change of charge mode.
func notPayPerUseMsg() message { return message{def: msgNotPayPerUse} }

var msgNotSoldPrePaid = &msgDef{text: [2]string{"the current flavor {flavor} is not sold yearly/monthly (prePaid); it is sold with {offers}",
	"当前规格 {flavor} 不提供包年/包月（prePaid）计费，支持的计费模式为 {offers}"}}

// notSoldPrePaidMsg is about a change to yearly/monthly of a flavor the
// catalog does not sell that way.
func notSoldPrePaidMsg(flavor, offers string) message {
	return message{def: msgNotSoldPrePaid, str: [3]string{1: flavor, 2: offers}}
}

var msgExpired = &msgDef{text: [2]string{"{name} is {value}, not after the change time {at}: the order has ended by then",
	"{name} 为 {value}，不晚于变更时间 {at}：届时订单已到期"}}

// expiredMsg is about an expire_time at or before the change time at (as
// RFC 3339 in UTC).
func expiredMsg(at string) message { return message{def: msgExpired, str: [3]string{1: at}} }

var (
	msgRequiredStandardFlavor = &msgDef{text: [2]string{"{name} is required for a standard flavor", "标准版规格必须填写 {name}"}}
	msgNotApplicableFlavor    = &msgDef{text: [2]string{"{name} does not apply to an enterprise flavor; it is ignored", "{name} 不适用于企业版规格，将被忽略"}}
	msgNotApplicableCurrent   = &msgDef{text: [2]string{"{name} does not apply when the current instance is pay-per-use (postPaid); it is ignored",
		"当前实例为按需计费（postPaid）时 {name} 不适用，将被忽略"}}
)
