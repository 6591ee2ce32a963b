package core

// The normalized request is the body as compact JSON, every member kept,
// coerced strings written as their JSON types, and the defaults filled: a
// null optional member replaced in place, an absent one added at the end of
// its object. The rules' walk records these as edits and fills, and the
// request is written one of two ways, to the same bytes:
//
//   - natively (walkWrites, request_native.go), by the walk itself as it
//     checks each member: that saves a second walk over the tree, 5% of a
//     check;
//   - as WebAssembly (request_wasm.go), by a pass of its own after the
//     rules: there the walk's function, large and calling much, pays for
//     every value it keeps across its calls, and writing in it made a check
//     10% slower.
//
// The engines' differential tests hold the two to the same bytes, and
// FuzzCheck holds the native one to encoding/json's reading of the body.

// appendRaw appends node i as compact JSON, as written: the normalized
// request's form of what no rule rewrites (unknown members, values of the
// wrong type, members that do not apply).
func (s *state) appendRaw(dst []byte, i int32) []byte {
	nd := &s.r.nodes[i]
	if nd.kind < kindObject {
		return append(dst, s.r.src[nd.start:nd.end]...)
	}
	dst = append(dst, s.r.src[nd.start]) // '{' or '['
	for m := nd.first; m >= 0; m = s.r.nodes[m].next {
		if m != nd.first {
			dst = append(dst, ',')
		}
		if nd.kind == kindObject {
			dst = s.appendRawMember(dst, m)
		} else {
			dst = s.appendRaw(dst, m)
		}
	}
	return append(dst, s.r.src[nd.end-1]) // '}' or ']'
}

// appendRawMember appends member m, name and value, as appendRaw does.
func (s *state) appendRawMember(dst []byte, m int32) []byte {
	mn := &s.r.nodes[m]
	if mn.kind < kindObject {
		return appendScalarMember(dst, s.r.src, mn)
	}
	return s.appendRaw(s.appendKey(dst, m), m)
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
func (s *state) appendKey(dst []byte, m int32) []byte {
	mn := &s.r.nodes[m]
	dst = append(dst, s.r.src[mn.keyStart-1:mn.keyEnd+1]...)
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
