package core

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The body's schema as data: one row per member of RULES.md's "Body" table,
// then of its "Resize" and "Change of charge mode" tables and of "The
// current instance", each under a root of its own. The checker walks it,
// the JSON Schema of each request's body is generated from it, and the
// defaults are filled from it, so a rule is written once.

type fieldID int8

const noField fieldID = -1

const (
	fRoot fieldID = iota
	fInstanceType
	fFlavor
	fFlavorType
	fFlavorSize
	fName
	fChargeInfo
	fChargeMode
	fPeriodType
	fPeriodNum
	fAutoRenew
	fAutoPay
	fPromotionInfos
	fDescription
	fEnterpriseProjectID
	fTags
	fTag // one item of tags
	fTagKey
	fTagValue
	fAdditional
	fVpcID
	fSubnetID
	fSecurityGroupID
	fSmnTopicURN
	fCipheringAlgorithm
	fPortInfo
	fAppHTTPSPort
	fAppAMQPSPort
	fDeviceCoAPPort
	fDeviceCoAPSPort
	fDeviceMQTTPort
	fDeviceMQTTSPort
	fDeviceHTTPSPort
	fAppMQTTSPort

	// The resize body (RULES.md, "Resize").
	fResizeRoot
	fResizeFlavor
	fResizeFlavorType
	fResizeFlavorSize
	fResizeAutoPay
	fResizeDelay

	// The change-charge-mode body (RULES.md, "Change of charge mode").
	fChangeRoot
	fChangePeriodType
	fChangePeriodNum
	fChangeAutoRenew
	fChangeAutoPay

	// The current instance (RULES.md, "The current instance"): the members
	// of a ShowInstance response that matter; its others are let be (open).
	fCurrentRoot
	fCurrentInstanceType
	fCurrentFlavor
	fCurrentFlavorType
	fCurrentFlavorSize
	fCurrentChargeMode
	fCurrentExpireTime
	numFields
)

type valueType uint8

const (
	typeString valueType = iota
	typeInteger
	typeBoolean
	typeObject
	typeArray
)

// when is a condition on the request's instance type and charge mode.
type when uint8

const (
	never when = iota
	always
	ifStandard
	ifEnterprise
	ifPrePaid
	ifPostPaid
	ifStandardFlavor // resize: the new flavor is a standard one (catalog)
	ifEnterpriseFlavor
	ifCurrentPrePaid // resize: the current instance is yearly/monthly
	ifCurrentPostPaid
)

// special marks string rules that are more than a length and a character set.
type special uint8

const (
	plain       special = iota
	tagKey              // no white space at either end; no _sys_ prefix
	smnTopicURN         // urn:smn:{region}:{project}:{topic}
	timestamp           // RFC 3339 with an offset
)

type field struct {
	name     string
	pointer  string // RFC 6901 pointer; tag members' is relative to the item
	parent   fieldID
	typ      valueType
	required when // when a missing or null member is an error
	inapt    when // when a present member does not apply (warning, ignored)
	nullable bool // null is a value, not absence (tags/N/value)
	enum     []string
	minLen   int
	maxLen   int
	chars    *charClass
	special  special
	min, max int64
	def      string // the default, as JSON; "" for none
	defNum   int64  // an integer default's value (init reads def)
	defWhen  when
	// bounded: an integer whose bounds depend on other members (the
	// flavor's units, the period type), checked by the cross rules.
	bounded bool
	// open: an object whose unknown members are let be, without a warning
	// (the current instance, pasted whole from a ShowInstance response).
	open bool
	// in is where the field is, for its problems: "" (the body) or "current".
	// A root's is in the table; its members take their parent's (init).
	in string
}

