package host

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/core"
	"github.com/iotda-preflight/preflight/internal/corpus"
)

// TestDifferential checks that the module and the native core write the
// same bytes for every body of the corpus, with every option set.
func TestDifferential(t *testing.T) {
	h := newTestHost(t, NewConfig())
	ctx := context.Background()
	bodies, sets := corpusBodies(t), optionSets(t)
	require.GreaterOrEqual(t, len(bodies), len(corpus.Tricky()))
	for _, setName := range corpus.Names(sets) {
		optionsJSON := sets[setName]
		opts, err := core.ParseOptions(orEmptyObject(optionsJSON))
		require.NoError(t, err, setName)
		for _, name := range corpus.Names(bodies) {
			body := bodies[name]
			want := core.AppendCheck(nil, body, opts)
			got, err := h.Check(ctx, body, optionsJSON)
			require.NoError(t, err, "%s with %s", name, setName)
			require.Equal(t, string(want), string(got), "%s with %s", name, setName)
		}
	}
	t.Logf("%d bodies x %d option sets", len(bodies), len(sets))
}

// TestDifferentialChange checks that the module and the native core write
// the same bytes for resize and change-charge-mode: every change body and
// every body of the corpus, with every option set of those requests.
func TestDifferentialChange(t *testing.T) {
	h := newTestHost(t, NewConfig())
	ctx := context.Background()
	sets, err := corpus.ChangeOptionSets("..")
	require.NoError(t, err)
	bodies := corpusBodies(t)
	for name, body := range corpus.ChangeBodies() {
		bodies[name] = body
	}
	priced := 0
	for _, setName := range corpus.Names(sets) {
		opts, err := core.ParseOptions(sets[setName])
		require.NoError(t, err, setName)
		for _, name := range corpus.Names(bodies) {
			want := core.AppendCheck(nil, bodies[name], opts)
			got, err := h.Check(ctx, bodies[name], sets[setName])
			require.NoError(t, err, "%s with %s", name, setName)
			require.Equal(t, string(want), string(got), "%s with %s", name, setName)
			if bytes.Contains(got, []byte(`"estimate":{"priced":true`)) {
				priced++
			}
		}
	}
	require.Positive(t, priced, "some of the changes are priced")
	t.Logf("%d bodies x %d option sets, %d priced", len(bodies), len(sets), priced)
}

// FuzzDifferentialChange keeps looking for a body and a current instance on
// which the module and the native core disagree, for each request.
func FuzzDifferentialChange(f *testing.F) {
	sets, err := corpus.ChangeOptionSets("..")
	require.NoError(f, err)
	for _, name := range corpus.Names(corpus.ChangeBodies()) {
		body := corpus.ChangeBodies()[name]
		for _, setName := range corpus.Names(sets) {
			opts, err := core.ParseOptions(sets[setName])
			require.NoError(f, err)
			f.Add(body, []byte(opts.Current), uint8(len(setName)%3), strings.HasSuffix(setName, "-zh"))
		}
	}
	h := newTestHost(f, NewConfig())
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body, current []byte, api uint8, zh bool) {
		opts := core.Options{API: core.APIs[int(api)%len(core.APIs)], At: "2023-05-20T01:00:00Z"}
		if zh {
			opts.Lang = core.Chinese
		}
		optionsJSON := fmt.Sprintf(`{"api":%q,"at":"2023-05-20T01:00:00Z","lang":%q`, opts.API, opts.Lang)
		// The current instance goes in the options document: where that
		// does not read (not an object, not JSON), the check has none.
		if parsed, err := core.ParseOptions([]byte(`{"current":` + string(current) + `}`)); err == nil && string(parsed.Current) == string(current) {
			opts.Current = parsed.Current
			optionsJSON += `,"current":` + string(current)
		}
		optionsJSON += "}"
		if opts.Lang == "" {
			optionsJSON = strings.Replace(optionsJSON, `,"lang":""`, "", 1)
		}
		want := core.AppendCheck(nil, body, opts)
		got, err := h.Check(ctx, body, []byte(optionsJSON))
		require.NoError(t, err, optionsJSON)
		require.Equal(t, string(want), string(got))
	})
}

// TestDifferentialGuarded runs the corpus through the engine compiled with
// termination checks (the one a cancellable context gets).
func TestDifferentialGuarded(t *testing.T) {
	h := newTestHost(t, NewConfig())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bodies := corpusBodies(t)
	for _, name := range corpus.Names(bodies) {
		want := core.AppendCheck(nil, bodies[name], core.Options{Strict: true})
		got, err := h.Check(ctx, bodies[name], []byte(`{"strict":true}`))
		require.NoError(t, err, name)
		require.Equal(t, string(want), string(got), name)
	}
}

// TestCheckResult checks that the decoded form is the core's document, and,
// once Result has its canonical MarshalJSON, that it writes the same bytes.
func TestCheckResult(t *testing.T) {
	h := newTestHost(t, NewConfig())
	ctx := context.Background()
	bodies := corpusBodies(t)
	for _, name := range corpus.Names(bodies) {
		body := bodies[name]
		got, err := h.CheckResult(ctx, body, nil)
		require.NoError(t, err, name)
		doc := core.AppendCheck(nil, body, core.Options{})
		var want core.Result
		require.NoError(t, json.Unmarshal(doc, &want), name)
		require.Equal(t, &want, got, name)
		if m, ok := any(got).(json.Marshaler); ok {
			again, err := m.MarshalJSON()
			require.NoError(t, err, name)
			require.Equal(t, string(doc), string(again), name)
		}
	}
}

// FuzzDifferential keeps looking for a body, and options, on which the
// module and the native core disagree: the same document, or the same
// refusal of the options. max_bytes is the fuzzed number when it is under
// 64 Ki (around the bodies' own sizes), else one of the three values about
// core.MaxBytesLimit (the last accepted and the first refused).
func FuzzDifferential(f *testing.F) {
	for _, body := range corpusBodies(f) {
		if len(body) < 64<<10 {
			f.Add(body, false, false, uint8(0), uint32(0))
		}
	}
	f.Add([]byte(`{"a":{"b":[1]}}`), true, true, uint8(2), uint32(1<<20))
	f.Add([]byte(`{"name":"a"}`), false, false, uint8(0), uint32(5))
	h := newTestHost(f, NewConfig())
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte, strict, zh bool, maxDepth uint8, maxBytes uint32) {
		lang := core.English
		if zh {
			lang = core.Chinese
		}
		limit := int(maxBytes)
		if maxBytes >= 1<<16 {
			limit = core.MaxBytesLimit - 1 + int(maxBytes%3)
		}
		optionsJSON := fmt.Sprintf(`{"strict":%t,"lang":%q,"max_depth":%d,"max_bytes":%d}`, strict, lang, maxDepth, limit)
		got, err := h.Check(ctx, body, []byte(optionsJSON))
		opts, optsErr := core.ParseOptions([]byte(optionsJSON))
		if optsErr != nil {
			require.EqualError(t, err, "host: "+optsErr.Error())
			return
		}
		require.Equal(t, core.Options{Strict: strict, Lang: lang, MaxDepth: int(maxDepth), MaxBytes: limit}, opts)
		require.NoError(t, err)
		require.Equal(t, string(core.AppendCheck(nil, body, opts)), string(got))
	})
}

func orEmptyObject(options []byte) []byte {
	if len(options) == 0 {
		return []byte("{}")
	}
	return options
}
