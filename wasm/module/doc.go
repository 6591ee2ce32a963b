// Command module is iotda-preflight as one WebAssembly module: the core's
// check, behind a small ABI that any host can drive — wazero (package host),
// browsers and Node.js (the js package), edge runtimes. This comment is the
// whole contract; a host needs nothing else.
//
// # Build
//
//	go run ./internal/wasmbuild/build -o build/preflight.wasm ./wasm/module
//
// (make wasm): the go command's build (GOOS=wasip1 GOARCH=wasm go build
// -trimpath -buildmode=c-shared -ldflags='-s -w -buildid='), whose jumps
// between basic blocks are then made direct where they go forward
// (internal/jumpthread). The go command's module alone works the same, and
// runs a third slower. The build is reproducible: the same sources and Go
// version give the same bytes. It is a WASI preview 1 reactor: it has no
// main to run.
//
// # Life of an instance
//
//  1. Instantiate the module with the WASI imports listed below.
//  2. Call _initialize() once, before any other export (it runs the Go
//     runtime's and the packages' initialization). wazero:
//     wazero.NewModuleConfig().WithStartFunctions("_initialize").
//  3. Call abi_version() and refuse the module unless it returns the version
//     the host was written for (this document: 1).
//  4. Call configure/check/output as often as needed, one call at a time: an
//     instance is single-threaded and not reentrant. Run one instance per
//     thread or worker to check in parallel.
//
// An instance that trapped, exited (proc_exit) or was interrupted must be
// thrown away: its memory may be in any state. An error document (below) is
// not a trap; the instance stays usable.
//
// # Exports
//
// All integers are i32. Addresses are offsets into the exported memory
// "memory". Lengths are in bytes.
//
//	abi_version() -> i32
//	    The ABI version: 1.
//
//	input(size i32) -> addr i32
//	    Grows the guest-owned input buffer to at least size bytes and returns
//	    its address (0 when size is negative). The host then writes its bytes
//	    (a body or an options document) at addr. The address stays valid until
//	    the next call of input; the buffer's contents until the host overwrites
//	    them.
//
//	configure(len i32) -> i32
//	    Reads an options document from input[0:len] (see Options below) and
//	    returns a handle > 0 for it. On failure it returns minus the length of
//	    an error document written in the output buffer (code "options" for
//	    options the core rejects). Parsing options, above all a catalog, costs
//	    far more than a check: configure once, check many times.
//	    At most 256 option sets are held at once (code "handles" beyond).
//
//	release(handle i32)
//	    Frees an option set. Releasing handle 0 or an unknown handle does
//	    nothing.
//
//	check(handle i32, len i32) -> i32
//	    Checks the body in input[0:len] with the options of handle (0: the
//	    default options, no configure needed). Returns the length n > 0 of
//	    the result document in the output buffer, or minus the length of an
//	    error document (codes "handle", "length", "panic"). A result
//	    document depends only on the body and the options: nothing from
//	    earlier calls shows in it. The core enforces max_bytes and max_depth
//	    before it reads the body, so a body over max_bytes costs its copy
//	    and nothing more.
//
//	output() -> addr i32
//	    The address of the output buffer, which holds the document the last
//	    configure or check wrote. Call it after that call: the buffer moves
//	    when it grows. Its contents stay until the next configure or check.
//
//	_initialize()
//	    The reactor's initialization (see above).
//
// A check, in full (pseudo-code; mem is the exported memory):
//
//	mem[input(len(opts)) : +len(opts)] = opts     // once per options document
//	h   := configure(len(opts))                   // or use 0 for the defaults
//	mem[input(len(body)) : +len(body)] = body
//	n   := check(h, len(body))
//	doc := mem[output() : +abs(n)]                 // copy it out
//	if n < 0 { the call failed: doc is an error document }
//
// JavaScript: the memory's ArrayBuffer is replaced whenever the guest grows
// its memory, which any export may do. Take a fresh view of memory.buffer
// after each call instead of keeping one.
//
// # Documents
//
// The options document is the JSON of core.ParseOptions, every member
// optional, unknown members rejected, max_depth at most core.MaxDepthLimit
// (1000: each level of a nested body takes room on the engine's own stack):
//
//	{"strict": true, "max_bytes": 1048576, "max_depth": 32, "lang": "en"|"zh",
//	 "catalog": {...a price catalog...},
//	 "params": {"project_id": "...", "auth_token": "..."}}
//
// The result document is the compact JSON of DESIGN.md's result, byte for
// byte what core.AppendCheck writes natively for the same body and options.
// It always starts with {"valid":.
//
// The error document says the call could not be carried out; it is never a
// verdict on the body:
//
//	{"error":{"code":"panic","message":"panic: ..."}}
//
// Codes: "options" (configure: the options are malformed), "handles" (too
// many option sets), "handle" (check: an unknown handle), "length" (a length
// outside the input buffer), "panic" (a bug in the module: the panic was
// caught and the call abandoned; throwing the instance away is prudent).
//
// # Memory
//
// The host owns nothing inside the guest: it writes into the input buffer
// and reads from the output buffer, both owned and reused by the guest, and
// never frees anything. The buffers grow to the largest body and result seen
// and stay that size, so a steady load allocates nothing new; the Go runtime
// takes memory in 4 MiB steps and never gives it back. A body has to fit in
// the guest's memory with room to spare; package host refuses, before
// copying, a body larger than half the memory limit. Bound the instance
// with the host's memory limit (wazero: WithMemoryLimitPages): exceeding it
// makes the Go runtime exit with "out of memory" (proc_exit(2)), and the
// instance must be thrown away. How much to allow: the densest bodies take
// about 30 bytes of memory per byte of body (host's
// BenchmarkMemoryPerBodyByte), so the largest max_bytes any options accept
// (4 MiB, core.MaxBytesLimit) needs 128 MiB at its densest; package host
// allows 256 MiB. A catalog at its limits (1 MiB, 1,000 flavors) needs
// under 40 MiB. Common bodies keep an instance at 4-8 MiB.
//
// When the Go runtime gives up it writes its reason to fd 2 in a few lines,
// then a blank line and every goroutine's stack (whatever GOTRACEBACK says,
// for a runtime error such as out of memory): a host shows the lines before
// the blank one.
//
// # WASI imports
//
// The Go runtime imports these functions of "wasi_snapshot_preview1"; a host
// must provide all of them (a browser shim such as a few lines of
// JavaScript suffices):
//
//	called during _initialize and checks:
//	  clock_time_get    monotonic clock; any non-decreasing value works
//	  random_get        seeds the runtime's hash maps; any bytes work
//	  args_sizes_get, args_get         may report no arguments
//	  environ_sizes_get, environ_get   may report an empty environment
//	  fd_fdstat_get     asked for fds 0, 1, 2: report a character device
//	  fd_fdstat_set_flags              may fail (ENOSYS)
//	  fd_prestat_get    asked for fd 3: return EBADF (8) for "no preopens"
//	called only when something went wrong:
//	  fd_write          fds 1 and 2: the Go runtime's fatal messages
//	  proc_exit         the runtime gave up (out of memory, fatal error);
//	                    the host must stop the instance and discard it
//	linked but not called by the check:
//	  sched_yield, poll_oneoff, fd_close, fd_prestat_dir_name
//	                    may return ENOSYS (52)
//
// The module does no I/O: no file, socket or clock reading affects a result.
package main
