package core

import "unicode/utf8"

// params checks the path and header parameters, when the caller has them.
// They are reported first: they come before the body.
func (s *state) params() {
	pr := s.opts.Params
	if pr == nil {
		return
	}
	p := problem{in: "path", off: -1, pnode: -1, ptr: "project_id", val: -1}
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
	if pr.HasAuthToken {
		// Only the length is checked, and the message never quotes the token.
		if n := utf8.RuneCountInString(pr.AuthToken); n > authTokenMaxLen {
			s.add(problem{code: CodeLength, in: "header", off: -1, pnode: -1, ptr: "X-Auth-Token", val: -1,
				message: lengthMsg("X-Auth-Token", 0, authTokenMaxLen, n)})
		}
	}
}
