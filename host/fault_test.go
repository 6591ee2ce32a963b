package host

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/examples/requests"
	"github.com/iotda-preflight/preflight/internal/corpus"
)

// The fault module (wasm/module built with -tags preflight_faults) misbehaves
// on bodies with these prefixes; see wasm/module/fault.go.
var (
	bodyPanic = []byte("\x00fault:panic")
	bodyOOM   = []byte("\x00fault:oom")
	bodyLoop  = []byte("\x00fault:loop")
	bodyDeep  = []byte("\x00fault:deep")
)

// requireServes checks that h still answers correctly.
func requireServes(t *testing.T, h *Host) {
	t.Helper()
	body := []byte(`{"name":"after-the-fault"}`)
	got, err := h.Check(context.Background(), body, []byte(`{"strict":true}`))
	require.NoError(t, err)
	require.Equal(t, string(core.AppendCheck(nil, body, core.Options{Strict: true})), string(got))
}

// A call whose guest fails is an error for that call: its instance is
// thrown away and the next call is served by a fresh one.
func TestFaultLosesTheInstance(t *testing.T) {
	cases := []struct {
		name string
		body []byte
		want string
	}{
		{"a panic is reported with its value", bodyPanic, "panic: fault injected by the test build"},
		{"a stack overflow (millions of calls deep) is a failure of the module", bodyDeep, "the module failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newTestHost(t, NewConfig().WithModule(faultWasm).WithMaxInstances(1))
			requireServes(t, h)
			_, err := h.Check(context.Background(), c.body, nil)
			require.ErrorContains(t, err, c.want)
			require.Empty(t, idle(h), "the instance that failed is thrown away")
			requireServes(t, h)
		})
	}
}

func TestFaultOutOfMemory(t *testing.T) {
	const pages = 256 // 16 MiB
	h := newTestHost(t, NewConfig().WithModule(faultWasm).WithMaxInstances(1).WithMemoryLimitPages(pages))
	requireServes(t, h)
	_, err := h.Check(context.Background(), bodyOOM, nil)
	require.ErrorContains(t, err, "out of memory")
	require.Empty(t, idle(h), "an instance that ran out of memory is thrown away")
	requireServes(t, h)
	require.LessOrEqual(t, idle(h)[0].mem.Size(), uint32(pages*65536))
}

// waitBusy waits until every slot of h is taken: the calls started are
// inside the guest, or about to be.
func waitBusy(t *testing.T, h *Host) {
	t.Helper()
	require.Eventually(t, func() bool { return len(h.slots) == cap(h.slots) }, 10*time.Second, time.Millisecond)
}

// waitRunning waits until a call holds the only slot and is past acquire's
// check for a closed host: no idle instance is left (the one New made is
// taken or evicted under the same lock as that check). waitBusy is not
// enough where the test closes the host next: a call that has its slot but
// not yet its instance is refused with ErrClosed, rightly, and never runs.
func waitRunning(t *testing.T, h *Host) {
	t.Helper()
	require.Eventually(t, func() bool {
		return len(h.slots) == cap(h.slots) && len(idle(h)) == 0
	}, 10*time.Second, time.Millisecond)
}

// warmGuarded compiles the guarded engine, so that a test's deadline
// measures the call, not the compilation (tens of seconds under -race).
func warmGuarded(t *testing.T, h *Host) {
	t.Helper()
	_, err := h.guardedEngine(context.Background())
	require.NoError(t, err)
}

