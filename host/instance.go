package host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// abiVersion is the version of wasm/module's ABI this package drives.
const abiVersion = 1

// maxOptionSets bounds the option sets one instance keeps configured; the
// oldest is released beyond it.
const maxOptionSets = 16

// instance is one instantiated module. It is used by one goroutine at a
// time: the pool hands it out and takes it back.
type instance struct {
	engine                                   *engine // the pool it returns to
	mod                                      api.Module
	mem                                      api.Memory
	input, configure, release, check, output api.Function

	// optionSets maps options bytes to their configured handle, so each
	// distinct options document is parsed once per instance. order is the
	// insertion order, for eviction.
	optionSets map[string]uint32
	order      []string

	stack  [2]uint64    // reused for every call: calls then allocate nothing
	stderr cappedBuffer // the Go runtime's fatal messages, for the error
}

func newInstance(ctx context.Context, e *engine) (*instance, error) {
	in := &instance{engine: e, optionSets: make(map[string]uint32)}
	// An anonymous module (empty name), so one runtime holds many instances.
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").WithStderr(&in.stderr).WithStdout(&in.stderr)
	mod, err := e.runtime.InstantiateModule(ctx, e.compiled, cfg)
	if err != nil {
		return nil, &callError{msg: "host: instantiating the module: " + firstLine(err.Error()) + in.said(), err: err}
	}
	in.mod, in.mem = mod, mod.Memory()
	fns := map[string]*api.Function{
		"input": &in.input, "configure": &in.configure, "release": &in.release,
		"check": &in.check, "output": &in.output,
	}
	for name, fn := range fns {
		if *fn = mod.ExportedFunction(name); *fn == nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("host: the module does not export %s", name)
		}
	}
	version := mod.ExportedFunction("abi_version")
	if version == nil || in.mem == nil {
		mod.Close(ctx)
		return nil, errors.New("host: the module does not export abi_version and memory")
	}
	v, err := version.Call(ctx)
	if err != nil {
		mod.Close(ctx)
		return nil, fmt.Errorf("host: abi_version: %w", err)
	}
	if int32(v[0]) != abiVersion {
		mod.Close(ctx)
		return nil, fmt.Errorf("host: the module speaks ABI version %d, this host version %d", int32(v[0]), abiVersion)
	}
	return in, nil
}

// callError is a call that the guest could not complete. broken reports
// that the instance must not be used again.
type callError struct {
	msg    string
	broken bool
	err    error
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.err }

// appendCheck appends the result document for body and options to dst.
func (in *instance) appendCheck(ctx context.Context, dst, body, options []byte) ([]byte, error) {
	handle, err := in.optionSet(ctx, options)
	if err != nil {
		return dst, err
	}
	if err := in.write(ctx, body); err != nil {
		return dst, err
	}
	ret, err := in.call(ctx, in.check, uint64(handle), uint64(len(body)))
	if err != nil {
		return dst, err
	}
	if int32(ret) == 0 { // a result document is never empty: not a module of this ABI
		return dst, &callError{msg: "host: the module returned an empty document", broken: true}
	}
	return in.readOutput(ctx, dst, int32(ret))
}

// write copies data into the guest's input buffer.
func (in *instance) write(ctx context.Context, data []byte) error {
	addr, err := in.call(ctx, in.input, uint64(len(data)), 0)
	if err != nil {
		return err
	}
	if !in.mem.Write(uint32(addr), data) {
		return &callError{msg: "host: the input buffer lies outside guest memory", broken: true}
	}
	return nil
}