var fields = [numFields]field{
	fRoot:           {pointer: "", parent: noField, typ: typeObject},
	fInstanceType:   {name: "instance_type", parent: fRoot, typ: typeString, required: always, enum: []string{"standard", "enterprise"}},
	fFlavor:         {name: "flavor", parent: fRoot, typ: typeObject, required: always},
	fFlavorType:     {name: "type", parent: fFlavor, typ: typeString, required: always, minLen: 1, maxLen: 64, chars: &flavorChars},
	fFlavorSize:     {name: "size", parent: fFlavor, typ: typeInteger, required: ifStandard, inapt: ifEnterprise, min: 1, max: 200, bounded: true},
	fName:           {name: "name", parent: fRoot, typ: typeString, required: always, minLen: 1, maxLen: 64, chars: &nameChars},
	fChargeInfo:     {name: "charge_info", parent: fRoot, typ: typeObject, required: always},
	fChargeMode:     {name: "charge_mode", parent: fChargeInfo, typ: typeString, required: always, enum: []string{"prePaid", "postPaid"}},
	fPeriodType:     {name: "period_type", parent: fChargeInfo, typ: typeString, required: ifPrePaid, inapt: ifPostPaid, enum: []string{"month", "year"}},
	fPeriodNum:      {name: "period_num", parent: fChargeInfo, typ: typeInteger, required: ifPrePaid, inapt: ifPostPaid, min: 1, max: 9, bounded: true},
	fAutoRenew:      {name: "is_auto_renew", parent: fChargeInfo, typ: typeBoolean, inapt: ifPostPaid, def: "false", defWhen: ifPrePaid},
	fAutoPay:        {name: "is_auto_pay", parent: fChargeInfo, typ: typeBoolean, inapt: ifPostPaid, def: "false", defWhen: ifPrePaid},
	fPromotionInfos: {name: "promotion_infos", parent: fChargeInfo, typ: typeString, maxLen: 2048},
	fDescription:    {name: "description", parent: fRoot, typ: typeString, maxLen: 256, chars: &descriptionChars},
	fEnterpriseProjectID: {name: "enterprise_project_id", parent: fRoot, typ: typeString, minLen: 1, maxLen: 36, chars: &hexIDChars,
		def: `"0"`, defWhen: always},
	fTags:            {name: "tags", parent: fRoot, typ: typeArray, maxLen: 20},
	fTag:             {parent: fTags, typ: typeObject},
	fTagKey:          {name: "key", parent: fTag, typ: typeString, required: always, minLen: 1, maxLen: 128, chars: &tagKeyChars, special: tagKey},
	fTagValue:        {name: "value", parent: fTag, typ: typeString, nullable: true, maxLen: 255, chars: &tagValueChars},
	fAdditional:      {name: "additional_params", parent: fRoot, typ: typeObject, required: ifEnterprise, inapt: ifStandard},
	fVpcID:           {name: "vpc_id", parent: fAdditional, typ: typeString, required: always, minLen: 1, maxLen: 36, chars: &hexIDChars},
	fSubnetID:        {name: "subnet_id", parent: fAdditional, typ: typeString, required: always, minLen: 1, maxLen: 36, chars: &hexIDChars},
	fSecurityGroupID: {name: "security_group_id", parent: fAdditional, typ: typeString, required: always, minLen: 1, maxLen: 36, chars: &hexIDChars},
	fSmnTopicURN:     {name: "smn_topic_urn", parent: fAdditional, typ: typeString, minLen: 1, maxLen: 256, chars: &urnChars, special: smnTopicURN},
	fCipheringAlgorithm: {name: "ciphering_algorithm", parent: fAdditional, typ: typeString, enum: []string{"COMMON_ALGORITHM", "SM_ALGORITHM"},
		def: `"COMMON_ALGORITHM"`, defWhen: always},
	fPortInfo:        {name: "port_info", parent: fAdditional, typ: typeObject, required: always},
	fAppHTTPSPort:    port("app_https_port", "443"),
	fAppAMQPSPort:    port("app_amqps_port", "5671"),
	fDeviceCoAPPort:  port("device_coap_port", "5683"),
	fDeviceCoAPSPort: port("device_coaps_port", "5684"),
	fDeviceMQTTPort:  port("device_mqtt_port", "1883"),
	fDeviceMQTTSPort: port("device_mqtts_port", "8883"),
	fDeviceHTTPSPort: port("device_https_port", "443"),
	fAppMQTTSPort:    port("app_mqtts_port", "8883"),

	// resize: the instance type of the new flavor (in the catalog) decides
	// whether size applies; the current instance's charge mode, is_auto_pay.
	fResizeRoot:       {parent: noField, typ: typeObject},
	fResizeFlavor:     {name: "flavor", parent: fResizeRoot, typ: typeObject, required: always},
	fResizeFlavorType: {name: "type", parent: fResizeFlavor, typ: typeString, required: always, minLen: 1, maxLen: 64, chars: &flavorChars},
	fResizeFlavorSize: {name: "size", parent: fResizeFlavor, typ: typeInteger, required: ifStandardFlavor, inapt: ifEnterpriseFlavor, min: 1, max: 200, bounded: true},
	fResizeAutoPay:    {name: "is_auto_pay", parent: fResizeRoot, typ: typeBoolean, inapt: ifCurrentPostPaid, def: "false", defWhen: ifCurrentPrePaid},
	fResizeDelay:      {name: "delay", parent: fResizeRoot, typ: typeBoolean, def: "false", defWhen: always},

	fChangeRoot:       {parent: noField, typ: typeObject},
	fChangePeriodType: {name: "period_type", parent: fChangeRoot, typ: typeString, required: always, enum: []string{"month", "year"}},
	fChangePeriodNum:  {name: "period_num", parent: fChangeRoot, typ: typeInteger, required: always, min: 1, max: 9, bounded: true},
	fChangeAutoRenew:  {name: "is_auto_renew", parent: fChangeRoot, typ: typeBoolean, def: "false", defWhen: always},
	fChangeAutoPay:    {name: "is_auto_pay", parent: fChangeRoot, typ: typeBoolean, def: "false", defWhen: always},

	fCurrentRoot:         {parent: noField, typ: typeObject, open: true, in: "current"},
	fCurrentInstanceType: {name: "instance_type", parent: fCurrentRoot, typ: typeString, enum: []string{"standard", "enterprise"}},
	fCurrentFlavor:       {name: "flavor", parent: fCurrentRoot, typ: typeObject, open: true},
	fCurrentFlavorType:   {name: "type", parent: fCurrentFlavor, typ: typeString, minLen: 1, maxLen: 64, chars: &flavorChars},
	fCurrentFlavorSize:   {name: "size", parent: fCurrentFlavor, typ: typeInteger, min: 1, max: 200},
	fCurrentChargeMode:   {name: "charge_mode", parent: fCurrentRoot, typ: typeString, enum: []string{"prePaid", "postPaid"}},
	fCurrentExpireTime:   {name: "expire_time", parent: fCurrentRoot, typ: typeString, minLen: 1, maxLen: 64, special: timestamp}}

