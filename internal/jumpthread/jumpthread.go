// Package jumpthread makes the jumps between basic blocks of a WebAssembly
// module built by the Go compiler direct where WebAssembly allows it.
//
// Go compiles a function with more than one basic block into a dispatch
// loop: the blocks are laid out one after the other, each closing one of a
// stack of nested blocks, and a jump to block K is
//
//	i32.const K; local.set 0; br $loop
//
// back to the top of the loop, where `local.get 0; br_table` picks the
// block. Every jump thus becomes two: a branch to the loop and an indirect
// one through the table, which the engines compile into a jump table whose
// one indirect branch is shared by every jump of the function and
// mispredicted often. A jump forward, to a block that starts later in the
// function, can instead branch straight to the end of the nested block that
// block follows, which is still open where the jump is: Thread replaces such
// a jump by that one `br`. Jumps backward (loops) keep the dispatch: no
// enclosing label of WebAssembly's structured control flow reaches them.
//
// The rewriting relies on how the Go compiler (cmd/internal/obj/wasm) lays a
// function out, which Thread checks before touching one: the function's
// first parameter is the block number (PC_B), read by a br_table that
// follows the first loop and its nested blocks with nothing else between
// them (code there would run on every trip through the loop, which a direct
// jump skips), and whose labels are those blocks. A function laid out
// otherwise is copied as it is. The stores of the block number before the
// jumps made direct are dropped only where nothing else reads it: no other
// local.get of it, and no other branch to the loop (which would dispatch
// on the number stored last). A goroutine that resumes enters through the
// br_table, which is kept, with the number its caller saved.
package jumpthread

import (
	"errors"
	"fmt"
)

// Stats counts what Thread found and changed.
type Stats struct {
	Functions  int // function bodies in the module
	Dispatched int // of them, laid out with a dispatch loop
	Jumps      int // jumps through a dispatch loop
	Direct     int // of them, made direct
	// Threaded counts the jumps already direct: a br straight to one of a
	// dispatch's blocks, which only a module threaded before has. In a
	// shipped module, Threaded/(Threaded+Jumps) is the share of its jumps
	// between blocks that are direct.
	Threaded int
}

// Thread returns mod with its forward jumps made direct (see the package
// comment). mod is not modified. A module it cannot read is an error; a
// function it does not recognize is kept as it is.
func Thread(mod []byte) ([]byte, Stats, error) {
	var st Stats
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" || string(mod[4:8]) != "\x01\x00\x00\x00" {
		return nil, st, errors.New("jumpthread: not a WebAssembly 1.0 module")
	}
	out := append(make([]byte, 0, len(mod)), mod[:8]...)
	var types [][]byte // parameter types of each function type
	var funcTypes []uint32
	r := &reader{b: mod, p: 8}
	for r.p < len(mod) && r.err == nil {
		start := r.p
		id := r.byte()
		size := r.u32()
		if r.err != nil || uint64(size) > uint64(len(mod)-r.p) {
			return nil, st, fmt.Errorf("jumpthread: section %d at byte %d: size beyond the module", id, start)
		}
		payload := mod[r.p : r.p+int(size)]
		r.p += int(size)
		var err error
		switch id {
		case 1:
			types, err = readTypes(payload)
		case 3:
			funcTypes, err = readFuncs(payload)
		case 10:
			var code []byte
			var changed bool
			if code, changed, err = threadCode(payload, types, funcTypes, &st); err == nil && changed {
				out = append(out, id)
				out = appendU32(out, uint32(len(code)))
				out = append(out, code...)
				continue
			}
		}
		if err != nil {
			return nil, st, fmt.Errorf("jumpthread: section %d: %w", id, err)
		}
		out = append(out, mod[start:r.p]...) // as it was
	}
	if r.err != nil {
		return nil, st, fmt.Errorf("jumpthread: %w", r.err)
	}
	return out, st, nil
}

func readTypes(b []byte) ([][]byte, error) {
	r := &reader{b: b}
	n := r.u32()
	var types [][]byte
	for i := uint32(0); i < n && r.err == nil; i++ {
		if r.byte() != 0x60 {
			return nil, fmt.Errorf("type %d is not a function type", i)
		}
		params := r.bytes(int(r.u32()))
		r.bytes(int(r.u32())) // results
		types = append(types, params)
	}
	return types, r.err
}

func readFuncs(b []byte) ([]uint32, error) {
	r := &reader{b: b}
	n := r.u32()
	var funcs []uint32
	for i := uint32(0); i < n && r.err == nil; i++ {
		funcs = append(funcs, r.u32())
	}
	return funcs, r.err
}

