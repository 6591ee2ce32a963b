package core

import "strconv"

// walkWrites is clear as WebAssembly: the request is written by a pass of
// its own, appendRequest (see request.go).
const walkWrites = false

// appendRequest appends the normalized request: the tree, with the walk's
// edits and fills.
func (s *state) appendRequest(dst []byte) []byte {
	ei, fi := 0, 0
	return s.appendNode(dst, 0, &ei, &fi)
}

// appendNode appends node i. The edits are in document order, and the
// fills in the order their objects end, as the walk made them: ei and fi
// are the next of each to use.
func (s *state) appendNode(dst []byte, i int32, ei, fi *int) []byte {
	nd := &s.r.nodes[i]
	if *ei < len(s.edits) && s.edits[*ei].node == i {
		e := &s.edits[*ei]
		*ei++
		switch { // its value
		case e.text != "":
			return append(dst, e.text...)
		case e.digits:
			return append(dst, s.r.src[nd.start+1:nd.end-1]...)
		}
		return strconv.AppendInt(dst, e.num, 10)
	}
	switch nd.kind {
	case kindObject:
		dst = append(dst, '{')
		first := true
		src, nodes := s.r.src, s.r.nodes
		for m := nd.first; m >= 0; m = nodes[m].next {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			mn := &nodes[m]
			if mn.kind < kindObject && (*ei >= len(s.edits) || s.edits[*ei].node != m) {
				dst = appendScalarMember(dst, src, mn) // as written
				continue
			}
			dst = append(dst, src[mn.keyStart-1:mn.keyEnd+1]...)
			dst = append(dst, ':')
			dst = s.appendNode(dst, m, ei, fi)
		}
		for ; *fi < len(s.fills) && s.fills[*fi].object == i; *fi++ {
			dst = appendFill(dst, s.fills[*fi].field, !first)
			first = false
		}
		return append(dst, '}')
	case kindArray:
		dst = append(dst, '[')
		for m := nd.first; m >= 0; m = s.r.nodes[m].next {
			if m != nd.first {
				dst = append(dst, ',')
			}
			dst = s.appendNode(dst, m, ei, fi)
		}
		return append(dst, ']')
	}
	return append(dst, s.r.src[nd.start:nd.end]...)
}
