// Command guestprof measures the module's check in instructions, which do
// not move with the load of a shared machine, and says which of the guest's
// functions they go to. It is the tool behind the figures in RATIONALE.md
// ("What costs time in Go as WebAssembly"); it needs valgrind.
//
//	make guest-profile                      # the enterprise example, top 40 functions
//	make guest-profile GUESTPROF_BODY=examples/requests/resize/standard-s1-10-units.json \
//	     GUESTPROF_OPTIONS=internal/guestprof/testdata/resize-options.json   # a priced resize
//
// By hand: build the module with its names (no -s), then
//
//	go run ./internal/guestprof -wasm build/profile.wasm -n 200     # runs 200 checks after a warm-up
//
// under `valgrind --tool=callgrind`. Instructions per check are the
// difference of two such runs (-n 200 and -n 1200) over 1000; with -cache
// the module is not compiled in the measured process. With -count, the
// command makes both runs itself and prints that figure, and fails when
// either run fails or does not count (valgrind stops a program on an
// instruction it cannot emulate, and a difference taken anyway means
// nothing). Built with wazero's
// perfmap tag (-tags perfmap) and without -cache, wazero writes
// /tmp/perf-<pid>.map, the address of every function it compiled, and
//
//	go run ./internal/guestprof -attribute callgrind.out -map /tmp/perf-<pid>.map -per 2200
//
// sums callgrind's counts per guest function (per check: -per is the
// number of checks the run made, warm-up included). -options names an
// options document the body is checked with, configured once.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// warmUp is how many checks run before the n that are measured.
const warmUp = 200

func main() {
	wasmPath := flag.String("wasm", "build/profile.wasm", "the module")
	bodyPath := flag.String("body", "examples/requests/enterprise-yearly.json", "the body to check")
	optionsPath := flag.String("options", "", "an options document to check the body with (empty: none)")
	n := flag.Int("n", 1000, "checks to run after the warm-up")
	cacheDir := flag.String("cache", "", "a compilation cache directory (empty: compile in this process)")
	attribute := flag.String("attribute", "", "a callgrind output file to attribute to guest functions")
	mapPath := flag.String("map", "", "wazero's perf map (/tmp/perf-<pid>.map) for -attribute")
	per := flag.Int("per", 1, "divide -attribute's counts by this (checks run)")
	top := flag.Int("top", 40, "functions -attribute lists")
	count := flag.Bool("count", false, "run -n 200 and -n 1200 under callgrind and print the instructions per check")
	flag.Parse()
	var err error
	if *attribute != "" {
		err = attributeRun(os.Stdout, *attribute, *mapPath, *per, *top)
	} else if *count {
		var per int64
		if per, err = countRun(*wasmPath, *bodyPath, *optionsPath, *cacheDir); err == nil {
			fmt.Printf("instructions per check (guest and host calls): %d\n", per)
		}
	} else {
		err = run(*wasmPath, *bodyPath, *optionsPath, *cacheDir, *n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "guestprof:", err)
		os.Exit(2)
	}
}

// run checks body warmUp+n times in one instance, through the module's ABI,
// with the options of optionsPath configured once (as a host keeps a
// handle), or none.
func run(wasmPath, bodyPath, optionsPath, cacheDir string, n int) error {
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		return err
	}
	body, err := os.ReadFile(bodyPath)
	if err != nil {
		return err
	}
	ctx := context.Background()
	cfg := wazero.NewRuntimeConfig()
	if cacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cacheDir)
		if err != nil {
			return err
		}
		cfg = cfg.WithCompilationCache(cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	defer rt.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		return err
	}
	mod, err := rt.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithStartFunctions("_initialize"))
	if err != nil {
		return err
	}
	input, check := mod.ExportedFunction("input"), mod.ExportedFunction("check")
	if input == nil || check == nil {
		return fmt.Errorf("%s does not export input and check", wasmPath)
	}
	stack := make([]uint64, 2)
	handle := uint64(0) // the default options
	if optionsPath != "" {
		if handle, err = configure(ctx, mod, optionsPath); err != nil {
			return err
		}
	}
	for i := 0; i < warmUp+n; i++ {
		stack[0] = uint64(len(body))
		if err := input.CallWithStack(ctx, stack); err != nil {
			return err
		}
		if !mod.Memory().Write(uint32(stack[0]), body) {
			return fmt.Errorf("the input buffer lies outside memory")
		}
		stack[0], stack[1] = handle, uint64(len(body))
		if err := check.CallWithStack(ctx, stack); err != nil {
			return err
		}
		if int32(stack[0]) < 0 {
			return fmt.Errorf("check answered an error document")
		}
	}
	return nil
}