func threadCode(b []byte, types [][]byte, funcTypes []uint32, st *Stats) (code []byte, changed bool, err error) {
	r := &reader{b: b}
	n := r.u32()
	if r.err == nil && int(n) != len(funcTypes) {
		return nil, false, fmt.Errorf("%d bodies for %d functions", n, len(funcTypes))
	}
	out := appendU32(make([]byte, 0, len(b)), n)
	for i := uint32(0); i < n && r.err == nil; i++ {
		start := r.p
		size := r.u32()
		body := r.bytes(int(size))
		if r.err != nil {
			break
		}
		st.Functions++
		firstI32 := false
		if t := funcTypes[i]; int(t) < len(types) {
			firstI32 = len(types[t]) > 0 && types[t][0] == i32
		}
		nb, edited, err := threadBody(body, firstI32, st)
		if err != nil {
			return nil, false, fmt.Errorf("function body %d: %w", i, err)
		}
		if !edited {
			out = append(out, b[start:r.p]...) // as it was
			continue
		}
		changed = true
		out = appendU32(out, uint32(len(nb)))
		out = append(out, nb...)
	}
	if r.err != nil {
		return nil, false, r.err
	}
	if r.p != len(b) {
		return nil, false, errors.New("bytes after the last function body")
	}
	return out, changed, nil
}

const (
	i32 = 0x7f

	blockEmpty = 0x40 // the type of a block without results

	opBlock    = 0x02
	opLoop     = 0x03
	opIf       = 0x04
	opElse     = 0x05
	opEnd      = 0x0b
	opBr       = 0x0c
	opBrTable  = 0x0e
	opLocalGet = 0x20
	opLocalSet = 0x21
	opLocalTee = 0x22
	opI32Const = 0x41
	opI32Eqz   = 0x45
	opBrIf     = 0x0d
)

// instr is one decoded instruction: where it starts and ends in the body,
// and its first immediate where it has one that matters here.
type instr struct {
	start, end int
	op         byte
	imm        int64
}

// label is an open block, loop or if; id tells apart labels that occupy
// the same depth one after the other.
type label struct {
	op byte
	id int
}

// target is a dispatch's block: its place in the stack of open labels, where
// it stays while it is open, and its id.
type target struct{ at, id int }

// edit replaces body[start:end] with repl. A store of the block number
// before a direct jump is an edit that drops it, made only where nothing
// else reads the number.
type edit struct {
	start, end int
	repl       []byte
	store      bool
}

