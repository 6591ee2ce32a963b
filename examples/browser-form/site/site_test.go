package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tempSite serves a repository with the files the site needs, small
// stand-ins, and returns the repository's top folder.
func tempSite(t *testing.T) (http.Handler, string) {
	t.Helper()
	root := t.TempDir()
	for path, text := range map[string]string{
		"examples/browser-form/www/index.html": "<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n</html>\n",
		"examples/browser-form/www/form.js":    "// form\n",
		"js/index.js":                          "// package\n",
		"js/package.json":                      `{"files": ["index.js", "load.js", "index.d.ts", "preflight.wasm", "LICENSE", "../x.js"]}` + "\n",
		"js/load.js":                           "// a module of the package\n",
		"js/fixtures.js":                       "// the package's tests' own\n",
		"js/" + shimDir + "index.js":           "// shim\n",
		"build/preflight.wasm":                 "\x00asm\x01\x00\x00\x00",
	} {
		path = filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h, err := Handler(root)
	if err != nil {
		t.Fatal(err)
	}
	return h, root
}

// get asks h for path as a browser on this machine does (Host 127.0.0.1).
func get(t *testing.T, h http.Handler, path string) *http.Response {
	t.Helper()
	return getFrom(t, h, "127.0.0.1:8080", path)
}

func getFrom(t *testing.T, h http.Handler, host, path string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", path, nil)
	req.Host = host
	h.ServeHTTP(rec, req)
	return rec.Result()
}

var baseHref = regexp.MustCompile(`<base href="(/v/[0-9a-f]+/)">`)

// version reads the version the page's <base> names.
func version(t *testing.T, h http.Handler) string {
	t.Helper()
	page := get(t, h, "/")
	body, _ := io.ReadAll(page.Body)
	m := baseHref.FindSubmatch(body)
	if m == nil {
		t.Fatalf("the page has no <base href=/v/...>:\n%s", body)
	}
	if cc := page.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("page Cache-Control = %q, want no-cache: an edit must show on reload", cc)
	}
	return string(m[1])
}

func TestCaching(t *testing.T) {
	h, _ := tempSite(t)
	v := version(t, h)
	for _, c := range []struct {
		path, status, cache, why string
	}{
		{v + "preflight.wasm", "200", "max-age=31536000, immutable", "this version's files never change"},
		{v + "form.js", "200", "max-age=31536000, immutable", "a file of www"},
		{v + "js/index.js", "200", "max-age=31536000, immutable", "the package"},
		{v + "js/" + shimDir + "index.js", "200", "max-age=31536000, immutable", "the shim"},
		{v + "catalog.json", "200", "max-age=31536000, immutable", "the flavors are part of the version"},
		{"/preflight.wasm", "200", "no-cache", "at its plain path a file is revalidated"},
		{"/form.js", "200", "no-cache", "a file of www at its plain path"},
		{"/v/0123456789abcdef/form.js", "200", "no-cache", "another version: today's file, revalidated"},
		{v + "js/load.js", "200", "max-age=31536000, immutable", "a module the package ships"},
		{v + "js/package.json", "404", "", "not a file the page loads"},
		{v + "js/fixtures.js", "404", "", "a module of js/ the package does not ship"},
		{v + "index.html", "404", "", "the page is at /, with its <base>"},
		{v + "missing.js", "404", "", "a 404 is not kept"},
	} {
		res := get(t, h, c.path)
		if got := res.Status[:3]; got != c.status {
			t.Errorf("%s: status %s, want %s (%s)", c.path, got, c.status, c.why)
		}
		if got := res.Header.Get("Cache-Control"); got != c.cache {
			t.Errorf("%s: Cache-Control %q, want %q (%s)", c.path, got, c.cache, c.why)
		}
		if res.Header.Get("Cross-Origin-Embedder-Policy") != "require-corp" {
			t.Errorf("%s: not cross-origin isolated", c.path)
		}
	}
	if ct := get(t, h, v+"preflight.wasm").Header.Get("Content-Type"); ct != "application/wasm" {
		t.Errorf("module Content-Type = %q, want application/wasm (streaming compilation needs it)", ct)
	}
}

// A rebuilt module or an edited file makes a new version, so the reload
// that follows loads it instead of the kept copy.
func TestVersionFollowsFiles(t *testing.T) {
	h, root := tempSite(t)
	v1 := version(t, h)
	if v := version(t, h); v != v1 {
		t.Fatalf("version changed with nothing edited: %s, then %s", v1, v)
	}
	for i, file := range []string{"build/preflight.wasm", "examples/browser-form/www/form.js", "js/index.js"} {
		path := filepath.Join(root, filepath.FromSlash(file))
		later := time.Now().Add(time.Duration(i+1) * time.Minute)
		if err := os.Chtimes(path, later, later); err != nil {
			t.Fatal(err)
		}
		v2 := version(t, h)
		if v2 == v1 {
			t.Errorf("touching %s left the version at %s", file, v1)
		}
		if cc := get(t, h, v1+"form.js").Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("after touching %s, the old version's files are still served %q", file, cc)
		}
		v1 = v2
	}
	body, _ := io.ReadAll(get(t, h, "/").Body)
	if !strings.HasPrefix(string(body), "<!doctype html>\n<html>\n<head>\n<base href=") {
		t.Errorf("the <base> is not the head's first element:\n%s", body)
	}
}