// fieldDocs describe each field in the JSON Schema. They are kept apart
// from the table the check reads, so the module, which writes no schema,
// does not carry them.
var fieldDocs = [numFields]string{
	fRoot:                "Body of POST /v5/iot/{project_id}/iotda-instances",
	fInstanceType:        "Type of the instance to create",
	fFlavor:              "Specifications of the instance",
	fFlavorType:          "Flavor code, one of the price catalog's",
	fFlavorSize:          "Units of a standard instance",
	fName:                "Instance name",
	fChargeInfo:          "Billing information",
	fChargeMode:          "prePaid: yearly/monthly; postPaid: pay-per-use",
	fPeriodType:          "Subscription period type (prePaid only)",
	fPeriodNum:           "Number of periods: month 1-9, year 1-3 (prePaid only)",
	fAutoRenew:           "Renew automatically (prePaid only)",
	fAutoPay:             "Pay automatically from the account balance (prePaid only)",
	fPromotionInfos:      "Promotion information",
	fDescription:         "Instance description",
	fEnterpriseProjectID: "Enterprise project ID; 0 is the default enterprise project",
	fTags:                "Tags of the instance",
	fTag:                 "A tag",
	fTagKey:              "Tag key",
	fTagValue:            "Tag value; may be empty or null",
	fAdditional:          "Parameters of an enterprise instance",
	fVpcID:               "VPC ID",
	fSubnetID:            "Subnet ID",
	fSecurityGroupID:     "Security group ID",
	fSmnTopicURN:         "SMN topic URN: urn:smn:{region}:{project_id}:{topic}",
	fCipheringAlgorithm:  "Encryption algorithms the instance supports",
	fPortInfo:            "Ports of an enterprise instance",
	fAppHTTPSPort:        "HTTPS port for applications",
	fAppAMQPSPort:        "AMQPS port for applications",
	fDeviceCoAPPort:      "CoAP port for devices",
	fDeviceCoAPSPort:     "CoAPS port for devices",
	fDeviceMQTTPort:      "MQTT port for devices",
	fDeviceMQTTSPort:     "MQTTS port for devices",
	fDeviceHTTPSPort:     "HTTPS port for devices",
	fAppMQTTSPort:        "MQTTS port for applications",
	fResizeRoot:          "Body of POST /v5/iot/{project_id}/iotda-instances/{instance_id}/resize",
	fResizeFlavor:        "The new specifications",
	fResizeFlavorType:    "Flavor code, one of the price catalog's",
	fResizeFlavorSize:    "Units of a standard flavor (required for one); does not apply to an enterprise flavor",
	fResizeAutoPay:       "Pay automatically from the account balance (yearly/monthly instances only)",
	fResizeDelay:         "Wait for the instance's change window",
	fChangeRoot:          "Body of POST /v5/iot/{project_id}/iotda-instances/{instance_id}/change-charge-mode",
	fChangePeriodType:    "Subscription period type",
	fChangePeriodNum:     "Number of periods: month 1-9, year 1-3",
	fChangeAutoRenew:     "Renew automatically",
	fChangeAutoPay:       "Pay automatically from the account balance",
	fCurrentRoot:         "The instance as it is now (a ShowInstance response)",
	fCurrentInstanceType: "Type of the instance",
	fCurrentFlavor:       "Specifications of the instance",
	fCurrentFlavorType:   "Flavor code",
	fCurrentFlavorSize:   "Units",
	fCurrentChargeMode:   "prePaid: yearly/monthly; postPaid: pay-per-use",
	fCurrentExpireTime:   "When the current yearly/monthly order ends (RFC 3339 with an offset)",
}

