package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/http-wasm/http-wasm-host-go/api"
	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/internal/gateway"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
)

// logLines is an http-wasm host's logger that keeps what the plugin logs.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) IsEnabled(api.LogLevel) bool { return true }
func (l *logLines) Log(_ context.Context, _ api.LogLevel, msg string) {
	l.mu.Lock()
	l.lines = append(l.lines, msg)
	l.mu.Unlock()
}
func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// traefikConfig is the guest configuration Traefik hands a plugin: its
// options map marshaled, every value a string as the file provider reads
// YAML and TOML.
func traefikConfig(t *testing.T, options map[string]any) []byte {
	b, err := json.Marshal(gt.AsStrings(options))
	require.NoError(t, err)
	return b
}

// The compiled plugin loads and serves under each host's start convention
// (its runtime initialized once: a second _initialize of a Go reactor would
// not serve), with each host's way of handing it the configuration.
func TestHostsLoadThePlugin(t *testing.T) {
	guest := httpwasm(t)
	for _, tc := range []struct {
		host   Host
		config []byte
		why    string
	}{
		{Documented, []byte(`{"fail_open":true,"max_body_bytes":4096}`), "_initialize only; the configuration as JSON"},
		{Traefik, traefikConfig(t, map[string]any{"fail_open": "true", "max_body_bytes": "4096"}),
			"_start and _initialize; the options as the file provider's strings"},
		{Dapr, []byte(`{"fail_open": true, "max_body_bytes": 4096}`), "_start only; the guestConfig metadata string as written"},
	} {
		t.Run(string(tc.host), func(t *testing.T) {
			var logs logLines
			st, err := StartWith(context.Background(), tc.host, guest, tc.config, &logs, nil)
			require.NoError(t, err, tc.why)
			defer st.Close()
			url := st.Gateway.URL + gt.Path

			r := send(t, "POST", url, gt.Minimal, false)
			require.Equal(t, 200, r.status, "a valid body is forwarded: %s", r.body)
			got := reached(t, st)
			require.Empty(t, gt.SameExceptDefaults(gt.Minimal, got.Body, got.Header.Get(gateway.HeaderDefaults)))

			send(t, "POST", url, gt.InvalidSize, false).rejected(t, 400, gateway.CodeInvalidInput)
			nothingReached(t, st)

			// max_body_bytes and fail_open were read as their types: a body
			// over 4096 bytes goes on unchecked, marked.
			big := append(bytes.Repeat([]byte(" "), 5000), gt.Minimal...)
			r = send(t, "POST", url, big, false)
			require.Equal(t, "too_large", r.header.Get(gateway.HeaderSkipped), "status %d %s", r.status, r.body)
			require.Equal(t, big, reached(t, st).Body)
		})
	}
}

// A configuration the plugin refuses fails the middleware under every host,
// and the reason reaches the host's log, naming the member.
func TestHostsLogABadConfiguration(t *testing.T) {
	guest := httpwasm(t)
	for _, host := range []Host{Documented, Traefik, Dapr} {
		t.Run(string(host), func(t *testing.T) {
			var logs logLines
			config := []byte(`{"fail_open":"yes"}`)
			if host == Traefik {
				config = traefikConfig(t, map[string]any{"fail_open": "yes"})
			}
			_, err := NewMiddlewareAs(context.Background(), host, guest, config, &logs)
			require.Error(t, err)
			require.Contains(t, logs.String(), `gateway config: fail_open "yes" must be true or false`)
		})
	}
}
