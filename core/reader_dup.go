package core

// Repeated member names: the reader finds them as it reads each member, so
// a check reports them all (RULES.md, "How the body is read").

// duplicate records member c as a duplicate. The list is as long as the
// body has repeated members (a node each has more): the checker's problem
// list keeps the first MaxListed of them in document order.
func (r *reader) duplicate(c int32) {
	r.dups = append(r.dups, c)
}

// isDuplicate reports whether member c repeats the name of an earlier member
// of object p. Small objects compare names pairwise; a large one (only an
// adversarial body has one) goes through a set keyed by object and name, so
// the check stays linear however objects nest.
func (r *reader) isDuplicate(p, c int32) bool {
	const pairwise = duplicatePairwise
	count := r.nodes[p].count
	if count <= pairwise {
		nc := &r.nodes[c]
		size := nc.keyEnd - nc.keyStart
		for m := r.nodes[p].first; m != c; m = r.nodes[m].next {
			nm := &r.nodes[m]
			// Names of another length differ, unless an escape hides it.
			if nm.keyEnd-nm.keyStart != size && !nm.keyEsc && !nc.keyEsc {
				continue
			}
			if r.sameKey(m, c) {
				return true
			}
		}
		return false
	}
	if r.keys == nil {
		r.keys = make(map[memberKey]struct{}, 64)
	}
	if count == pairwise+1 {
		for m := r.nodes[p].first; m != c; m = r.nodes[m].next {
			r.keys[memberKey{p, string(r.key(m))}] = struct{}{}
		}
	}
	k := memberKey{p, string(r.key(c))}
	if _, ok := r.keys[k]; ok {
		return true
	}
	r.keys[k] = struct{}{}
	return false
}

// duplicatePairwise is the most members an object compares pairwise; past
// it, a set takes over (and must see every member).
const duplicatePairwise = 16

// keySignature is a 6-bit digest of the member name src[start:end]: a
// multiplicative hash of its length and its last eight bytes (all of it when
// shorter). It depends on the name alone, wherever it stands, and tells apart
// the names of each of the API's objects, which first and last bytes and
// lengths do not (device_coaps_port, device_mqtts_port, device_https_port).
func keySignature(src []byte, start, end int32) uint {
	n := end - start
	var w uint64
	if end >= 8 {
		w = load64(src, int(end-8)) >> (8 * max(8-n, 0)) // the name's bytes only
	} else {
		for k := end - 1; k >= start; k-- { // near the start of the body: as the load reads them
			w = w<<8 | uint64(src[k])
		}
	}
	return uint((w ^ uint64(n)) * sigMultiplier >> 58)
}

// sigMultiplier is the first odd constant of a xorshift sequence under which
// the names of every object of the API have digests of their own
// (TestKeySignature).
const sigMultiplier = 0x7b07ce91e5906137

type memberKey struct {
	object int32
	name   string
}

func (r *reader) sameKey(a, b int32) bool {
	na, nb := &r.nodes[a], &r.nodes[b]
	if !na.keyEsc && !nb.keyEsc {
		if na.keyEnd-na.keyStart != nb.keyEnd-nb.keyStart || r.src[na.keyStart] != r.src[nb.keyStart] {
			return false
		}
		return string(r.src[na.keyStart:na.keyEnd]) == string(r.src[nb.keyStart:nb.keyEnd])
	}
	ka := string(r.key(a))
	return ka == string(r.key(b))
}
