package core

// Check reads, checks, completes and prices one request body. It never
// panics and never reads past opts' limits; every problem, in the body or in
// opts.Params, is in the result.
func Check(body []byte, opts Options) *Result {
	s := statePool.Get().(*state)
	defer s.release()
	read := s.check(body, &opts)
	res := &Result{Errors: []Problem{}, Warnings: []Problem{}, Defaults: []string{}}
	for i := range s.probs {
		p := &s.probs[i]
		s.out = s.appendPath(s.out[:0], p, false)
		path := string(s.out)
		s.out = appendMessage(s.out[:0], p, s.readerOf(p), s.lang, false)
		pr := Problem{Path: path, In: p.in, Code: p.code, Message: string(s.out)}
		if p.warn {
			res.Warnings = append(res.Warnings, pr)
		} else {
			res.Errors = append(res.Errors, pr)
		}
	}
	res.Valid = len(res.Errors) == 0
	if read {
		res.Request = RawJSON(s.appendRequest(nil))
		for _, f := range s.defaults {
			res.Defaults = append(res.Defaults, fields[f].pointer)
		}
	}
	res.Estimate = s.estimate()
	return res
}

// AppendCheck appends the JSON of Check(body, opts) to dst and returns the
// extended buffer. The bytes are exactly those of Check's result's
// MarshalJSON; this path builds no Go values on the way, which makes it the
// one every engine's hot path takes.
func AppendCheck(dst, body []byte, opts Options) []byte {
	s := statePool.Get().(*state)
	defer s.release()
	read := s.check(body, &opts)
	dst = append(dst, `{"valid":`...)
	dst = appendBool(dst, s.errs == 0)
	li := langIndex(s.lang)
	for _, warn := range [2]bool{false, true} {
		if warn {
			dst = append(dst, `,"warnings":[`...)
		} else {
			dst = append(dst, `,"errors":[`...)
		}
		first := true
		for i := range s.probs {
			p := &s.probs[i]
			if p.warn != warn {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			if h := coercedHeads[p.field][li]; p.headed && p.code == CodeCoerced && h != "" {
				r := s.readerOf(p)
				if nd := &r.nodes[p.val]; nd.kind == kindString && !nd.esc && nd.end-nd.start <= maxEcho {
					dst = append(dst, h...)
					dst = append(dst, r.src[nd.start+1:nd.end-1]...)
					dst = append(dst, coercedTails[fields[p.field].typ][li]...)
					continue
				}
			}
			// The same shape as appendProblem, with the path and the
			// message escaped straight into dst; a field's own problem
			// starts with its head, written once.
			if p.headed {
				dst = append(dst, pathHeads[p.field]...)
			} else {
				dst = append(dst, `{"path":"`...)
				dst = s.appendPath(dst, p, true)
				dst = append(dst, '"')
				if p.in != "" {
					dst = append(dst, `,"in":"`...)
					dst = append(dst, p.in...)
					dst = append(dst, '"')
				}
				dst = append(dst, `,"code":"`...)
			}
			dst = append(dst, p.code...)
			dst = append(dst, `","message":"`...)
			dst = appendMessage(dst, p, s.readerOf(p), s.lang, true)
			dst = append(dst, '"', '}') // bytes: as WebAssembly, appending a string calls memmove
		}
		dst = append(dst, ']')
	}
	if read {
		dst = append(dst, `,"request":`...)
		dst = s.appendRequest(dst)
	}
	dst = append(dst, `,"defaults":[`...)
	if read {
		for i, f := range s.defaults {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, fields[f].pointer)
		}
	}
	dst = append(dst, ']')
	if s.api != &createAPI {
		if s.errs == 0 {
			dst = s.appendChangeEstimate(append(dst, `,"estimate":`...))
		}
	} else if o, ok := s.pricedOrder(); ok {
		dst = append(dst, `,"estimate":`...)
		dst = s.cat.appendEstimate(dst, o)
	}
	return append(dst, '}')
}

// MarshalJSON writes the result document: compact, members in a fixed order,
// strings escaped as every engine escapes them.
func (r *Result) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(nil), nil
}

// AppendJSON appends the result document to dst.
func (r *Result) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"valid":`...)
	dst = appendBool(dst, r.Valid)
	dst = append(dst, `,"errors":[`...)
	dst = appendProblems(dst, r.Errors)
	dst = append(dst, `],"warnings":[`...)
	dst = appendProblems(dst, r.Warnings)
	dst = append(dst, ']')
	if len(r.Request) > 0 {
		dst = append(dst, `,"request":`...)
		dst = append(dst, r.Request...)
	}
	dst = append(dst, `,"defaults":[`...)
	for i, d := range r.Defaults {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, d)
	}
	dst = append(dst, ']')
	if r.Estimate != nil {
		dst = append(dst, `,"estimate":`...)
		dst = r.Estimate.appendJSON(dst)
	}
	return append(dst, '}')
}

// AppendJSON appends the problem as the result document writes it.
func (p *Problem) AppendJSON(dst []byte) []byte {
	return appendProblem(dst, p.Path, p.In, p.Code, p.Message)
}

func appendProblems(dst []byte, ps []Problem) []byte {
	for i := range ps {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendProblem(dst, ps[i].Path, ps[i].In, ps[i].Code, ps[i].Message)
	}
	return dst
}

func appendProblem(dst []byte, path, in string, code Code, msg string) []byte {
	dst = append(dst, `{"path":`...)
	dst = appendString(dst, path)
	if in != "" {
		dst = append(dst, `,"in":`...)
		dst = appendString(dst, in)
	}
	dst = append(dst, `,"code":`...)
	dst = appendString(dst, string(code))
	dst = append(dst, `,"message":`...)
	dst = appendString(dst, msg)
	return append(dst, '}')
}

// appendPath appends problem p's JSON Pointer (or parameter name), escaped
// for a JSON string when esc is set.
func (s *state) appendPath(dst []byte, p *problem, esc bool) []byte {
	dst = s.readerOf(p).pointer(dst, p.pnode, esc)
	return append(dst, p.ptr...) // a field's pointer or a parameter's name: plain
}