func port(name, def string) field {
	return field{name: name, parent: fPortInfo, typ: typeInteger, min: 0, max: 65535, def: def, defWhen: always}
}

// children lists each object's members in the table's order.
var children [numFields][]fieldID

func init() {
	for id := fRoot + 1; id < numFields; id++ {
		f := &fields[id]
		if f.parent == noField { // the root of another request, or of the current instance
			continue
		}
		children[f.parent] = append(children[f.parent], id)
		f.in = fields[f.parent].in // a parent comes before its members
		if f.parent != fTag {
			f.pointer = fields[f.parent].pointer + "/" + f.name
		} else {
			f.pointer = "/" + f.name
		}
	}
	fields[fTag].pointer = ""
	for id := range fields {
		if f := &fields[id]; f.typ == typeInteger && f.def != "" {
			n, err := strconv.ParseInt(f.def, 10, 64)
			if err != nil {
				panic("core: field " + f.name + " has a default that is not an integer: " + f.def)
			}
			f.defNum = n
		}
	}
	for id := range fields {
		head := appendString([]byte(`{"path":`), fields[id].pointer)
		if in := fields[id].in; in != "" {
			head = appendString(append(head, `,"in":`...), in)
		}
		pathHeads[id] = string(head) + `,"code":"`
	}
	cutCoerced()
	indexNames()
}

