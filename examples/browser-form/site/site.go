// Package site serves the browser form: the page (examples/browser-form/www),
// the js package and the browser shim it imports (js/), the module
// (build/preflight.wasm) and the default catalog's flavors. Everything is
// read from the repository's files as they are, so the page needs no build
// step and works offline.
package site

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/iotda-preflight/preflight/core"
)

// shimDir is where npm puts the WASI shim the js package imports; the page's
// import map points at it.
const shimDir = "node_modules/@bjorn3/browser_wasi_shim/dist/"

// Handler returns the site of the repository whose top folder is root. It
// fails when a file the page needs is missing, naming the command that
// makes it.
func Handler(root string) (http.Handler, error) {
	www := filepath.Join(root, "examples", "browser-form", "www")
	js := filepath.Join(root, "js")
	wasm := filepath.Join(root, "build", "preflight.wasm")
	for _, need := range []struct{ path, fix string }{
		{filepath.Join(www, "index.html"), "run from the repository's top folder, or pass -root"},
		{filepath.Join(js, "index.js"), "run from the repository's top folder, or pass -root"},
		{filepath.Join(js, shimDir, "index.js"), "run npm ci in js/"},
		{wasm, "run make wasm"},
	} {
		if _, err := os.Stat(need.path); err != nil {
			return nil, fmt.Errorf("%s is missing: %s", need.path, need.fix)
		}
	}
	catalog, err := flavorsJSON(core.DefaultCatalog())
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServer(http.Dir(www)))
	mux.HandleFunc("GET /js/{file...}", func(w http.ResponseWriter, r *http.Request) {
		file := r.PathValue("file")
		if file != "index.js" && file != "index.d.ts" && !(strings.HasPrefix(file, shimDir) && strings.HasSuffix(file, ".js")) {
			http.NotFound(w, r) // the package and its shim, not the tests or node_modules at large
			return
		}
		serveFile(w, r, filepath.Join(js, filepath.FromSlash(file)), "text/javascript; charset=utf-8")
	})
	module := &gzipped{path: wasm}
	if _, _, err := module.get(); err != nil {
		return nil, err
	}
	mux.HandleFunc("GET /preflight.wasm", func(w http.ResponseWriter, r *http.Request) {
		// application/wasm lets the browser compile while the bytes arrive.
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			serveFile(w, r, wasm, "application/wasm")
			return
		}
		gz, modTime, err := module.get()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		http.ServeContent(w, r, "preflight.wasm", modTime, bytes.NewReader(gz))
	})
	mux.HandleFunc("GET /catalog.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(catalog)
	})
	return noCache(mux), nil
}

func serveFile(w http.ResponseWriter, r *http.Request, path, contentType string) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			http.NotFound(w, r)
			return
		}
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", contentType)
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}

// noCache makes the browser revalidate every file, so an edited page or a
// rebuilt module shows on the next reload (If-Modified-Since keeps it
// cheap). The page is cross-origin isolated (it loads nothing from
// elsewhere), which gives it performance.now() to 5 µs instead of 100 µs,
// so a single check can be timed.
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		h.ServeHTTP(w, r)
	})
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

// gzipped keeps a file compressed in memory, compressed again when the file
// changes. The module is 4 MiB and compresses to a quarter: even on the
// loopback interface the browser takes it in sooner, and compressing it once
// (not per request) keeps the server's time out of the page's.
type gzipped struct {
	path    string
	mu      sync.Mutex
	modTime time.Time
	size    int64
	gz      []byte
}

func (g *gzipped) get() ([]byte, time.Time, error) {
	info, err := os.Stat(g.path)
	if err != nil {
		return nil, time.Time{}, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gz != nil && info.ModTime().Equal(g.modTime) && info.Size() == g.size {
		return g.gz, g.modTime, nil
	}
	data, err := os.ReadFile(g.path)
	if err != nil {
		return nil, time.Time{}, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return nil, time.Time{}, err
	}
	g.gz, g.modTime, g.size = buf.Bytes(), info.ModTime(), info.Size()
	return g.gz, g.modTime, nil
}