// No path reaches a file outside the ones the page loads: not through
// "..", encoded or not (the mux decodes %2F before the handler sees it), not
// through a link, and not through a backslash or a drive.
func TestOnlyThePagesFiles(t *testing.T) {
	h, root := tempSite(t)
	outside := filepath.Join(filepath.Dir(root), "secret.js")
	if err := os.WriteFile(outside, []byte("var SECRET;"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	link := filepath.Join(root, "examples", "browser-form", "www", "link.js")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	v := version(t, h)
	for _, c := range []struct{ path, why string }{
		{"/js/" + shimDir + strings.Repeat("..%2F", 6) + "secret.js", "encoded slashes: the shim's folder left by .."},
		{v + "js/" + shimDir + strings.Repeat("..%2F", 6) + "secret.js", "the same under a version"},
		{"/js/" + shimDir + "..%2F..%2Fpackage.json", "a file of js/ the page does not load"},
		{"/js/" + shimDir + "..%2F..%2F..%2Findex.js", "js/index.js by another name is not the shim"},
		{"/" + strings.Repeat("..%2F", 4) + "secret.js", "www left by .."},
		{"/link.js", "a link in www to a file outside it"},
		{`/..\..\secret.js`, "a backslash, a separator on Windows"},
		{"/C:secret.js", "a drive, on Windows"},
		{"/form.js/x", "a file taken for a folder: 404, not an error naming the path"},
		{"/js/node_modules/x.js", "node_modules at large"},
	} {
		res := get(t, h, c.path)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusNotFound || strings.Contains(string(body), "SECRET") || strings.Contains(string(body), root) {
			t.Errorf("%s: %s %q, want a 404 that names nothing (%s)", c.path, res.Status, body, c.why)
		}
	}
	if ct := get(t, h, v+"js/index.d.ts").Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("index.d.ts is served as %q, want text/plain: it is not a script", ct)
	}
}

// The server answers only a request that names a loopback host, so a page of
// another site cannot reach it through a name that resolves to 127.0.0.1;
// and what it serves may not be loaded by other sites, nor sniffed.
func TestLoopbackOnly(t *testing.T) {
	h, _ := tempSite(t)
	for _, c := range []struct {
		host   string
		status int
	}{
		{"127.0.0.1:8080", 200},
		{"localhost:8080", 200},
		{"[::1]:8080", 200},
		{"LOCALHOST", 200},
		{"attacker.example", http.StatusMisdirectedRequest},
		{"attacker.example:8080", http.StatusMisdirectedRequest},
		{"127.0.0.1.attacker.example", http.StatusMisdirectedRequest},
		{"", http.StatusMisdirectedRequest},
	} {
		res := getFrom(t, h, c.host, "/")
		if res.StatusCode != c.status {
			t.Errorf("Host %q: %s, want %d", c.host, res.Status, c.status)
		}
	}
	res := get(t, h, "/form.js")
	for name, want := range map[string]string{"Cross-Origin-Resource-Policy": "same-origin", "X-Content-Type-Options": "nosniff"} {
		if got := res.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// The module goes compressed to a browser that accepts a coding it has a
// copy in, brotli first, and as it is to any other; the answer always says
// it depends on Accept-Encoding. A copy older than the module is an earlier
// build's and is never sent.
func TestModuleCompressed(t *testing.T) {
	h, root := tempSite(t)
	module := filepath.Join(root, "build", "preflight.wasm")
	plain, err := os.ReadFile(module)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	brotli := []byte("stand-in brotli bytes") // served as they are: the test reads them back, it does not decode them
	for ext, data := range map[string][]byte{".gz": gz.Bytes(), ".br": brotli} {
		if err := os.WriteFile(module+ext, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v := version(t, h)
	for _, c := range []struct {
		accept, want, why string
	}{
		{"gzip, deflate, br, zstd", "br", "Chromium over HTTPS and on localhost: brotli is the smallest"},
		{"gzip, deflate", "gzip", "no brotli: gzip"},
		{"", "", "no Accept-Encoding: the module as it is"},
		{"identity", "", "only identity"},
		{"br;q=0, gzip", "gzip", "brotli refused by its weight"},
		{"br;q=0.0, gzip;q=0", "", "both refused"},
		{"*", "br", "any coding"},
		{"gzip;q=0, *;q=0.5", "br", "the star covers what is not named"},
		{"br;q=0, *", "gzip", "a coding named with weight 0 is refused even with a star"},
		{"GZip", "gzip", "codings are case-insensitive"},
		{"deflate", "", "a coding there is no copy in"},
	} {
		req := httptest.NewRequest("GET", v+"preflight.wasm", nil)
		req.Host = "127.0.0.1:8080"
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		if got := res.Header.Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q (%s)", c.accept, got, c.want, c.why)
			continue
		}
		want := map[string][]byte{"": plain, "gzip": gz.Bytes(), "br": brotli}[c.want]
		if !bytes.Equal(body, want) {
			t.Errorf("Accept-Encoding %q: the body is not the %q copy (%d bytes, want %d)", c.accept, c.want, len(body), len(want))
		}
		if vary := res.Header.Get("Vary"); vary != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q, want Accept-Encoding: a cache would hand one browser's answer to another", c.accept, vary)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, want application/wasm (streaming compilation needs it)", c.accept, ct)
		}
	}

	// A rebuilt module: the brotli copy is now older, so gzip's (made
	// after it) is sent instead.
	now := time.Now()
	for file, at := range map[string]time.Time{module + ".br": now.Add(-time.Hour), module: now.Add(-time.Minute), module + ".gz": now} {
		if err := os.Chtimes(file, at, at); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest("GET", "/preflight.wasm", nil)
	req.Host = "127.0.0.1"
	req.Header.Set("Accept-Encoding", "gzip, br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Result().Header.Get("Content-Encoding"); got != "gzip" {
		t.Errorf("with a brotli copy older than the module: Content-Encoding %q, want gzip", got)
	}
}
