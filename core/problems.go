package core

import "math"

// problem is a finding before it is rendered: paths and messages are written
// only into the output, so a check that finds nothing wrong, or only
// warnings with fixed paths, allocates nothing for them.
type problem struct {
	code   Code
	warn   bool
	headed bool    // the path is field's pointer: pathHeads[field] starts the problem's JSON
	field  fieldID // (only with headed)
	in     string  // "", "path", "header"
	off    int32   // position in the body: problems are reported in this order
	pnode  int32   // the path starts with this node's pointer (-1: none)
	ptr    string  // then this (a field's pointer, or a member name under pnode)
	val    int32   // the node {value} quotes (-1: none)
	message
}

// readProblem is the reader's error as a problem about subject
// (subjectBody, subjectCurrent or subjectDocument).
func readProblem(e *readError, subject uint8) problem {
	p := problem{code: e.code, off: e.off, pnode: e.node, val: -1, message: e.msg}
	p.subject = subject
	return p
}

// problems is the list of a check's problems, in bounded memory: past
// compactAt of them, it keeps those a document can list and counts the rest.
type problems struct {
	probs   []problem
	errs    int
	dropped [2]int    // errors and warnings past the first MaxListed of each
	spare   []problem // scratch for sorting
}

func (ps *problems) reset() {
	ps.probs, ps.errs, ps.dropped = ps.probs[:0], 0, [2]int{}
}

// add records a problem; warn problems are warnings.
func (ps *problems) add(p problem) {
	ps.makeRoom()
	if !p.warn {
		ps.errs++
	}
	ps.probs = append(ps.probs, p)
}

// makeRoom cuts the problems (compact) before one more would pass
// compactAt; everything that records a problem calls it first.
func (ps *problems) makeRoom() {
	if len(ps.probs) >= compactAt {
		ps.compact()
	}
}

// compactAt is how many problems the list holds before compact cuts them to
// the ones a document can list.
const compactAt = 4 * MaxListed

// compact keeps the first MaxListed errors and the first MaxListed warnings
// in document order, and counts the others in dropped. The first of all
// problems are the first of those kept and those still to come, so cutting
// as they come keeps exactly the ones the document lists, in bounded memory.
func (ps *problems) compact() {
	ps.sort()
	var kept [2]int
	p := ps.probs
	w := 0
	for i := range p {
		k := boolInt(p[i].warn)
		if kept[k] == MaxListed {
			ps.dropped[k]++
			continue
		}
		kept[k]++
		p[w] = p[i]
		w++
	}
	clear(p[w:]) // their strings
	ps.probs = p[:w]
	ps.errs = kept[0]
}

// order puts the problems into document order, request parameters first,
// and cuts each list to MaxListed with a too_many_problems at its end.
func (ps *problems) order() {
	if len(ps.probs) <= MaxListed && ps.dropped == [2]int{} {
		ps.sort()
		return
	}
	ps.compact()
	for k := range ps.dropped {
		if ps.dropped[k] > 0 {
			ps.add(problem{code: CodeTooManyProblems, warn: k == 1, off: math.MaxInt32, pnode: -1, val: -1,
				message: tooManyMsg(k == 1, ps.dropped[k], MaxListed)})
		}
	}
}

// sort sorts the problems by offset, stably.
func (ps *problems) sort() { sortStable(ps.probs, &ps.spare) }

// sortStable sorts p by offset, stably, with *spare as scratch. Problems
// mostly come in order already, and are few: a
// few dozen are sorted by insertion, which is fastest here and small in the
// module. Past that, a merge sort: a body can be made to list its problems
// in reverse order, which insertion sorts in quadratic time.
func sortStable(p []problem, spare *[]problem) {
	if len(p) <= 32 {
		for i := 1; i < len(p); i++ {
			if p[i-1].off <= p[i].off {
				continue
			}
			x := p[i]
			j := i
			for ; j > 0 && p[j-1].off > x.off; j-- {
				p[j] = p[j-1]
			}
			p[j] = x
		}
		return
	}
	sorted := true
	for i := 1; i < len(p) && sorted; i++ {
		sorted = p[i-1].off <= p[i].off
	}
	if sorted {
		return
	}
	if cap(*spare) < len(p) {
		*spare = make([]problem, len(p))
	}
	src, dst := p, (*spare)[:len(p)]
	for width := 1; width < len(p); width *= 2 {
		for lo := 0; lo < len(p); lo += 2 * width {
			mid, hi := min(lo+width, len(p)), min(lo+2*width, len(p))
			i, j, k := lo, mid, lo
			for ; i < mid && j < hi; k++ {
				if src[j].off < src[i].off { // ties: the earlier first
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &p[0] {
		copy(p, src)
	}
	clear((*spare)[:len(p)]) // their strings
}