// configure gives the module the options document at path and returns its
// handle; a document the module refuses is an error with the module's words.
func configure(ctx context.Context, mod api.Module, path string) (uint64, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	stack := []uint64{uint64(len(doc))}
	if err := mod.ExportedFunction("input").CallWithStack(ctx, stack); err != nil {
		return 0, err
	}
	if !mod.Memory().Write(uint32(stack[0]), doc) {
		return 0, fmt.Errorf("the input buffer lies outside memory")
	}
	stack[0] = uint64(len(doc))
	if err := mod.ExportedFunction("configure").CallWithStack(ctx, stack); err != nil {
		return 0, err
	}
	if n := int32(stack[0]); n <= 0 {
		out := []uint64{0}
		if err := mod.ExportedFunction("output").CallWithStack(ctx, out); err != nil {
			return 0, err
		}
		msg, _ := mod.Memory().Read(uint32(out[0]), uint32(-n))
		return 0, fmt.Errorf("%s: the module refused the options: %s", path, msg)
	}
	return stack[0], nil
}

// The two runs countRun makes: the instructions of the extra checks of the
// long one are those of the checks alone, warm-up and start-up cancelling.
const shortRun, longRun = 200, 1200

// callgrindEnv keeps the counts steady from run to run (no collection, no
// preemption signals, one thread) and keeps the runtime off RDTSCP, which
// valgrind cannot emulate: the runtime reads the clock with it while it
// waits for a lock, so a run died of SIGILL now and then.
var callgrindEnv = []string{"GOGC=off", "GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off", "GOMAXPROCS=1"}

// countRun runs this command under callgrind for shortRun and longRun
// checks and returns the instructions per check.
func countRun(wasmPath, bodyPath, optionsPath, cacheDir string) (int64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	var totals [2]int64
	for i, n := range []int{shortRun, longRun} {
		cmd := exec.Command("valgrind", "--tool=callgrind", "--smc-check=all-non-file", "--callgrind-out-file=/dev/null",
			self, "-wasm", wasmPath, "-body", bodyPath, "-options", optionsPath, "-cache", cacheDir, "-n", strconv.Itoa(n))
		cmd.Env = append(os.Environ(), callgrindEnv...)
		out, err := cmd.CombinedOutput()
		if totals[i], err = collected(string(out), err); err != nil {
			return 0, fmt.Errorf("callgrind run of %d checks: %w", n, err)
		}
	}
	return perCheck(totals[0], totals[1], longRun-shortRun)
}

// collected reads the total of a callgrind run from its output ("==pid==
// Collected : 123456"), given how the run ended. A run that failed, or that
// printed no total, is an error that quotes the end of its output.
func collected(out string, runErr error) (int64, error) {
	tail := out
	if i := len(tail) - 600; i > 0 {
		tail = "..." + tail[i:]
	}
	if runErr != nil {
		return 0, fmt.Errorf("%v:\n%s", runErr, tail)
	}
	const key = "Collected : "
	at := strings.LastIndex(out, key)
	if at < 0 {
		return 0, fmt.Errorf("no total in its output:\n%s", tail)
	}
	field, _, _ := strings.Cut(out[at+len(key):], "\n")
	n, err := strconv.ParseInt(strings.TrimSpace(field), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("total %q is no count of instructions", strings.TrimSpace(field))
	}
	return n, nil
}

