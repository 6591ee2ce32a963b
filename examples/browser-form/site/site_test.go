package site

import (
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
		"js/package.json":                      "{}\n",
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
		{v + "js/package.json", "404", "", "not a file the page loads"},
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
