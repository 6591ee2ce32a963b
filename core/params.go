package core

import "unicode/utf8"

// params checks the path and header parameters, when the caller has them.
// They are reported first: they come before the body.
func (s *state) params() {
	pr := s.opts.Params
	if pr == nil {
		return
	}
	p := problem{in: "path", off: paramsOff, pnode: -1, ptr: "project_id", val: -1}
	const name = "project_id"
	n := utf8.RuneCountInString(pr.ProjectID)
	switch {
	case n == 0:
		p.code, p.message = CodeRequired, requiredMsg(name, always)
		s.add(p)
	case n > projectIDMaxLen:
		p.code, p.message = CodeLength, lengthMsg(name, 1, projectIDMaxLen, n)
		s.add(p)
	default:
		if _, bad := projectIDChars.scan([]byte(pr.ProjectID)); bad >= 0 {
			p.code, p.message = CodePattern, patternMsg(name, &projectIDChars, bad)
			s.add(p)
		}
	}
	if s.api.current {
		s.instanceID(pr.InstanceID)
	}
	if pr.HasAuthToken {
		// Only the length is checked, and the message never quotes the token.
		if n := utf8.RuneCountInString(pr.AuthToken); n > authTokenMaxLen {
			s.add(problem{code: CodeLength, in: "header", off: paramsOff, pnode: -1, ptr: "X-Auth-Token", val: -1,
				message: lengthMsg("X-Auth-Token", 0, authTokenMaxLen, n)})
		}
	}
}

// instanceID checks the path's {instance_id} (RULES.md, "Path of both").
func (s *state) instanceID(id string) {
	const name = "instance_id"
	if len(id) > 0 && len(id) <= instanceIDMaxLen && allowsASCIIString(&hexIDChars, id) {
		return // the common case: ASCII, every character allowed
	}
	p := problem{in: "path", off: paramsOff, pnode: -1, ptr: name, val: -1}
	n := utf8.RuneCountInString(id)
	switch {
	case n == 0:
		p.code, p.message = CodeRequired, requiredMsg(name, always)
	case n > instanceIDMaxLen:
		p.code, p.message = CodeLength, lengthMsg(name, 1, instanceIDMaxLen, n)
	default:
		_, bad := hexIDChars.scan([]byte(id))
		if bad < 0 {
			return
		}
		p.code, p.message = CodePattern, patternMsg(name, &hexIDChars, bad)
	}
	s.add(p)
}

// allowsASCIIString reports whether every byte of s is an ASCII character
// cls allows.
func allowsASCIIString(cls *charClass, s string) bool {
	for i := 0; i < len(s); i++ {
		if cls.ascii[s[i]] == 0 { // 0 for every byte that is not ASCII too
			return false
		}
	}
	return true
}
