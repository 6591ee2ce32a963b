package wasmbuild

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
)

// sec is a section of a hand-made module.
func sec(id byte, b ...byte) []byte { return append([]byte{id, byte(len(b))}, b...) }

// env is the module the reactor imports from: a function f, a global g.
func env() []byte {
	return slices.Concat([]byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00},
		sec(0x01, 0x01, 0x60, 0x00, 0x00), sec(0x03, 0x01, 0x00),
		sec(0x06, 0x01, 0x7f, 0x00, 0x41, 0x07, 0x0b),
		sec(0x07, 0x02, 0x01, 'f', 0x00, 0x00, 0x01, 'g', 0x03, 0x00),
		sec(0x0a, 0x01, 0x02, 0x00, 0x0b))
}

// reactor is a module as the go command writes a reactor, reduced to what
// StartEither reads: one imported function and one imported global (which
// come first in their index spaces), a global of its own, and _initialize,
// which counts its calls in the exported global "inits".
func reactor() []byte {
	init := []byte{0x00, 0x23, 0x01, 0x41, 0x01, 0x6a, 0x24, 0x01, 0x0b} // inits += 1 (global 1: after the import)
	return slices.Concat([]byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00},
		sec(0x01, 0x01, 0x60, 0x00, 0x00), // types: () -> ()
		sec(0x02, 0x02, // imports: env.f (func, type 0), env.g (const i32 global)
			0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x00,
			0x03, 'e', 'n', 'v', 0x01, 'g', 0x03, 0x7f, 0x00),
		sec(0x03, 0x01, 0x00),                         // functions: one of type 0 (index 1)
		sec(0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b), // globals: mut i32 = 0 (index 1)
		sec(0x07, 0x02, // exports: _initialize (func 1), inits (global 1)
			0x0b, '_', 'i', 'n', 'i', 't', 'i', 'a', 'l', 'i', 'z', 'e', 0x00, 0x01,
			0x05, 'i', 'n', 'i', 't', 's', 0x03, 0x01),
		sec(0x0a, append([]byte{0x01, byte(len(init))}, init...)...))
}

// Each host's start convention runs the reactor's _initialize exactly once:
// Dapr's (_start), Traefik's (both) and the documented one (_initialize).
func TestStartEither(t *testing.T) {
	ctx := context.Background()
	guarded, err := StartEither(reactor())
	require.NoError(t, err)
	require.NoError(t, validate(guarded))
	for _, tc := range []struct {
		name   string
		module []byte
		starts []string
		inits  uint64
	}{
		{"Dapr: wazero's default", guarded, []string{"_start"}, 1},
		{"Traefik: both", guarded, []string{"_start", "_initialize"}, 1},
		{"http-wasm-host-go as documented, Envoy", guarded, []string{"_initialize"}, 1},
		{"called again and again", guarded, []string{"_initialize", "_start", "_initialize"}, 1},
		{"without the guard, Traefik's order initializes twice", reactor(), []string{"_initialize", "_initialize"}, 2},
		{"without the guard, Dapr's never initializes", reactor(), []string{"_start"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wazero.NewRuntime(ctx)
			defer r.Close(ctx)
			_, err := r.InstantiateWithConfig(ctx, env(), wazero.NewModuleConfig().WithName("env"))
			require.NoError(t, err)
			m, err := r.InstantiateWithConfig(ctx, tc.module, wazero.NewModuleConfig().WithName("m").WithStartFunctions(tc.starts...))
			require.NoError(t, err)
			require.Equal(t, tc.inits, m.ExportedGlobal("inits").Get())
		})
	}
	_, err = StartEither(guarded)
	require.ErrorContains(t, err, "already exports _start", "a second pass would hide the first")
}
