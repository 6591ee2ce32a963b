package host

import (
	"sync"

	"github.com/tetratelabs/wazero"
)

// Compilation caches live as long as the process and are shared by every
// Host that names the same directory (or none), so the module is compiled
// once per process however many Hosts are made and closed.
var caches struct {
	sync.Mutex
	byDir map[string]wazero.CompilationCache
}

// memoryCacheFor replaces dir's cache, for the rest of the process, with an
// in-memory one, and returns it.
func memoryCacheFor(dir string) wazero.CompilationCache {
	caches.Lock()
	defer caches.Unlock()
	c := wazero.NewCompilationCache()
	caches.byDir[dir] = c
	return c
}

func compilationCache(dir string) (wazero.CompilationCache, error) {
	caches.Lock()
	defer caches.Unlock()
	if c, ok := caches.byDir[dir]; ok {
		return c, nil
	}
	var c wazero.CompilationCache
	if dir == "" {
		c = wazero.NewCompilationCache()
	} else {
		var err error
		if c, err = wazero.NewCompilationCacheWithDir(dir); err != nil {
			return nil, err
		}
	}
	if caches.byDir == nil {
		caches.byDir = make(map[string]wazero.CompilationCache)
	}
	caches.byDir[dir] = c
	return c, nil
}
