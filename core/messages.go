package core

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Messages are made from templates in each language; codes never change
// with the language. Each template below stands next to its constructor,
// which takes the message's arguments by name and type, so no call site
// needs to know where a template keeps them. A template's placeholders are
// named: {name} is the member (or thing) the problem is about, {value} the
// offending value as written in the body (shortened), {want} and {got} type
// names, {chars} a character set's description, {subject} what was read
// (the body, or another document); the others are the constructor's
// parameters. Nothing from the X-Auth-Token header is ever an argument.

// message is a message before it is rendered: its template and arguments.
type message struct {
	def     *msgDef
	str     [3]string // see slots
	num     [3]int64
	kinds   [2]word    // {want}, {got}
	cls     *charClass // {chars}
	subject uint8      // {subject}: subjectBody, subjectCurrent or subjectDocument
}

// msgDef is a message's template in each language, cut into pieces once, so
// that writing one is a few appends, with no search for placeholders.
type msgDef struct {
	text   [2]string  // English, Chinese
	pieces [2][]piece // the same, cut
}

// piece is a part of a template: text, then the placeholder that follows it
// (phNone: none). A number's placeholder may name the noun it counts,
// {count|item}: it is written after the number, in the plural but after 1.
type piece struct {
	raw, json string // the text, as it is and escaped for a JSON string
	ph        placeholder
	noun      string // " item": the counted noun, with its space ("": none)
}

type placeholder uint8

const (
	phNone placeholder = iota
	phStr0
	phStr1
	phStr2
	phNum0
	phNum1
	phNum2
	phValue
	phWant
	phGot
	phChars
	phSubject
)

// slots says where the argument of each placeholder is kept: a template
// uses at most one name of each slot, and its constructor fills that slot.
var slots = [...]struct {
	name string
	ph   placeholder
}{
	{"name", phStr0}, {"char", phStr0}, {"literal", phStr0}, {"escape", phStr0},
	{"list", phStr1}, {"period_type", phStr1}, {"flavor", phStr1}, {"catalog", phStr1},
	{"flavor_type", phStr1}, {"other", phStr1}, {"first", phStr1}, {"at", phStr1},
	{"bad", phStr2}, {"instance_type", phStr2}, {"offers", phStr2},
	{"lo", phNum0}, {"offset", phNum0}, {"code", phNum0}, {"levels", phNum0}, {"size", phNum0},
	{"port", phNum0}, {"more", phNum0},
	{"hi", phNum1}, {"limit", phNum1}, {"listed", phNum1},
	{"count", phNum2},
	{"value", phValue}, {"want", phWant}, {"got", phGot}, {"chars", phChars}, {"subject", phSubject},
}

// slot is the placeholder a name in braces stands for (phNone: the name is
// no placeholder).
func slot(name string) placeholder {
	for _, s := range slots {
		if s.name == name {
			return s.ph
		}
	}
	return phNone
}

// allMessages is every template: init cuts each into pieces, and the tests
// render each (a template missing here renders empty, which they catch).
var allMessages = []*msgDef{
	msgEmpty,
	msgBOM,
	msgTrailing,
	msgEOF,
	msgEOFString,
	msgUnexpected,
	msgBadLiteral,
	msgWantName,
	msgWantColon,
	msgWantCommaObject,
	msgWantCommaArray,
	msgBadNumber,
	msgLeadingZero,
	msgControl,
	msgBadUTF8,
	msgBadEscape,
	msgSurrogate,
	msgTooDeep,
	msgTooLarge,
	msgTooLargeOver,
	msgDuplicateKey,
	msgType,
	msgNotInteger,
	msgStrictCoerce,
	msgRequired,
	msgRequiredStandard,
	msgRequiredPrePaid,
	msgRequiredEnterprise,
	msgEnum,
	msgLength,
	msgMaxLength,
	msgExactLength,
	msgMaxItems,
	msgPattern,
	msgTrimmed,
	msgReserved,
	msgURN,
	msgRange,
	msgRangeOne,
	msgRangePeriod,
	msgRangePeriodOne,
	msgRangeFlavor,
	msgRangeFlavorOne,
	msgUnknownFlavor,
	msgUnknownFlavorUnnamed,
	msgFlavorMismatch,
	msgChargeMode,
	msgDuplicateTag,
	msgUnknownField,
	msgUnknownFieldStrict,
	msgNotApplicableEnterprise,
	msgNotApplicablePostPaid,
	msgNotApplicableStandard,
	msgCoercedBool,
	msgCoercedInt,
	msgPortConflict,
	msgTooManyErrors,
	msgTooManyWarnings,
	msgOneMoreError,
	msgOneMoreWarning,
	msgTimestamp,
	msgCurrentType,
	msgFlavorMismatchCurrent,
	msgNoChange,
	msgNoChangeOnly,
	msgNotPayPerUse,
	msgNotSoldPrePaid,
	msgExpired,
	msgRequiredStandardFlavor,
	msgNotApplicableFlavor,
	msgNotApplicableCurrent,
}

