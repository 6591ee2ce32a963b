package traefiktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/gateway/gatewaytest/httpharness"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// The Traefik binary (TRAEFIK_BIN, from build.sh) and the reason it is
// missing (TRAEFIK_UNAVAILABLE: build.sh's, when Traefik cannot be built
// here for a reason outside the project).
var (
	traefikBin  = os.Getenv("TRAEFIK_BIN")
	unavailable = os.Getenv("TRAEFIK_UNAVAILABLE")
)

// needTraefik skips a test that has no Traefik, naming why: it is a skip,
// never a pass.
func needTraefik(t testing.TB) {
	t.Helper()
	switch {
	case unavailable != "":
		t.Skip(unavailable)
	case traefikBin == "":
		t.Skip("no Traefik: TRAEFIK_BIN is not set (make traefik-test builds Traefik and runs these tests)")
	}
}

// instance is a Traefik running the repository's configuration
// (examples/gateway/traefik) with the plugin, in front of backend.
type instance struct {
	URL     string // the entry point, http://127.0.0.1:port
	Backend *proxy.Backend
	dir     string
	cmd     *exec.Cmd
	log     *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	startOnce sync.Map // "default" or "fast" -> *instance
	backendMu sync.Mutex
	backend   *proxy.Backend
	backendAt string
)