// threadBody returns the body with its forward dispatch jumps made direct.
// pcb tells whether the function's first parameter is an i32, as Go's PC_B
// is.
func threadBody(body []byte, pcb bool, st *Stats) (out []byte, edited bool, err error) {
	r := &reader{b: body}
	for groups := r.u32(); groups > 0 && r.err == nil; groups-- { // locals
		r.u32()
		r.byte()
	}
	var (
		stack  []label
		ids    int
		loopID = -1             // the dispatch loop
		table  []target         // per block number, its block; the last is the default
		blocks = map[int]bool{} // the ids of the dispatch's blocks
		edits  []edit
		reads  int      // reads of local 0 other than the dispatch's
		prev   [4]instr // the last instructions, prev[3] the last
		// Since the first loop opened: whether it and the blocks in it have
		// no results, and how many other instructions came. Code there runs
		// on every trip through the loop, which a direct jump skips: only
		// the dispatch's local.get (1) and an entry test (4) may be there.
		seenLoop, bare bool
		others         int
	)
	for r.err == nil {
		in, err := r.instr()
		if err != nil {
			return nil, false, err
		}
		if loopID < 0 && seenLoop && in.op != opBrTable {
			if in.op != opBlock {
				others++
			} else if in.imm != blockEmpty {
				bare = false
			}
		}
		switch in.op {
		case opBlock, opLoop, opIf:
			ids++
			stack = append(stack, label{in.op, ids})
			if in.op == opLoop && !seenLoop {
				seenLoop, bare = true, in.imm == blockEmpty
			}
		case opEnd:
			if len(stack) == 0 { // the body's own end
				if in.end != len(body) {
					return nil, false, errors.New("bytes after the body's end")
				}
				return finish(body, edits, reads, st, loopID >= 0)
			}
			stack = stack[:len(stack)-1]
		case opLocalGet, opLocalTee:
			if in.imm == 0 {
				reads++
			}
		case opBrTable:
			if loopID >= 0 { // another table: a way into the dispatch that reads the block number
				for _, d := range r.depths {
					if toLoop(stack, int64(d), loopID) {
						reads++
					}
				}
			}
			if pcb && bare && loopID < 0 && prev[3].op == opLocalGet && prev[3].imm == 0 {
				fresh := others == 1 && prev[2].op == opBlock
				threaded := others == 4 && isEntryTest(prev[:3], r.depths[0])
				if at, ok := dispatchLoop(stack); ok && (fresh || threaded) && targetsBlocks(r.depths, len(stack)-1-at) {
					loopID = stack[at].id
					reads-- // this is the dispatch's own read
					if threaded {
						reads-- // and so is the entry test's
					}
					if len(r.depths) > 1 && fresh {
						entry := append([]byte{opLocalGet, 0, opI32Eqz, opBrIf}, appendU32(nil, r.depths[0])...)
						edits = append(edits, edit{start: prev[3].start, end: prev[3].start, repl: entry})
					}
					for _, d := range r.depths {
						at := len(stack) - 1 - int(d)
						table = append(table, target{at, stack[at].id})
						blocks[stack[at].id] = true
					}
				}
			}
		case opBrIf:
			if toLoop(stack, in.imm, loopID) {
				reads++ // to the dispatch with whatever block number was set last
			}
		case opBr:
			if !toLoop(stack, in.imm, loopID) {
				if loopID >= 0 && in.imm < int64(len(stack)) && blocks[stack[int64(len(stack))-1-in.imm].id] {
					st.Threaded++
				}
				break
			}
			if prev[3].op != opLocalSet || prev[3].imm != 0 || prev[2].op != opI32Const {
				reads++ // as br_if
				break
			}
			st.Jumps++
			to := table[len(table)-1]
			if k := uint32(prev[2].imm); int64(k) < int64(len(table)-1) { // br_table reads it unsigned
				to = table[k]
			}
			// Forward when its block is still open: at the place it had.
			if at := to.at; at < len(stack) && stack[at].id == to.id {
				st.Direct++
				edits = append(edits, edit{start: prev[2].start, end: prev[3].end, store: true},
					edit{start: in.start, end: in.end, repl: appendU32([]byte{opBr}, uint32(len(stack)-1-at))})
			}
		}
		prev[0], prev[1], prev[2], prev[3] = prev[1], prev[2], prev[3], in
	}
	return nil, false, r.err
}

// dispatchLoop reports whether the open labels are Go's dispatch: a loop
// (possibly inside one block, which unwinding exits through) and only
// blocks inside it; at is the loop's place in stack.
func dispatchLoop(stack []label) (at int, ok bool) {
	if len(stack) > 0 && stack[0].op == opBlock {
		at = 1
	}
	if len(stack) < at+2 || stack[at].op != opLoop {
		return 0, false
	}
	for _, l := range stack[at+1:] {
		if l.op != opBlock {
			return 0, false
		}
	}
	return at, true
}

// isEntryTest reports whether the three instructions are the test Thread
// puts before the dispatch: local.get 0; i32.eqz; br_if to block 0.
func isEntryTest(in []instr, block0 uint32) bool {
	return in[0].op == opLocalGet && in[0].imm == 0 && in[1].op == opI32Eqz &&
		in[2].op == opBrIf && in[2].imm == int64(block0)
}

// toLoop reports whether a branch of the given depth goes to the dispatch
// loop (loopID < 0: none found).
func toLoop(stack []label, depth int64, loopID int) bool {
	return loopID >= 0 && depth < int64(len(stack)) && stack[int64(len(stack))-1-depth].id == loopID
}

// targetsBlocks reports whether every label of a br_table is one of the
// innermost n blocks, as the dispatch's are.
func targetsBlocks(depths []uint32, n int) bool {
	for _, d := range depths {
		if int64(d) >= int64(n) {
			return false
		}
	}
	return true
}

// finish applies the edits, in order. The block number a direct jump
// stores is dropped only when nothing but the dispatch reads it.
func finish(body []byte, edits []edit, reads int, st *Stats, dispatched bool) ([]byte, bool, error) {
	if dispatched {
		st.Dispatched++
	}
	if len(edits) == 0 {
		return body, false, nil
	}
	out := make([]byte, 0, len(body))
	at := 0
	for _, e := range edits {
		if e.store && reads > 0 {
			continue
		}
		out = append(out, body[at:e.start]...)
		out = append(out, e.repl...)
		at = e.end
	}
	return append(out, body[at:]...), true, nil
}