// pathHeads is how the result document starts a problem about each field
// (but a tag's members, whose paths start with their item's): its path and
// the start of its code. A check writes it in one piece.
var pathHeads [numFields]string

// The coerced warning, the one every string boolean and port of the API
// page's examples gets, written as three pieces instead of a problem's ten:
// all that comes before the string's text (its field's head, the code and
// the message up to the quote), the text, and all that comes after. By
// field (its head) or by type (the rest), in each language; "" where the
// message's template does not have that shape.
var (
	coercedHeads [numFields][2]string
	coercedTails [typeArray + 1][2]string
)

// cutCoerced fills coercedHeads and coercedTails from the templates of the
// coerced messages, where they are text, the value, and text.
func cutCoerced() {
	for id := range fields {
		fd := &fields[id]
		if fd.parent == fTag || fd.typ != typeBoolean && fd.typ != typeInteger { // a tag's are never headed
			continue
		}
		for li := range 2 {
			d := coercedDef(fd.typ)
			d.cut() // whichever init runs first
			t := d.pieces[li]
			if len(t) != 2 || t[0].ph != phValue || t[1].ph != phNone {
				continue
			}
			coercedHeads[id][li] = pathHeads[id] + string(CodeCoerced) + `","message":"` + t[0].json + `\"`
			coercedTails[fd.typ][li] = `\"` + t[1].json + `"}`
		}
	}
}

// portGroups are the device-side protocols that may not share a port: the
// TCP ones, and the UDP ones (RULES.md, cross-field warnings).
var portGroups = [][]fieldID{
	{fDeviceMQTTPort, fDeviceMQTTSPort, fDeviceHTTPSPort},
	{fDeviceCoAPPort, fDeviceCoAPSPort},
}

// charClass is the set of characters a string field allows.
type charClass struct {
	allow func(rune) bool
	ascii [256]uint8 // 1 for each ASCII byte allow takes, 0 for every other byte
	desc  [2]string  // for messages, in English and Chinese
	// pattern is the same set as the body of a regular-expression character
	// class that ECMA-262 (with the "u" flag) and Go's RE2 read alike, for
	// the JSON Schema: no \u or \x{} escapes, literal characters instead.
	pattern string
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isDigit(r rune) bool       { return r >= '0' && r <= '9' }
func isCJK(r rune) bool         { return r >= 0x4E00 && r <= 0x9FA5 }
func isHexLower(r rune) bool    { return isDigit(r) || r >= 'a' && r <= 'f' }

var (
	nameChars = charClass{
		allow:   func(r rune) bool { return isASCIILetter(r) || isCJK(r) || isDigit(r) || r == '_' || r == '-' },
		desc:    [2]string{"A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, _ and -", "A-Z、a-z、0-9、汉字（U+4E00 至 U+9FA5）、_ 和 -"},
		pattern: `A-Za-z一-龥0-9_\-`,
	}
	descriptionChars = charClass{
		allow: func(r rune) bool {
			switch r {
			case ' ', '\t', '\n', '\r', '\f', '\v', '_', ',', '.', '&', '-', '，', '。', '、':
				return true
			}
			return isASCIILetter(r) || isCJK(r) || isDigit(r)
		},
		desc: [2]string{"A-Z, a-z, 0-9, Chinese characters U+4E00 to U+9FA5, space, tab, line breaks and _ , . & - ， 。 、",
			"A-Z、a-z、0-9、汉字（U+4E00 至 U+9FA5）、空格、制表符、换行和 _ , . & - ， 。 、"},
		pattern: `A-Za-z一-龥0-9 \t\n\r\f\v_,.&\-，。、`,
	}
	flavorChars = charClass{
		allow:   func(r rune) bool { return isASCIILetter(r) || isDigit(r) || r == '-' || r == '.' },
		desc:    [2]string{"A-Z, a-z, 0-9, - and .", "A-Z、a-z、0-9、- 和 ."},
		pattern: `A-Za-z0-9\-.`,
	}
	hexIDChars = charClass{
		allow:   func(r rune) bool { return isHexLower(r) || r == '-' },
		desc:    [2]string{"lowercase hex digits (0-9, a-f) and hyphens (-)", "小写十六进制数字（0-9、a-f）和连字符（-）"},
		pattern: `0-9a-f\-`,
	}
	urnChars = charClass{
		allow:   func(r rune) bool { return isASCIILetter(r) || isDigit(r) || r == '_' || r == '-' || r == ':' },
		desc:    [2]string{"A-Z, a-z, 0-9, _ - and :", "A-Z、a-z、0-9、_ - 和 :"},
		pattern: `A-Za-z0-9_\-:`,
	}
	tagKeyChars = charClass{
		allow: func(r rune) bool {
			switch r {
			case '_', '.', ':', '=', '+', '-', '@':
				return true
			}
			return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z)
		},
		desc:    [2]string{"letters and numbers of any script, space separators and _ . : = + - @", "任何文字的字母和数字、空格类分隔符和 _ . : = + - @"},
		pattern: `\p{L}\p{N}\p{Z}_.:=+\-@`,
	}
	tagValueChars = charClass{
		allow: func(r rune) bool {
			switch r {
			case '_', '.', ':', '/', '=', '+', '-', '@':
				return true
			}
			return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z)
		},
		desc:    [2]string{"letters and numbers of any script, space separators and _ . : / = + - @", "任何文字的字母和数字、空格类分隔符和 _ . : / = + - @"},
		pattern: `\p{L}\p{N}\p{Z}_.:/=+\-@`,
	}
	projectIDChars = charClass{
		allow:   func(r rune) bool { return isASCIILetter(r) || isDigit(r) || r == '-' },
		desc:    [2]string{"A-Z, a-z, 0-9 and -", "A-Z、a-z、0-9 和 -"},
		pattern: `A-Za-z0-9\-`,
	}
)

