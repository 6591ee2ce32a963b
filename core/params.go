package core

import (
	"unicode/utf8"
	"unsafe"
)

// params checks the path and header parameters, when the caller has them.
// They are reported first: they come before the body.
func (s *state) params() {
	pr := s.opts.Params
	if pr == nil {
		return
	}
	s.pathParam("project_id", pr.ProjectID, projectIDMaxLen, &projectIDChars)
	if s.api.current {
		// RULES.md, "Path of both".
		s.pathParam("instance_id", pr.InstanceID, instanceIDMaxLen, &hexIDChars)
	}
	if pr.HasAuthToken {
		// Only the length is checked, and the message never quotes the token.
		if n := utf8.RuneCountInString(pr.AuthToken); n > authTokenMaxLen {
			s.add(problem{code: CodeLength, in: "header", off: paramsOff, pnode: -1, ptr: "X-Auth-Token", val: -1,
				message: lengthMsg("X-Auth-Token", 0, authTokenMaxLen, n)})
		}
	}
}

// pathParam checks the path parameter name, whose value v must be 1 to
// maxLen characters of cls.
func (s *state) pathParam(name, v string, maxLen int, cls *charClass) {
	b := unsafe.Slice(unsafe.StringData(v), len(v)) // read only: v, in place
	if len(v) > 0 && len(v) <= maxLen && cls.allowsASCII(b) {
		return // the common case: ASCII, every character allowed
	}
	p := problem{in: "path", off: paramsOff, pnode: -1, ptr: name, val: -1}
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0:
		p.code, p.message = CodeRequired, requiredMsg(name, always)
	case n > maxLen:
		p.code, p.message = CodeLength, lengthMsg(name, 1, maxLen, n)
	default:
		_, bad := cls.scan(b)
		if bad < 0 {
			return
		}
		p.code, p.message = CodePattern, patternMsg(name, cls, bad)
	}
	s.add(p)
}
