package proxy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// TestNothingLost is the bounded load test: C clients send a fixed number of
// requests (one in four invalid) through the gateway and then through the
// same proxy without the plugin, in the same run. Through the gateway, every
// valid request must reach the backend exactly once, unaltered except for
// the filled defaults, and every invalid one must be answered 400 and reach
// nothing. The figures are logged, never asserted: `make loadtest` runs it
// large (LOADTEST_REQUESTS, LOADTEST_CLIENTS) with -v.
func TestNothingLost(t *testing.T) {
	total := envInt(t, "LOADTEST_REQUESTS", 400)
	clients := envInt(t, "LOADTEST_CLIENTS", 8)
	st := start(t, "")

	body := func(i int) ([]byte, bool) {
		if i%4 == 3 {
			return gt.Invalid(i), false
		}
		return gt.Valid(i), true
	}
	// Warm both paths (connections, guest instances) before measuring.
	direct, through := newLoad(total), newLoad(total)
	warm := newLoad(clients * 4)
	run(t, st.Direct.URL+gt.Path, "warm", clients, 0, clients*4, body, warm)
	run(t, st.Gateway.URL+gt.Path, "warm", clients, 0, clients*4, body, warm)
	// Interleave the two paths in rounds, so a burst of other work on the
	// machine weighs on both alike.
	const rounds = 10
	for r := range rounds {
		from, to := r*total/rounds, (r+1)*total/rounds
		run(t, st.Direct.URL+gt.Path, "direct", clients, from, to, body, direct)
		run(t, st.Gateway.URL+gt.Path, "gateway", clients, from, to, body, through)
	}
	direct.finish()
	through.finish()

	// Every valid request arrived exactly once, completed; no invalid one did.
	arrived := map[string]int{}
	for _, r := range st.Backend.Received() {
		if r.Header.Get("X-Load-Path") != "gateway" {
			continue
		}
		var b struct{ Name string }
		if err := json.Unmarshal(r.Body, &b); err != nil {
			t.Fatalf("the backend got a body that is not JSON: %s", r.Body)
		}
		arrived[b.Name]++
		i, err := strconv.Atoi(b.Name[len("load_"):])
		if err != nil {
			t.Fatalf("unexpected request %s", b.Name)
		}
		sent, valid := body(i)
		if !valid {
			t.Errorf("invalid request %d reached the backend", i)
			continue
		}
		if why := gt.SameExceptDefaults(sent, r.Body, r.Header.Get(gateway.HeaderDefaults)); why != "" {
			t.Errorf("request %d: %s", i, why)
		}
	}
	var valid int
	for i := range total {
		name := "load_" + strconv.Itoa(i)
		if _, ok := body(i); ok {
			valid++
			if arrived[name] != 1 {
				t.Errorf("valid request %d reached the backend %d times", i, arrived[name])
			}
		}
		if want := map[bool]int{true: 200, false: 400}[i%4 != 3]; through.status[i] != want {
			t.Errorf("request %d: status %d, want %d", i, through.status[i], want)
		}
	}
	t.Logf("%d requests (%d valid, %d invalid), %d clients, loopback", total, valid, total-valid, clients)
	t.Logf("%-22s %10s %10s %10s", "", "req/s", "p50", "p99")
	t.Logf("%-22s %10.0f %10s %10s", "proxy alone", direct.rps(), direct.p(50), direct.p(99))
	t.Logf("%-22s %10.0f %10s %10s", "proxy + http-wasm plugin", through.rps(), through.p(50), through.p(99))
	t.Logf("%-22s %10s %10s %10s", "added by the plugin", "", through.p(50)-direct.p(50), through.p(99)-direct.p(99))
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

type loadResult struct {
	elapsed   time.Duration
	latencies []time.Duration // sorted by finish
	status    []int           // by request index
}

func newLoad(total int) *loadResult {
	return &loadResult{latencies: make([]time.Duration, total), status: make([]int, total)}
}

func (r *loadResult) finish() { slices.Sort(r.latencies) }

func (r *loadResult) rps() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

func (r *loadResult) p(q int) time.Duration {
	i := (len(r.latencies)*q + 99) / 100
	return r.latencies[min(max(i-1, 0), len(r.latencies)-1)].Round(time.Microsecond)
}

// run sends requests from..to-1 from clients goroutines, each request once,
// marked with the X-Load-Path header so the backend's records tell the
// paths apart, and adds what it measured to res.
func run(t *testing.T, url, path string, clients, from, to int, body func(int) ([]byte, bool), res *loadResult) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()
	next := make(chan int, to-from)
	for i := from; i < to; i++ {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failure error
	begin := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				b, _ := body(i)
				req, err := http.NewRequest("POST", url, bytes.NewReader(b))
				if err != nil {
					panic(err)
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Load-Path", path)
				t0 := time.Now()
				r, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, r.Body)
					r.Body.Close()
					res.status[i] = r.StatusCode
				}
				res.latencies[i] = time.Since(t0)
				if err != nil {
					mu.Lock()
					failure = fmt.Errorf("request %d: %w", i, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	res.elapsed += time.Since(begin)
	if failure != nil {
		t.Fatal(failure)
	}
}
