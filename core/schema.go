package core

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The body's schema as data: one row per member of RULES.md's "Body" table.
// The checker walks it, the JSON Schema export is generated from it, and the
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
)

// special marks string rules that are more than a length and a character set.
type special uint8

const (
	plain       special = iota
	tagKey              // no white space at either end; no _sys_ prefix
	smnTopicURN         // urn:smn:{region}:{project}:{topic}
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
	doc      string // for the JSON Schema
}

var fields = [numFields]field{
	fRoot:         {pointer: "", parent: noField, typ: typeObject, doc: "Body of POST /v5/iot/{project_id}/iotda-instances"},
	fInstanceType: {name: "instance_type", parent: fRoot, typ: typeString, required: always, enum: []string{"standard", "enterprise"}, doc: "Type of the instance to create"},
	fFlavor:       {name: "flavor", parent: fRoot, typ: typeObject, required: always, doc: "Specifications of the instance"},
	fFlavorType:   {name: "type", parent: fFlavor, typ: typeString, required: always, minLen: 1, maxLen: 64, chars: &flavorChars, doc: "Flavor code, one of the price catalog's"},
	fFlavorSize:   {name: "size", parent: fFlavor, typ: typeInteger, required: ifStandard, inapt: ifEnterprise, min: 1, max: 200, doc: "Units of a standard instance"},
	fName:         {name: "name", parent: fRoot, typ: typeString, required: always, minLen: 1, maxLen: 64, chars: &nameChars, doc: "Instance name"},
	fChargeInfo:   {name: "charge_info", parent: fRoot, typ: typeObject, required: always, doc: "Billing information"},
	fChargeMode:   {name: "charge_mode", parent: fChargeInfo, typ: typeString, required: always, enum: []string{"prePaid", "postPaid"}, doc: "prePaid: yearly/monthly; postPaid: pay-per-use"},
	fPeriodType:   {name: "period_type", parent: fChargeInfo, typ: typeString, required: ifPrePaid, inapt: ifPostPaid, enum: []string{"month", "year"}, doc: "Subscription period type (prePaid only)"},
	fPeriodNum:    {name: "period_num", parent: fChargeInfo, typ: typeInteger, required: ifPrePaid, inapt: ifPostPaid, min: 1, max: 9, doc: "Number of periods: month 1-9, year 1-3 (prePaid only)"},
	fAutoRenew:    {name: "is_auto_renew", parent: fChargeInfo, typ: typeBoolean, inapt: ifPostPaid, def: "false", defWhen: ifPrePaid, doc: "Renew automatically (prePaid only)"},
	fAutoPay:      {name: "is_auto_pay", parent: fChargeInfo, typ: typeBoolean, inapt: ifPostPaid, def: "false", defWhen: ifPrePaid, doc: "Pay automatically from the account balance (prePaid only)"},
	fPromotionInfos: {name: "promotion_infos", parent: fChargeInfo, typ: typeString, maxLen: 2048,
		doc: "Promotion information"},
	fDescription: {name: "description", parent: fRoot, typ: typeString, maxLen: 256, chars: &descriptionChars, doc: "Instance description"},
	fEnterpriseProjectID: {name: "enterprise_project_id", parent: fRoot, typ: typeString, minLen: 1, maxLen: 36, chars: &hexIDChars,
		def: `"0"`, defWhen: always, doc: "Enterprise project ID; 0 is the default enterprise project"},
	fTags:     {name: "tags", parent: fRoot, typ: typeArray, maxLen: 20, doc: "Tags of the instance"},
	fTag:      {parent: fTags, typ: typeObject, doc: "A tag"},
	fTagKey:   {name: "key", parent: fTag, typ: typeString, required: always, minLen: 1, maxLen: 128, chars: &tagKeyChars, special: tagKey, doc: "Tag key"},
	fTagValue: {name: "value", parent: fTag, typ: typeString, nullable: true, maxLen: 255, chars: &tagValueChars, doc: "Tag value; may be empty or null"},
	fAdditional: {name: "additional_params", parent: fRoot, typ: typeObject, required: ifEnterprise, inapt: ifStandard,
		doc: "Parameters of an enterprise instance"},
	fVpcID:           {name: "vpc_id", parent: fAdditional, typ: typeString, required: always, minLen: 1, maxLen: 36, chars: &hexIDChars, doc: "VPC ID"},
	fSubnetID:        {name: "subnet_id", parent: fAdditional, typ: typeString, required: always, minLen: 1, maxLen: 36, chars: &hexIDChars, doc: "Subnet ID"},
	fSecurityGroupID: {name: "security_group_id", parent: fAdditional, typ: typeString, required: always, minLen: 1, maxLen: 36, chars: &hexIDChars, doc: "Security group ID"},
	fSmnTopicURN: {name: "smn_topic_urn", parent: fAdditional, typ: typeString, minLen: 1, maxLen: 256, chars: &urnChars, special: smnTopicURN,
		doc: "SMN topic URN: urn:smn:{region}:{project_id}:{topic}"},
	fCipheringAlgorithm: {name: "ciphering_algorithm", parent: fAdditional, typ: typeString, enum: []string{"COMMON_ALGORITHM", "SM_ALGORITHM"},
		def: `"COMMON_ALGORITHM"`, defWhen: always, doc: "Encryption algorithms the instance supports"},
	fPortInfo:        {name: "port_info", parent: fAdditional, typ: typeObject, required: always, doc: "Ports of an enterprise instance"},
	fAppHTTPSPort:    port("app_https_port", "443", "HTTPS port for applications"),
	fAppAMQPSPort:    port("app_amqps_port", "5671", "AMQPS port for applications"),
	fDeviceCoAPPort:  port("device_coap_port", "5683", "CoAP port for devices"),
	fDeviceCoAPSPort: port("device_coaps_port", "5684", "CoAPS port for devices"),
	fDeviceMQTTPort:  port("device_mqtt_port", "1883", "MQTT port for devices"),
	fDeviceMQTTSPort: port("device_mqtts_port", "8883", "MQTTS port for devices"),
	fDeviceHTTPSPort: port("device_https_port", "443", "HTTPS port for devices"),
	fAppMQTTSPort:    port("app_mqtts_port", "8883", "MQTTS port for applications"),
}

func port(name, def, doc string) field {
	return field{name: name, parent: fPortInfo, typ: typeInteger, min: 0, max: 65535, def: def, defWhen: always, doc: doc}
}

// children lists each object's members in the table's order.
var children [numFields][]fieldID

func init() {
	for id := fRoot + 1; id < numFields; id++ {
		f := &fields[id]
		children[f.parent] = append(children[f.parent], id)
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
		pathHeads[id] = string(appendString([]byte(`{"path":`), fields[id].pointer)) + `,"code":"`
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
			t := coercedDef(fd.typ).pieces[li]
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
	projectIDMaxLen = 64
	authTokenMaxLen = 1024000
)
