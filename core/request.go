package core

import "strconv"

// The normalized request is the body as compact JSON, every member kept,
// coerced strings written as their JSON types, and the defaults filled: a
// null optional member replaced in place, an absent one added at the end of
// its object. The rules' walk records these as edits and fills, and the
// request is written one of two ways, to the same bytes:
//
//   - by the walk itself as it checks each member (walkWrites): natively
//     that saves a second walk over the tree;
//   - by a pass of its own after the rules (appendTree): as WebAssembly the
//     walk's function, large and calling much, pays for every value it
//     keeps across its calls, and writing in it made a check slower.
//
// Only the constant walkWrites chooses between them (request_native.go,
// request_wasm.go; RATIONALE.md has the figures). Both compile on every
// target; TestRequestWriters holds them to the same bytes for every body of
// the corpus, and FuzzCheck holds them to encoding/json's reading of the
// body.

// edit rewrites one member of the body in the normalized request: a
// coerced string written as its JSON type, or a null replaced by its
// default. Edits are made in document order.
type edit struct {
	node   int32
	text   string // the replacement JSON; "" means write num
	num    int64
	digits bool // num is the string's own bytes, as written: copy them
}

// fill adds a defaulted member at the end of an object.
type fill struct {
	object int32
	field  fieldID
}

// requestWriter holds what the walk records for the normalized request.
type requestWriter struct {
	edits    []edit
	fills    []fill
	defaults []fieldID // the fields filled with their defaults, in document order
	req      []byte    // the request, where the walk writes it (walkWrites)
}

func (w *requestWriter) reset() {
	w.edits, w.fills, w.defaults, w.req = w.edits[:0], w.fills[:0], w.defaults[:0], w.req[:0]
}

// appendRequest appends the normalized request.
func (s *state) appendRequest(dst []byte) []byte {
	if walkWrites {
		return append(dst, s.req...)
	}
	return s.appendTree(dst)
}

// appendMember appends member m, which the walk has just checked, as the
// request has it: as written, or as its edit (the last one recorded, when it
// is m's) has it.
func (w *requestWriter) appendMember(req []byte, r *reader, m int32) []byte {
	mn, src := &r.nodes[m], r.src
	switch k := len(w.edits) - 1; {
	case k >= 0 && w.edits[k].node == m:
		req = append(req, src[mn.keyStart-1:mn.keyEnd+1]...)
		req = append(req, ':')
		switch e := &w.edits[k]; {
		case e.text != "":
			return append(req, e.text...)
		case e.digits:
			return append(req, src[mn.start+1:mn.end-1]...)
		}
		return strconv.AppendInt(req, w.edits[k].num, 10)
	case mn.kind < kindObject:
		return appendScalarMember(req, src, mn)
	}
	return r.appendRawMember(req, m)
}

// appendTree appends the normalized request by a pass of its own over the
// tree, with the walk's edits and fills.
func (s *state) appendTree(dst []byte) []byte {
	ei, fi := 0, 0
	return s.appendNode(dst, 0, &ei, &fi)
}

// appendRaw appends node i as compact JSON, as written: the normalized
// request's form of what no rule rewrites (unknown members, values of the
// wrong type, members that do not apply).
func (r *reader) appendRaw(dst []byte, i int32) []byte {
	nd := &r.nodes[i]
	if nd.kind < kindObject {
		return append(dst, r.src[nd.start:nd.end]...)
	}
	dst = append(dst, r.src[nd.start]) // '{' or '['
	for m := nd.first; m >= 0; m = r.nodes[m].next {
		if m != nd.first {
			dst = append(dst, ',')
		}
		if nd.kind == kindObject {
			dst = r.appendRawMember(dst, m)
		} else {
			dst = r.appendRaw(dst, m)
		}
	}
	return append(dst, r.src[nd.end-1]) // '}' or ']'
}

// appendRawMember appends member m, name and value, as appendRaw does.
func (r *reader) appendRawMember(dst []byte, m int32) []byte {
	mn := &r.nodes[m]
	if mn.kind < kindObject {
		return appendScalarMember(dst, r.src, mn)
	}
	return r.appendRaw(r.appendKey(dst, m), m)
}

// appendScalarMember appends scalar member mn of src, name and value, as
// written. Small enough to be inlined, on both targets: the request's
// writers call it once a member, where a call costs more than the copy as
// WebAssembly.
func appendScalarMember(dst, src []byte, mn *node) []byte {
	if mn.start == mn.keyEnd+2 {
		// Written without white space around its colon, name and value are
		// one run of the body.
		return append(dst, src[mn.keyStart-1:mn.end]...)
	}
	dst = append(dst, src[mn.keyStart-1:mn.keyEnd+1]...)
	dst = append(dst, ':')
	return append(dst, src[mn.start:mn.end]...)
}

// appendKey appends member m's name and a colon.
func (r *reader) appendKey(dst []byte, m int32) []byte {
	mn := &r.nodes[m]
	dst = append(dst, r.src[mn.keyStart-1:mn.keyEnd+1]...)
	return append(dst, ':')
}

// appendFill appends field f with its default, after a comma if comma.
func appendFill(dst []byte, f fieldID, comma bool) []byte {
	if comma {
		dst = append(dst, ',')
	}
	dst = appendString(dst, fields[f].name)
	dst = append(dst, ':')
	return append(dst, fields[f].def...)
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
