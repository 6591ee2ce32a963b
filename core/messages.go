package core

import (
	"strconv"
	"strings"
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
	subject uint8      // {subject}: subjectBody or subjectDocument
}

// msgDef is a message's template in each language, cut into pieces once, so
// that writing one is a few appends, with no search for placeholders.
type msgDef struct {
	text   [2]string  // English, Chinese
	pieces [2][]piece // the same, cut
}

// piece is a part of a template: text, then the placeholder that follows it
// (phNone: none).
type piece struct {
	raw, json string // the text, as it is and escaped for a JSON string
	ph        placeholder
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
	{"flavor_type", phStr1}, {"other", phStr1}, {"first", phStr1},
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

// allMessages is every template, for the tests.
var allMessages []*msgDef

// newMsg cuts a template in English and Chinese into pieces. A brace pair
// that does not name a placeholder is text (a URN's {region}).
func newMsg(en, zh string) *msgDef {
	d := &msgDef{text: [2]string{en, zh}}
	for li, m := range d.text {
		var text []byte
		for i := 0; i < len(m); i++ {
			if m[i] == '{' {
				if j := strings.IndexByte(m[i:], '}'); j > 0 {
					if ph := slot(m[i+1 : i+j]); ph != phNone {
						d.pieces[li] = append(d.pieces[li], newPiece(text, ph))
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
	allMessages = append(allMessages, d)
	return d
}

func newPiece(text []byte, ph placeholder) piece {
	return piece{raw: string(text), json: string(appendEscaped(nil, string(text))), ph: ph}
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
			dst = strconv.AppendInt(dst, m.num[pc.ph-phNum0], 10)
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

// appendEcho appends node i as written, cut to maxEcho bytes on a character
// boundary.
func (r *reader) appendEcho(dst []byte, i int32, esc bool) []byte {
	if i < 0 {
		return dst
	}
	n := &r.nodes[i]
	raw := r.src[n.start:n.end]
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
