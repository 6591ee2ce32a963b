// Package site serves the browser form: the page (examples/browser-form/www),
// the js package and the browser shim it imports (js/), the module
// (build/preflight.wasm) and the default catalog's flavors. Everything is
// read from the repository's files as they are, so the page needs no build
// step and works offline.
//
// Every file the page loads is served twice: at its plain path, revalidated
// on every use, and under /v/<version>/, cached for good, where the version
// changes whenever one of the files does. The page's HTML is revalidated
// and carries a <base> naming the current version, so a reload takes the
// files from the browser's cache without asking the server, and still sees
// an edited page or a rebuilt module at once.
package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iotda-preflight/preflight/core"
)

// shimDir is where npm puts the WASI shim the js package imports; the page's
// import map points at it.
const shimDir = "node_modules/@bjorn3/browser_wasi_shim/dist/"

// site is the form's files in one repository.
type site struct {
	www, js, wasm string
	pkg           []string // the js package's own files the page may load (its modules and types)
	catalog       []byte   // the flavor menu, fixed for the server's lifetime
}

// Handler returns the site of the repository whose top folder is root. It
// fails when a file the page needs is missing, naming the command that
// makes it.
func Handler(root string) (http.Handler, error) {
	s := &site{
		www:  filepath.Join(root, "examples", "browser-form", "www"),
		js:   filepath.Join(root, "js"),
		wasm: filepath.Join(root, "build", "preflight.wasm"),
	}
	for _, need := range []struct{ path, fix string }{
		{filepath.Join(s.www, "index.html"), "run from the repository's top folder, or pass -root"},
		{filepath.Join(s.js, "index.js"), "run from the repository's top folder, or pass -root"},
		{filepath.Join(s.js, shimDir, "index.js"), "run npm ci in js/"},
		{s.wasm, "run make wasm"},
	} {
		if _, err := os.Stat(need.path); err != nil {
			return nil, fmt.Errorf("%s is missing: %s", need.path, need.fix)
		}
	}
	pkg, err := packageFiles(s.js)
	if err != nil {
		return nil, err
	}
	s.pkg = pkg
	catalog, err := flavorsJSON(core.DefaultCatalog())
	if err != nil {
		return nil, err
	}
	s.catalog = catalog
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /index.html", s.page)
	mux.HandleFunc("GET /v/{version}/{file...}", func(w http.ResponseWriter, r *http.Request) {
		cache := "no-cache" // asked for by a page of another version: today's file, revalidated
		if r.PathValue("version") == s.version() {
			cache = "max-age=31536000, immutable" // a reload takes it without asking
		}
		s.file(w, r, r.PathValue("file"), cache)
	})
	mux.HandleFunc("GET /{file...}", func(w http.ResponseWriter, r *http.Request) {
		s.file(w, r, r.PathValue("file"), "no-cache")
	})
	return isolated(mux), nil
}

