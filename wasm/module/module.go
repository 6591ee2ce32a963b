package main

import (
	"fmt"
	"strconv"
	"unsafe"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/internal/reactor"
)

// abiVersion is the version of the ABI documented in doc.go. It changes
// whenever an export is added, removed or changes meaning.
const abiVersion = 1

// maxHandles bounds the option sets one instance holds at once, so a host
// that forgets to release cannot grow the guest without bound.
const maxHandles = 256

// The guest-owned buffers. input holds what the host writes (a body or an
// options document); output holds the last document the guest wrote. Both
// are reused from call to call and only ever grow, so after warm-up a check
// allocates nothing here.
var (
	input  []byte
	output []byte
)

// handles are the configured option sets; handles[0] is the default options
// and is never released. A released slot is nil.
var handles = []*core.Options{{}}

// beforeCheck is nil in the production module. The fault-injection build
// (build tag preflight_faults, fault.go) sets it so tests can make check
// panic, exhaust memory or loop, from input that production never sees.
var beforeCheck func(body []byte)

func main() {}

//go:wasmexport abi_version
func abiVersionExport() int32 { return abiVersion }

// input returns the address of the input buffer after growing it to hold at
// least size bytes. It returns 0 for a negative size.
//
//go:wasmexport input
func inputExport(size int32) uint32 {
	if size < 0 {
		return 0
	}
	if int(size) > cap(input) {
		input = make([]byte, size)
	}
	input = input[:cap(input)]
	if len(input) == 0 {
		// A zero-length buffer still needs a real address.
		input = make([]byte, 1)
	}
	return addressOf(input)
}

// output returns the address of the document the last call of configure or
// check wrote.
//
//go:wasmexport output
func outputExport() uint32 {
	if cap(output) == 0 {
		output = make([]byte, 0, 64)
	}
	return addressOf(output[:1])
}

// configure reads an options document from input[0:n] and returns its
// handle (> 0), or minus the length of an error document in output.
//
//go:wasmexport configure
func configureExport(n int32) (ret int32) {
	defer recoverInto(&ret)
	if n < 0 || int(n) > len(input) {
		return fail("length", "configure: length "+strconv.Itoa(int(n))+" is outside the input buffer")
	}
	opts, err := core.ParseOptions(input[:n])
	if err != nil {
		return fail("options", err.Error())
	}
	slot := &opts
	for h := 1; h < len(handles); h++ {
		if handles[h] == nil {
			handles[h] = slot
			return int32(h)
		}
	}
	if len(handles) > maxHandles {
		return fail("handles", "configure: "+strconv.Itoa(maxHandles)+" option sets are configured; release one first")
	}
	handles = append(handles, slot)
	return int32(len(handles) - 1)
}

// release frees the option set of handle h. Releasing 0 or an unknown handle
// does nothing.
//
//go:wasmexport release
func releaseExport(h int32) {
	if h > 0 && int(h) < len(handles) {
		handles[h] = nil
	}
}

// check checks the body in input[0:n] with the options of handle h. It
// returns the length of the result document in output, or minus the length
// of an error document.
//
//go:wasmexport check
func checkExport(h, n int32) (ret int32) {
	defer recoverInto(&ret)
	o := lookup(h)
	if o == nil {
		return fail("handle", "check: "+strconv.Itoa(int(h))+" is not a configured options handle")
	}
	if n < 0 || int(n) > len(input) {
		return fail("length", "check: length "+strconv.Itoa(int(n))+" is outside the input buffer")
	}
	body := input[:n:n]
	if beforeCheck != nil {
		beforeCheck(body)
	}
	// The core enforces max_bytes and max_depth before it reads a byte.
	output = core.AppendCheck(output[:0], body, *o)
	reactor.AfterCall(len(body), o.BodyLimit())
	return int32(len(output))
}

func lookup(h int32) *core.Options {
	if h < 0 || int(h) >= len(handles) {
		return nil
	}
	return handles[h]
}

// fail writes an error document to output and returns minus its length.
// It is written with the core's string writer: encoding/json would link
// reflection into the module for this alone.
func fail(code, message string) int32 {
	output = append(output[:0], `{"error":{"code":`...)
	output = core.AppendString(output, code)
	output = append(output, `,"message":`...)
	output = core.AppendString(output, message)
	output = append(output, "}}"...)
	return -int32(len(output))
}

// recoverInto turns a panic in an export into an error document for that
// call, so the host gets an answer instead of a trapped instance.
func recoverInto(ret *int32) {
	if v := recover(); v != nil {
		*ret = fail("panic", fmt.Sprint("panic: ", v))
	}
}

func addressOf(b []byte) uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}