// perCheck is the instructions per check of the extra checks a long run
// made over a short one. The long run doing no more than the short one
// means one of them did not count what it ran.
func perCheck(short, long int64, extra int) (int64, error) {
	if long <= short {
		return 0, fmt.Errorf("the run of %d more checks counted %d instructions against %d: not a measurement", extra, long, short)
	}
	return (long - short) / int64(extra), nil
}

// attributeRun sums the counts callgrind_annotate gives the compiled code
// (functions it cannot name: "???:0x<address>") per guest function.
func attributeRun(w io.Writer, cgOut, mapPath string, per, top int) error {
	mf, err := os.Open(mapPath)
	if err != nil {
		return err
	}
	defer mf.Close()
	funcs, err := readPerfMap(mf)
	if err != nil {
		return err
	}
	out, err := exec.Command("callgrind_annotate", "--threshold=100", cgOut).Output()
	if err != nil {
		return fmt.Errorf("callgrind_annotate: %w", err)
	}
	sums, total := attribute(strings.NewReader(string(out)), funcs)
	if total == 0 {
		return fmt.Errorf("no instructions of guest code in %s: the run did not reach the module, or the map %s is not its", cgOut, mapPath)
	}
	fmt.Fprintf(w, "guest instructions per check: %d\n", total/uint64(per))
	names := make([]string, 0, len(sums))
	for name := range sums {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return sums[names[i]] > sums[names[j]] })
	for i, name := range names {
		if i == top {
			break
		}
		fmt.Fprintf(w, "%9d %5.1f%%  %s\n", sums[name]/uint64(per), 100*float64(sums[name])/float64(total), name)
	}
	return nil
}

// function is one entry of a perf map: the code of a guest function.
type function struct {
	start, size uint64
	name        string
}

// readPerfMap reads "<hex start> <hex size> <name>" lines, sorted by start.
// wazero names a function's blocks "[index/count].name:::::L<block>"; the
// block is dropped.
func readPerfMap(r io.Reader) ([]function, error) {
	var fs []function
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), " ", 3)
		if len(fields) != 3 {
			continue
		}
		start, err1 := strconv.ParseUint(fields[0], 16, 64)
		size, err2 := strconv.ParseUint(fields[1], 16, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("perf map line %q", sc.Text())
		}
		name := fields[2]
		if i := strings.Index(name, ":::::"); i >= 0 {
			name = name[:i]
		}
		if strings.HasPrefix(name, "[") {
			if i := strings.Index(name, "]."); i >= 0 {
				name = name[i+2:]
			}
		}
		fs = append(fs, function{start, size, name})
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].start < fs[j].start })
	return fs, sc.Err()
}

// attribute sums the "<count> (<percent>)  ???:0x<address>" lines of
// callgrind_annotate's output by the function whose code holds the address.
func attribute(r io.Reader, fs []function) (map[string]uint64, uint64) {
	sums := map[string]uint64{}
	var total uint64
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		at := strings.Index(line, "???:0x")
		if at < 0 {
			continue
		}
		count, err := strconv.ParseUint(strings.ReplaceAll(strings.Fields(line)[0], ",", ""), 10, 64)
		if err != nil {
			continue
		}
		hex := line[at+len("???:0x"):]
		if i := strings.IndexAny(hex, "' "); i >= 0 {
			hex = hex[:i]
		}
		addr, err := strconv.ParseUint(hex, 16, 64)
		if err != nil {
			continue
		}
		i := sort.Search(len(fs), func(i int) bool { return fs[i].start > addr }) - 1
		if i < 0 || addr >= fs[i].start+fs[i].size {
			continue // not guest code
		}
		sums[fs[i].name] += count
		total += count
	}
	return sums, total
}