// optionSet returns the handle configured for options, configuring it on
// first use. Empty options are the defaults, handle 0.
func (in *instance) optionSet(ctx context.Context, options []byte) (uint32, error) {
	if len(options) == 0 {
		return 0, nil
	}
	if h, ok := in.optionSets[string(options)]; ok { // no allocation
		return h, nil
	}
	if err := in.write(ctx, options); err != nil {
		return 0, err
	}
	ret, err := in.call(ctx, in.configure, uint64(len(options)), 0)
	if err != nil {
		return 0, err
	}
	if int32(ret) < 0 {
		_, err := in.readOutput(ctx, nil, int32(ret))
		return 0, err
	}
	if ret == 0 {
		return 0, &callError{msg: "host: configure returned no handle", broken: true}
	}
	if len(in.order) == maxOptionSets {
		oldest := in.order[0]
		in.order = append(in.order[:0], in.order[1:]...)
		if _, err := in.call(ctx, in.release, uint64(in.optionSets[oldest]), 0); err != nil {
			return 0, err
		}
		delete(in.optionSets, oldest)
	}
	key := string(options)
	in.optionSets[key] = uint32(ret)
	in.order = append(in.order, key)
	return uint32(ret), nil
}

// readOutput appends the document of length |n| in the output buffer to dst;
// a negative n is an error document, returned as an error.
func (in *instance) readOutput(ctx context.Context, dst []byte, n int32) ([]byte, error) {
	addr, err := in.call(ctx, in.output, 0, 0)
	if err != nil {
		return dst, err
	}
	size := uint32(n)
	if n < 0 {
		size = uint32(-n)
	}
	doc, ok := in.mem.Read(uint32(addr), size)
	if !ok {
		return dst, &callError{msg: "host: the output buffer lies outside guest memory", broken: true}
	}
	if n < 0 {
		return dst, guestError(doc)
	}
	return append(dst, doc...), nil
}

// call calls fn with arguments a and b (those beyond its parameters are
// ignored) and returns its first result. A trap, an exit or an interruption
// breaks the instance.
func (in *instance) call(ctx context.Context, fn api.Function, a, b uint64) (uint64, error) {
	in.stack[0], in.stack[1] = a, b
	if err := fn.CallWithStack(ctx, in.stack[:]); err != nil {
		msg := "host: the module failed: " + firstLine(err.Error()) + in.said()
		if ctx.Err() != nil {
			// Interrupted: report it as the context's error, for errors.Is.
			msg, err = "host: the call was interrupted: "+ctx.Err().Error(), ctx.Err()
		}
		return 0, &callError{msg: msg, broken: true, err: err}
	}
	return in.stack[0], nil
}

func (in *instance) close(ctx context.Context) { in.mod.Close(ctx) }

// said is what the Go runtime wrote before it gave up (": out of memory..."),
// for the end of an error message: its lines up to the first blank one,
// where the runtime's dump of every goroutine's stack begins (a runtime
// error prints it whatever GOTRACEBACK says), at most saidLines lines of at
// most saidWidth bytes; "" when it wrote nothing. An error is read by people
// on a terminal or in a log: the runtime's own words say why, kilobytes of
// stack do not.
func (in *instance) said() string {
	s := strings.TrimSpace(in.stderr.String())
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > saidLines {
		lines = append(lines[:saidLines], "...")
	}
	for i, l := range lines {
		lines[i] = clipLine(l)
	}
	return ": " + strings.Join(lines, "\n")
}

const (
	saidLines = 3
	saidWidth = 200
)

// firstLine is s up to its first line break (wazero appends the guest's
// stack trace to a trap's message), at most saidWidth bytes.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return clipLine(s)
}

// clipLine cuts a line to saidWidth bytes, on a character boundary.
func clipLine(s string) string {
	if len(s) <= saidWidth {
		return s
	}
	cut := saidWidth
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// guestError reads an error document: {"error":{"code":...,"message":...}}.
// A panic breaks the instance: the panic may have left the guest's state
// half-updated, and a fresh instance costs a millisecond.
func guestError(doc []byte) error {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(doc, &e); err != nil || e.Error.Code == "" {
		const show = 512 // enough to tell what it is; an error message of megabytes helps no one
		return &callError{msg: "host: the module returned a malformed error document: " + string(doc[:min(len(doc), show)]), broken: true}
	}
	return &callError{msg: "host: " + e.Error.Message, broken: e.Error.Code == "panic"}
}

// cappedBuffer keeps the first 4 KiB written to it.
type cappedBuffer struct{ bytes.Buffer }

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := 4096 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