// The templates are data, cut at start: a constructor call per template
// would be code the module carries for every one of them.
func init() {
	for _, d := range allMessages {
		d.cut()
	}
}

// cut cuts the template in English and Chinese into pieces. A brace pair
// that does not name a placeholder is text (a URN's {region}).
func (d *msgDef) cut() {
	if d.pieces[0] != nil { // already cut (see cutCoerced)
		return
	}
	for li, m := range d.text {
		var text []byte
		for i := 0; i < len(m); i++ {
			if m[i] == '{' {
				if j := strings.IndexByte(m[i:], '}'); j > 0 {
					name, noun, counted := strings.Cut(m[i+1:i+j], "|")
					if ph := slot(name); ph != phNone && (!counted || ph >= phNum0 && ph <= phNum2) {
						pc := newPiece(text, ph)
						if counted {
							pc.noun = " " + noun
						}
						d.pieces[li] = append(d.pieces[li], pc)
						text = text[:0]
						i += j
						continue
					}
				}
			}
			text = append(text, m[i])
		}
		if len(text) > 0 || len(d.pieces[li]) == 0 {
			d.pieces[li] = append(d.pieces[li], newPiece(text, phNone))
		}
	}
}

func newPiece(text []byte, ph placeholder) piece {
	return piece{raw: string(text), json: string(appendEscaped(nil, string(text))), ph: ph}
}

// subjects name what was read: a request body, or another JSON document (a
// catalog, an options document) read by the same reader.
var subjects = [...][2]string{
	subjectBody:     {"the body", "请求体"},
	subjectDocument: {"the document", "文档"},
	subjectCurrent:  {"the current instance", "当前实例"},
}

const (
	subjectBody uint8 = iota
	subjectDocument
	subjectCurrent // Options.Current
)

// maxEcho is the most characters of an offending value a message quotes:
// as many as a flavor's type may have, so a flavor of the catalog is never
// cut.
const maxEcho = 64

// langIndex is lang's index in every table by language.
func langIndex(lang Lang) int {
	if lang == Chinese {
		return 1
	}
	return 0
}

// appendMessage appends problem p's message in lang, escaped for a JSON
// string when esc is set. It needs only the reader that read the document
// p is about (for {value}): a message renders without a check.
func appendMessage(dst []byte, p *problem, r *reader, lang Lang, esc bool) []byte {
	li := langIndex(lang)
	m := &p.message
	pieces := m.def.pieces[li]
	for i := range pieces {
		pc := &pieces[i]
		if esc {
			dst = append(dst, pc.json...)
		} else {
			dst = append(dst, pc.raw...)
		}
		switch pc.ph {
		case phNone:
		case phStr0, phStr1, phStr2:
			dst = appendText(dst, m.str[pc.ph-phStr0], esc)
		case phNum0, phNum1, phNum2:
			n := m.num[pc.ph-phNum0]
			dst = strconv.AppendInt(dst, n, 10)
			if pc.noun != "" {
				dst = append(dst, pc.noun...)
				if n != 1 {
					dst = append(dst, 's')
				}
			}
		case phValue:
			dst = r.appendEcho(dst, p.val, esc)
		case phWant, phGot:
			dst = append(dst, words[m.kinds[pc.ph-phWant]][li]...)
		case phChars:
			dst = append(dst, m.cls.desc[li]...)
		case phSubject:
			dst = append(dst, subjects[m.subject][li]...)
		}
	}
	return dst
}

