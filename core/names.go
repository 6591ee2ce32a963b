package core

import "math/bits"

// The field-name index: which field of the table (schema.go) a member's
// name is, in one probe.

// lookup returns the index in children[f] of the field that member m of
// object field f names, or -1. Names match exactly (RULES.md: "Name" is not
// "name"). A name is found by its words (see nameWords) in fieldSlots: one
// probe and one comparison, where comparing it with each member the object
// may have cost more than the rest of reading the member.
func lookup(r *reader, f fieldID, m int32) int {
	nd := &r.nodes[m]
	src := r.src
	start, end := int(nd.keyStart), int(nd.keyEnd)
	n := end - start
	if nd.keyEsc || n > maxWordsName || start+8 > len(src) {
		key := r.key(m)
		for i, c := range children[f] {
			if string(key) == fields[c].name {
				return i
			}
		}
		return -1
	}
	w := nameWords{first: load64(src, start)} // wordsAt, by hand: a call costs more as WebAssembly
	if n < 8 {
		w.first &= 1<<(8*n) - 1
	} else {
		w.last = load64(src, end-8)
		if n > 16 {
			w.middle = load64(src, start+8)
		}
	}
	if e := &fieldSlots[fieldSlot(f, w, fieldMul)]; e.words == w && e.parent == f && int(e.n) == n {
		return int(e.kid)
	}
	return -1
}

// slotEntry is a field as fieldSlots holds it: what lookup compares, and
// the index it returns, side by side.
type slotEntry struct {
	words  nameWords
	n      uint8   // the name's length (at most maxWordsName)
	parent fieldID // noField in a free slot: no object is its parent
	kid    uint8   // the field's index in its parent's children
}

// fieldSlot hashes a parent field and a name's words to a slot of fieldSlots.
func fieldSlot(parent fieldID, w nameWords, mul uint64) uint16 {
	return uint16((w.first ^ bits.RotateLeft64(w.last, 21) ^ bits.RotateLeft64(w.middle, 42) ^ uint64(parent)) * mul >> (64 - slotBits))
}

// slotBits sizes fieldSlots: twice the slots of 256 keeps the search for a
// multiplier short now that three requests and the current instance share
// the table (RATIONALE.md, "Resize and change of charge mode").
const slotBits = 9

var (
	// fieldSlots holds each field (but the root) in the slot fieldSlot gives
	// it with fieldMul, which init chooses so that no two fields share one.
	fieldSlots [1 << slotBits]slotEntry
	fieldMul   uint64
)

// indexNames fills fieldSlots; schema.go's init calls it once children is
// known.
func indexNames() {
	var fieldWords [numFields]nameWords // each field's name
	var kidIndex [numFields]int         // each field's index in its parent's children
	for f := range fields {
		fieldWords[f] = wordsOf(fields[f].name)
	}
	for _, kids := range children {
		for i, c := range kids {
			kidIndex[c] = i
		}
	}
	// Odd multipliers far apart (neighbours hash alike); with ten slots a
	// name, a few tries find one.
	for k := uint64(0); ; k++ {
		mul := (0x9E3779B97F4A7C15 * (2*k + 1)) | 1
		taken := [1 << slotBits]bool{}
		free := true
		for f := fRoot + 1; f < numFields && free; f++ {
			if fields[f].parent == noField { // a root has no name to find
				continue
			}
			slot := fieldSlot(fields[f].parent, fieldWords[f], mul)
			free = !taken[slot]
			taken[slot] = true
		}
		if free {
			fieldMul = mul
			break
		}
	}
	for i := range fieldSlots {
		fieldSlots[i].parent = noField
	}
	for f := fRoot + 1; f < numFields; f++ {
		if fields[f].parent == noField {
			continue
		}
		fieldSlots[fieldSlot(fields[f].parent, fieldWords[f], fieldMul)] = slotEntry{
			words: fieldWords[f], n: uint8(len(fields[f].name)), parent: fields[f].parent, kid: uint8(kidIndex[f])}
	}
}