func TestFaultDeadline(t *testing.T) {
	h := newTestHost(t, NewConfig().WithModule(faultWasm).WithMaxInstances(1))
	requireServes(t, h)
	warmGuarded(t, h)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := h.Check(ctx, bodyLoop, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	// The guest loops forever: returning at all is the point. The bound only
	// keeps a regression from hanging until go test's own timeout, and is
	// generous, as CI shares two cores with the rest of the suite.
	require.Less(t, time.Since(start), 30*time.Second)
	require.Empty(t, idle(h), "an interrupted instance is thrown away")
	requireServes(t, h)
}

func TestFaultCancel(t *testing.T) {
	h := newTestHost(t, NewConfig().WithModule(faultWasm).WithMaxInstances(1))
	warmGuarded(t, h)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := h.Check(ctx, bodyLoop, nil)
	require.ErrorIs(t, err, context.Canceled)
	requireServes(t, h)
}

// TestWaitHonoursContext: with every instance busy, a caller gives up when
// its context does.
func TestWaitHonoursContext(t *testing.T) {
	h := newTestHost(t, NewConfig().WithModule(faultWasm).WithMaxInstances(1))
	warmGuarded(t, h)
	busy, cancelBusy := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Check(busy, bodyLoop, nil)
	}()
	waitBusy(t, h)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := h.Check(ctx, []byte("{}"), nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	cancelBusy()
	<-done
	requireServes(t, h)
}

// TestWaitForCompilationHonoursContext: a caller whose deadline comes
// before the guarded engine is compiled gets its deadline, not a wait.
func TestWaitForCompilationHonoursContext(t *testing.T) {
	h := newTestHost(t, NewConfig())
	release := make(chan struct{})
	compile := h.newGuarded
	h.newGuarded = func(ctx context.Context) (*engine, error) {
		<-release
		return compile(ctx)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := h.Check(ctx, []byte("{}"), nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	close(release)
	cancellable, cancelIt := context.WithCancel(context.Background())
	defer cancelIt()
	body := []byte(`{"name":"a"}`)
	got, err := h.Check(cancellable, body, nil)
	require.NoError(t, err)
	require.Equal(t, string(core.AppendCheck(nil, body, core.Options{})), string(got))
}

// TestConcurrentCalls: 2 goroutines x 10,000 calls (run it with -race),
// mixing bodies and options. No call fails, every answer is the core's, and
// no instance's memory grows past its size after warm-up plus
// memoryGrowthBound.
func TestConcurrentCalls(t *testing.T) {
	const (
		goroutines = 2
		calls      = 10000
	)
	if testing.Short() {
		t.Skip("20,000 calls")
	}
	h := newTestHost(t, NewConfig().WithMaxInstances(goroutines))
	bodies := [][]byte{requests.Enterprise, []byte(`{"name":"x"}`), []byte("{\"name\":\"\xff\"}"), corpus.Tricky()["deep-arrays"]}
	options := [][]byte{nil, []byte(`{"strict":true}`), []byte(`{"lang":"zh"}`)}
	want := make([][]string, len(bodies))
	for i, body := range bodies {
		for _, o := range options {
			opts, err := core.ParseOptions(orEmptyObject(o))
			require.NoError(t, err)
			want[i] = append(want[i], string(core.AppendCheck(nil, body, opts)))
		}
	}
	// Make both instances now, so none is made during the run.
	var made []*instance
	for range goroutines {
		in, err := h.acquire(context.Background())
		require.NoError(t, err)
		made = append(made, in)
	}
	for _, in := range made {
		h.putBack(context.Background(), in, nil)
	}
	// Warm them up, then note their memory.
	var wg sync.WaitGroup
	run := func(n int, errs chan error) {
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				var dst []byte
				for i := 0; i < n; i++ {
					b, o := (i+g)%len(bodies), i%len(options)
					var err error
					dst, err = h.AppendCheck(context.Background(), dst[:0], bodies[b], options[o])
					if err == nil && string(dst) != want[b][o] {
						err = errors.New("the module and the core disagree")
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}(g)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
	}
	run(len(bodies)*len(options), make(chan error, goroutines))
	before := memorySizes(h)
	require.Len(t, before, goroutines)
	run(calls, make(chan error, goroutines))
	after := memorySizes(h)
	require.Len(t, after, goroutines, "no instance was replaced")
	for i := range after {
		require.LessOrEqual(t, after[i], slices.Max(before)+memoryGrowthBound)
	}
	t.Logf("instances: %d, memory after warm-up %v, after %d calls %v", len(after), before, goroutines*calls, after)
}

// memoryGrowthBound is how much an instance's memory may grow once warm:
// two of the Go runtime's 4 MiB heap arenas.
const memoryGrowthBound = 8 << 20

func memorySizes(h *Host) []uint32 {
	var sizes []uint32
	for _, in := range idle(h) {
		sizes = append(sizes, in.mem.Size())
	}
	return sizes
}

// TestBodyBeyondMemory: a body that cannot fit in the guest is refused
// before it is copied, and costs no instance.
func TestBodyBeyondMemory(t *testing.T) {
	const pages = 128 // 8 MiB
	h := newTestHost(t, NewConfig().WithMaxInstances(1).WithMemoryLimitPages(pages))
	_, err := h.Check(context.Background(), make([]byte, pages*65536/2+1), nil)
	require.ErrorContains(t, err, "a body of 4194305 bytes does not fit")
	_, err = h.Check(context.Background(), []byte(`{}`), make([]byte, pages*65536/2+1))
	require.ErrorContains(t, err, "options of 4194305 bytes do not fit", "the error says which of the two")
	require.Len(t, idle(h), 1)
	requireServes(t, h)
}

// TestConcurrentClose: closing a Host while both engines are busy neither
// crashes nor hangs; every call either answers or fails, and later calls
// return ErrClosed.
func TestConcurrentClose(t *testing.T) {
	h, err := New(context.Background(), NewConfig().WithModule(moduleWasm))
	require.NoError(t, err)
	warmGuarded(t, h)
	body := requests.Enterprise
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			ctx := context.Background()
			if g%2 == 1 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
			}
			for {
				if _, err := h.Check(ctx, body, nil); errors.Is(err, ErrClosed) {
					return
				}
			}
		}(g)
	}
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, h.Close(context.Background()))
	wg.Wait()
	_, err = h.Check(context.Background(), body, nil)
	require.ErrorIs(t, err, ErrClosed)
}

// TestCloseWaitsForCalls: Close does not close an instance under a running
// call. With a call stuck in the guest, Close gives up when its context
// does; the call ends when its own context does, and the closing finishes.
func TestCloseWaitsForCalls(t *testing.T) {
	h, err := New(context.Background(), NewConfig().WithModule(faultWasm).WithMaxInstances(1))
	require.NoError(t, err)
	warmGuarded(t, h)
	busy, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := h.Check(busy, bodyLoop, nil)
		done <- err
	}()
	waitRunning(t, h)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, h.Close(ctx), context.DeadlineExceeded)
	_, err = h.Check(context.Background(), []byte("{}"), nil)
	require.ErrorIs(t, err, ErrClosed)
	stop()
	require.ErrorIs(t, <-done, context.Canceled)
	require.Eventually(t, func() bool { return len(h.slots) == cap(h.slots) }, 5*time.Second, 10*time.Millisecond, "the background closing takes every slot")
}