// appendEcho appends node i as written, cut to maxEcho characters: a cut
// string keeps its closing quote, with an ellipsis before it. A character
// that does not print as itself (see visible) is written as its JSON escape,
// \uXXXX, which is the same value: a message never shows white space a
// reader cannot see, nor a control that turns the text around.
func (r *reader) appendEcho(dst []byte, i int32, esc bool) []byte {
	if i < 0 {
		return dst
	}
	n := &r.nodes[i]
	raw := r.src[n.start:n.end]
	if len(raw) <= maxEcho && !n.wide {
		if esc && n.kind == kindString && !n.esc {
			// A string without escapes holds no byte JSON escapes but its
			// quotes: no need to scan it.
			dst = append(dst, '\\', '"')
			dst = append(dst, raw[1:len(raw)-1]...)
			return append(dst, '\\', '"')
		}
		return appendText(dst, string(raw), esc)
	}
	quoted := n.kind == kindString
	if quoted {
		raw = raw[1 : len(raw)-1]
		dst = appendText(dst, `"`, esc)
	}
	for count := 0; len(raw) > 0; count++ {
		if count == maxEcho {
			dst = append(dst, "…"...)
			break
		}
		c, size := utf8.DecodeRune(raw)
		if c >= utf8.RuneSelf && !visible(c) {
			var buf [12]byte
			dst = appendText(dst, string(appendInvisible(buf[:0], c)), esc)
		} else {
			dst = appendText(dst, string(raw[:size]), esc)
		}
		raw = raw[size:]
	}
	if quoted {
		dst = appendText(dst, `"`, esc)
	}
	return dst
}

// quoteName quotes a member name from a document, as JSON writes a string,
// with every character that does not print as itself (see visible) written
// as its \uXXXX escape: an empty name shows as "", and one of spaces or of
// invisible characters shows what it holds.
func quoteName(name []byte) string {
	dst := []byte{'"'}
	for len(name) > 0 {
		c, size := utf8.DecodeRune(name)
		switch {
		case c >= utf8.RuneSelf && !visible(c):
			dst = appendInvisible(dst, c)
		default:
			dst = appendEscaped(dst, string(name[:size]))
		}
		name = name[size:]
	}
	return string(append(dst, '"'))
}

// appendInvisible appends character c as JSON escapes it: \uXXXX, or the
// two of its surrogate pair beyond the Basic Multilingual Plane.
func appendInvisible(dst []byte, c rune) []byte {
	pair := [2]rune{c}
	units := pair[:1]
	if c > 0xFFFF {
		pair[0], pair[1] = utf16.EncodeRune(c)
		units = pair[:]
	}
	for _, u := range units {
		dst = append(dst, '\\', 'u', hexDigits[u>>12&0xf], hexDigits[u>>8&0xf], hexDigits[u>>4&0xf], hexDigits[u&0xf])
	}
	return dst
}

// visible reports whether character c prints as itself: a letter, a digit,
// a mark that is not combining, punctuation or a symbol. White space,
// controls, format characters (U+200B, U+202E, U+FEFF), combining marks,
// private-use and unassigned code points do not.
func visible(c rune) bool {
	return unicode.In(c, unicode.L, unicode.Mc, unicode.N, unicode.P, unicode.S)
}

// quoteRune shows character c in a message, by one rule: in quotes when it
// prints as itself ('é', '\\' as a lone backslash), and as U+XXXX when it
// does not.
func quoteRune(c rune) string {
	if visible(c) {
		return "'" + string(c) + "'"
	}
	return fmt.Sprintf("U+%04X", c)
}