// page serves index.html with a <base> that points its relative addresses
// at the current version of the files.
func (s *site) page(w http.ResponseWriter, r *http.Request) {
	html, err := os.ReadFile(filepath.Join(s.www, "index.html"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if head := bytes.Index(html, []byte("<head>")); head >= 0 {
		end := head + len("<head>")
		base := fmt.Sprintf("\n<base href=\"/v/%s/\">", s.version())
		html = slices.Insert(html, end, []byte(base)...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(html)
}

// packageFiles returns the files of the js package in dir that a page
// loads: the modules (.js) and types (.d.ts) its package.json ships ("files"),
// one folder deep at most, so that the page loads what npm would install.
func packageFiles(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Files []string `json:"files"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "package.json"), err)
	}
	var files []string
	for _, f := range manifest.Files {
		if (strings.HasSuffix(f, ".js") || strings.HasSuffix(f, ".d.ts")) && validName(f) && !strings.Contains(f, "/") {
			files = append(files, f)
		}
	}
	return files, nil
}

// file serves one of the files the page loads, by its path from the site's
// top: the module, the flavors, the js package's modules and types, a
// .js file of its shim's dist folder (not the tests or node_modules at
// large), or a file of www. cache is its Cache-Control. Every file is opened
// within its folder (os.OpenInRoot), so no name reaches outside it: the
// mux has already decoded the path, and "..%2F" arrives here as "../".
func (s *site) file(w http.ResponseWriter, r *http.Request, name, cache string) {
	const javascript = "text/javascript; charset=utf-8"
	shim, inShim := strings.CutPrefix(name, "js/"+shimDir)
	switch {
	case name == "preflight.wasm":
		s.module(w, r, cache)
	case name == "catalog.json":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", cache)
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(s.catalog))
	case strings.HasPrefix(name, "js/") && slices.Contains(s.pkg, name[len("js/"):]):
		contentType := javascript
		if strings.HasSuffix(name, ".d.ts") {
			contentType = "text/plain; charset=utf-8"
		}
		serveFile(w, r, s.js, name[len("js/"):], contentType, "", cache)
	case inShim && strings.HasSuffix(shim, ".js") && validName(shim) && !strings.Contains(shim, "/"): // one file of dist
		serveFile(w, r, filepath.Join(s.js, filepath.FromSlash(shimDir)), shim, javascript, "", cache)
	case name != "index.html" && validName(name): // the page itself is at /, with its <base>
		serveFile(w, r, s.www, name, "", "", cache)
	default:
		http.NotFound(w, r)
	}
}

// encodings are the module's compressed copies beside it, made when it is
// built (make serve, make browser-test), best first: brotli's is the
// smaller, gzip's the one every browser accepts.
var encodings = []struct{ coding, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

// module serves the module as application/wasm, which lets the browser
// compile while the bytes arrive: the best compressed copy the browser
// accepts (Accept-Encoding), or the module itself. A copy older than the
// module is one of an earlier build and is not sent. Caches keep one
// answer per Accept-Encoding (Vary), so a browser that accepts no coding is
// never given a copy another one was.
func (s *site) module(w http.ResponseWriter, r *http.Request, cache string) {
	w.Header().Add("Vary", "Accept-Encoding")
	dir, base := filepath.Dir(s.wasm), filepath.Base(s.wasm)
	if module, err := os.Stat(s.wasm); err == nil {
		for _, e := range encodings {
			if !accepts(r.Header.Get("Accept-Encoding"), e.coding) {
				continue
			}
			if c, err := os.Stat(s.wasm + e.ext); err == nil && !c.ModTime().Before(module.ModTime()) {
				serveFile(w, r, dir, base+e.ext, "application/wasm", e.coding, cache)
				return
			}
		}
	}
	serveFile(w, r, dir, base, "application/wasm", "", cache)
}

// accepts reports whether an Accept-Encoding header accepts coding: named
// with a weight above 0 (none given is 1), or matched by "*" when not named
// (RFC 9110, section 12.5.3).
func accepts(header, coding string) bool {
	star := false
	for _, item := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(item, ";")
		name = strings.TrimSpace(name)
		weighted := true
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				weighted = err == nil && q > 0
			}
		}
		switch {
		case strings.EqualFold(name, coding):
			return weighted
		case name == "*":
			star = weighted
		}
	}
	return star
}

// validName reports whether name is a slash-separated path below a folder:
// no "..", no empty or rooted name, nothing a file system reads as another
// separator or a drive.
func validName(name string) bool {
	return fs.ValidPath(name) && !strings.ContainsAny(name, `\:`)
}

// version names the current state of every file the page loads: a hash of
// their names, sizes and modification times (not their bytes, so that
// naming it costs the page load next to nothing), and of the flavors.
func (s *site) version() string {
	h := sha256.New()
	h.Write(s.catalog)
	stamp := func(path string) {
		if info, err := os.Stat(path); err == nil && !info.IsDir() {
			fmt.Fprintf(h, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
		}
	}
	stamp(s.wasm)
	for _, name := range s.pkg {
		stamp(filepath.Join(s.js, name))
	}
	shim, _ := filepath.Glob(filepath.Join(s.js, shimDir, "*.js"))
	for _, path := range shim {
		stamp(path)
	}
	filepath.WalkDir(s.www, func(path string, _ fs.DirEntry, err error) error {
		if err == nil {
			stamp(path)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// serveFile serves the file name (slash-separated) of the folder dir, with
// If-Modified-Since handled; an empty contentType is taken from the file's
// extension, and a non-empty encoding is the Content-Encoding the file is
// in. A name that leaves dir, through ".." or a link, or that cannot be
// opened for any reason, is a 404 that names nothing.
func serveFile(w http.ResponseWriter, r *http.Request, dir, name, contentType, encoding, cache string) {
	f, err := os.OpenInRoot(dir, filepath.FromSlash(name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	if encoding != "" {
		w.Header().Set("Content-Encoding", encoding)
	}
	w.Header().Set("Cache-Control", cache)
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}

// isolated makes the page cross-origin isolated (it loads nothing from
// elsewhere), which gives it performance.now() to 5 µs instead of 100 µs,
// so a single check can be timed.
//
// It also keeps the files to the page: other sites may not load them
// (Cross-Origin-Resource-Policy), a type is never guessed from the bytes
// (nosniff), and a request must name a loopback host, so a page elsewhere
// cannot reach this development server through a name of its own that
// resolves to 127.0.0.1 (DNS rebinding).
func isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			http.Error(w, "this development server answers only for localhost and 127.0.0.1", http.StatusMisdirectedRequest)
			return
		}
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header names this machine's loopback
// interface: localhost or a loopback address, with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// flavor is what the form shows of a catalog flavor.
type flavor struct {
	Type         string   `json:"type"`
	InstanceType string   `json:"instance_type"`
	ChargeModes  []string `json:"charge_modes"`
	MaxUnits     int      `json:"max_units,omitempty"`
	Priced       bool     `json:"priced"`
	Note         string   `json:"note,omitempty"`
}

// flavorsJSON lists the catalog's flavors for the form's flavor menu:
// {"name", "currency", "flavors": [...]}.
func flavorsJSON(c *core.Catalog) ([]byte, error) {
	list := struct {
		Name     string   `json:"name"`
		Currency string   `json:"currency"`
		Flavors  []flavor `json:"flavors"`
	}{Name: c.Name, Currency: c.Currency, Flavors: []flavor{}}
	for _, f := range c.Flavors {
		priced := f.Price.Month != nil || f.Price.Year != nil || f.Price.Hour != nil
		list.Flavors = append(list.Flavors, flavor{f.Type, f.InstanceType, f.ChargeModes, f.MaxUnits, priced, f.Note})
	}
	return json.Marshal(list)
}