// freePort is a loopback port nothing listens on right now.
func freePort(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// sharedBackend is the backend every Traefik here forwards to.
func sharedBackend(t testing.TB) (*proxy.Backend, string) {
	backendMu.Lock()
	defer backendMu.Unlock()
	if backend == nil {
		b := &proxy.Backend{}
		srv, err := proxy.Serve("127.0.0.1:0", b)
		if err != nil {
			t.Fatal(err)
		}
		backend, backendAt = b, strings.TrimPrefix(srv.URL, "http://")
	}
	return backend, backendAt
}

// traefik returns the running Traefik with the default proxy or, fast,
// with experimental.fastProxy, starting it the first time.
func traefik(t testing.TB, fast bool) *instance {
	t.Helper()
	needTraefik(t)
	key := map[bool]string{false: "default", true: "fast"}[fast]
	if v, ok := startOnce.Load(key); ok {
		if v == nil {
			t.Fatal("Traefik did not start (see the first test)")
		}
		return v.(*instance)
	}
	startOnce.Store(key, nil)
	in := start(t, fast)
	startOnce.Store(key, in)
	return in
}

// repo is the repository's root.
func repo(elem ...string) string { return filepath.Join(append([]string{"..", ".."}, elem...)...) }

func start(t testing.TB, fast bool) *instance {
	b, backendAddr := sharedBackend(t)
	guest, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/httpwasm")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "traefiktest")
	if err != nil {
		t.Fatal(err)
	}
	// The plugin as a local plugin: its manifest and module under
	// plugins-local/src/<moduleName>/.
	plugin := filepath.Join(dir, "plugins-local", "src", "github.com", "iotda-preflight", "preflight", "wasm", "httpwasm")
	manifest, err := os.ReadFile(repo("wasm", "httpwasm", ".traefik.yml"))
	if err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	static, err := os.ReadFile(repo("examples", "gateway", "traefik", "traefik.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dynamic, err := os.ReadFile(repo("examples", "gateway", "traefik", "dynamic", "iotda-preflight.yml"))
	if err != nil {
		t.Fatal(err)
	}
	// The repository's files as they are, but for the two addresses.
	static = bytes.Replace(static, []byte("127.0.0.1:8080"), []byte(addr), 1)
	if fast {
		static = bytes.Replace(static, []byte("experimental:\n"), []byte("experimental:\n  fastProxy: {}\n"), 1)
	}
	dynamic = bytes.Replace(dynamic, []byte("127.0.0.1:9000"), []byte(backendAddr), 1)
	for name, data := range map[string][]byte{
		filepath.Join(plugin, ".traefik.yml"):                manifest,
		filepath.Join(plugin, "plugin.wasm"):                 guest,
		filepath.Join(dir, "traefik.yml"):                    static,
		filepath.Join(dir, "dynamic", "iotda-preflight.yml"): dynamic,
		filepath.Join(dir, "dynamic", "bad.yml"):             []byte(badConfig),
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := &instance{URL: "http://" + addr, Backend: b, dir: dir, log: &syncBuffer{}}
	in.cmd = exec.Command(traefikBin, "--configFile="+filepath.Join(dir, "traefik.yml"))
	in.cmd.Dir = dir
	in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Ready when every router answers.
	deadline := time.Now().Add(2 * time.Minute)
	for _, host := range slices.Sorted(maps.Keys(gt.Configs)) {
		for {
			req, _ := http.NewRequest("GET", in.URL+"/ready", nil)
			req.Host = host + ".preflight.test"
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				in.stop()
				t.Fatalf("Traefik did not serve %s within 2 minutes; its log:\n%s", host, in.log)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	b.Reset()
	return in
}

func (in *instance) stop() {
	if in.cmd.Process != nil {
		_ = in.cmd.Process.Kill()
		_ = in.cmd.Wait()
	}
	_ = os.RemoveAll(in.dir)
}

// badConfig is a middleware whose options the plugin refuses.
const badConfig = `http:
  routers:
    bad:
      rule: Host(` + "`bad.preflight.test`" + `)
      service: iotda
      middlewares: [preflight-bad]
  middlewares:
    preflight-bad:
      plugin:
        iotda-preflight:
          fail_open: "yes"
`

func TestMain(m *testing.M) {
	code := m.Run()
	startOnce.Range(func(_, v any) bool {
		if in, ok := v.(*instance); ok && in != nil {
			in.stop()
		}
		return true
	})
	os.Exit(code)
}

func (in *instance) target() httpharness.Target {
	return httpharness.Target{
		Route:   func(config string) (string, string) { return in.URL, config + ".preflight.test" },
		Backend: in.Backend,
		H2C:     true,
	}
}

// Every row of the request matrix through real Traefik, with the default
// proxy and with experimental.fastProxy, the options set in the YAML file
// provider.
func TestScenarios(t *testing.T) {
	for _, fast := range []bool{false, true} {
		t.Run(map[bool]string{false: "default proxy", true: "fastProxy"}[fast], func(t *testing.T) {
			in := traefik(t, fast)
			httpharness.Run(t, in.target(), gt.Scenarios())
		})
	}
}

// A configuration the plugin refuses is logged through Traefik's log,
// naming the member, and its router is not served.
func TestBadConfigLogged(t *testing.T) {
	in := traefik(t, false)
	want := `gateway config: fail_open "yes" must be true or false`
	if !strings.Contains(in.log.String(), want) {
		t.Fatalf("Traefik's log lacks %q:\n%s", want, in.log)
	}
	s := gt.Scenario{Name: "bad", Config: "bad", Body: gt.Minimal}
	if r := httpharness.Send(t, in.target(), s); r.Status == 200 {
		t.Errorf("the router of a refused middleware served: %d", r.Status)
	}
}

// Bounded load: concurrent clients, valid and invalid bodies, each unique;
// nothing is lost and every answer equals that request's answer alone.
func TestNothingLost(t *testing.T) {
	const requests, clients = 600, 8
	for _, fast := range []bool{false, true} {
		t.Run(map[bool]string{false: "default proxy", true: "fastProxy"}[fast], func(t *testing.T) {
			in := traefik(t, fast)
			tg := in.target()
			rows := make([]gt.Scenario, requests)
			for i := range rows {
				body := gt.Valid(i)
				if i%3 == 2 {
					body = gt.Invalid(i)
				}
				rows[i] = gt.Scenario{Name: fmt.Sprint(i), Body: body, Chunked: i%5 == 4}
			}
			alone := make([]httpharness.Response, requests)
			for i, s := range rows {
				alone[i] = httpharness.Send(t, tg, s)
			}
			in.Backend.Reset()
			got := make([]httpharness.Response, requests)
			var wg sync.WaitGroup
			next := make(chan int)
			for range clients {
				wg.Go(func() {
					for i := range next {
						got[i] = httpharness.Send(t, tg, rows[i])
					}
				})
			}
			for i := range rows {
				next <- i
			}
			close(next)
			wg.Wait()
			forwarded := 0
			for i := range rows {
				a, g := alone[i], got[i]
				if a.Status != g.Status || a.Header.Get("X-Preflight-Estimate") != g.Header.Get("X-Preflight-Estimate") {
					t.Fatalf("request %d: %d %q under load, %d %q alone", i, g.Status, g.Header.Get("X-Preflight-Estimate"),
						a.Status, a.Header.Get("X-Preflight-Estimate"))
				}
				if a.Status != 200 && !bytes.Equal(a.Body, g.Body) {
					t.Fatalf("request %d: answered %s under load, %s alone", i, g.Body, a.Body)
				}
				if a.Status == 200 {
					forwarded++
				}
			}
			received := in.Backend.Received()
			if len(received) != forwarded {
				t.Fatalf("the backend received %d requests, want %d", len(received), forwarded)
			}
			byName := map[string][]proxy.Received{}
			for _, r := range received {
				var v struct{ Name string }
				_ = json.Unmarshal(r.Body, &v)
				byName[v.Name] = append(byName[v.Name], r)
			}
			for i, s := range rows {
				if alone[i].Status != 200 {
					continue
				}
				r := byName[fmt.Sprintf("load_%d", i)]
				if len(r) != 1 {
					t.Fatalf("request %d reached the backend %d times", i, len(r))
				}
				if why := gt.SameExceptDefaults(s.Body, r[0].Body, r[0].Header.Get("X-Preflight-Defaults")); why != "" {
					t.Fatalf("request %d: %s", i, why)
				}
			}
		})
	}
}

// The README's Traefik section is the configuration the tests run: the
// manifest, the static and the dynamic file, each word for word.
func TestREADMEShowsTheConfiguration(t *testing.T) {
	readme, err := os.ReadFile(repo("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"wasm/httpwasm/.traefik.yml", "examples/gateway/traefik/traefik.yml",
		"examples/gateway/traefik/dynamic/iotda-preflight.yml"} {
		b, err := os.ReadFile(repo(strings.Split(name, "/")...))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(readme, b) {
			t.Errorf("README.md does not show %s as it is", name)
		}
	}
}

// BenchmarkTraefik measures the plugin's share under the same load:
// each client alternates a request through the router without the plugin
// and one through the router with it (the same valid body), so a tenant's
// load on this shared machine falls on both alike. throughput-% is the
// plugin's throughput as a share of the plain proxy's (the sums of their
// latencies); p50 and p99 are per route.
func BenchmarkTraefik(b *testing.B) {
	for _, fast := range []bool{false, true} {
		b.Run(map[bool]string{false: "proxy=default", true: "proxy=fast"}[fast], func(b *testing.B) {
			in := traefik(b, fast)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			send := func(route string) (time.Duration, error) {
				req, _ := http.NewRequest("POST", in.URL+gt.Path, bytes.NewReader(gt.Minimal))
				req.Host = route + ".preflight.test"
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					return 0, err
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					return 0, fmt.Errorf("%s: status %d", route, res.StatusCode)
				}
				return time.Since(t0), nil
			}
			// Warm up: 8 clients at once make Traefik instantiate as many
			// guests (its pool then keeps them), and wazero's code is hot.
			var warm sync.WaitGroup
			for range 8 {
				warm.Go(func() {
					for range 50 {
						_, _ = send("direct")
						_, _ = send("default")
					}
				})
			}
			warm.Wait()
			var mu sync.Mutex
			lat := map[string][]time.Duration{}
			b.SetParallelism(4) // 8 clients on 2 cores, as the issue measured
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				mine := map[string][]time.Duration{}
				order := []string{"direct", "default"}
				for pb.Next() {
					for _, route := range order {
						d, err := send(route)
						if err != nil {
							b.Error(err)
							return
						}
						mine[route] = append(mine[route], d)
					}
					order[0], order[1] = order[1], order[0]
				}
				mu.Lock()
				for k, v := range mine {
					lat[k] = append(lat[k], v...)
				}
				mu.Unlock()
			})
			b.StopTimer()
			in.Backend.Reset()
			var sum [2]time.Duration
			for i, route := range []string{"direct", "default"} {
				l := lat[route]
				if len(l) == 0 {
					return
				}
				slices.Sort(l)
				for _, d := range l {
					sum[i] += d
				}
				name := map[string]string{"direct": "without", "default": "with"}[route]
				b.ReportMetric(float64(l[len(l)/2].Microseconds()), name+"-p50-µs")
				b.ReportMetric(float64(l[len(l)*99/100].Microseconds()), name+"-p99-µs")
			}
			b.ReportMetric(100*float64(sum[0])/float64(sum[1]), "throughput-%")
		})
	}
}