// charClasses are all the classes the fields use.
var charClasses = [...]*charClass{&nameChars, &descriptionChars, &flavorChars, &hexIDChars, &urnChars, &tagKeyChars, &tagValueChars, &projectIDChars}

func init() {
	for _, c := range charClasses {
		for r := rune(0); r < utf8.RuneSelf; r++ {
			if c.allow(r) {
				c.ascii[r] = 1
			}
		}
	}
}

// allowsASCII reports whether the class allows every byte of t, which holds
// ASCII only. The loop has no branch but its own: the common case, a valid
// value, is a table lookup and an AND per byte. (Testing eight bytes at a
// time against the class's ranges was slower, natively and as WebAssembly.)
func (c *charClass) allowsASCII(t []byte) bool {
	all := uint8(1)
	for ; len(t) >= 8; t = t[8:] { // eight a round: as WebAssembly, each round costs a dispatch
		all &= c.ascii[t[0]] & c.ascii[t[1]] & c.ascii[t[2]] & c.ascii[t[3]] &
			c.ascii[t[4]] & c.ascii[t[5]] & c.ascii[t[6]] & c.ascii[t[7]]
	}
	for _, b := range t {
		all &= c.ascii[b]
	}
	return all != 0
}

// scan returns how many code points t has and the first one the class does
// not allow (-1: none).
func (c *charClass) scan(t []byte) (count int, bad rune) {
	bad = -1
	for i := 0; i < len(t); count++ {
		b := t[i]
		if b < utf8.RuneSelf {
			if c.ascii[b] == 0 && bad < 0 {
				bad = rune(b)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if bad < 0 && !c.allow(r) {
			bad = r
		}
		i += size
	}
	return count, bad
}

// Request parameters (RULES.md, "Path and header").
const (
	projectIDMaxLen  = 64
	instanceIDMaxLen = 36
	authTokenMaxLen  = 1024000
)
