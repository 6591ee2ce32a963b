package proxy_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iotda-preflight/preflight/examples/gateway/proxy"
	gt "github.com/iotda-preflight/preflight/internal/gateway/gatewaytest"
	"github.com/iotda-preflight/preflight/internal/gateway/gatewaytest/httpharness"
	"github.com/iotda-preflight/preflight/internal/wasmbuild"
)

// The request matrix through the in-process http-wasm host, the plugin
// loaded as Traefik loads it (its options as strings) and as Dapr does.
func TestScenarios(t *testing.T) {
	guest, err := wasmbuild.Bytes("github.com/iotda-preflight/preflight/wasm/httpwasm")
	require.NoError(t, err)
	for _, host := range []proxy.Host{proxy.Traefik, proxy.Dapr} {
		t.Run(string(host), func(t *testing.T) {
			backend := &proxy.Backend{}
			stacks := map[string]*proxy.Stack{}
			for name, options := range gt.Configs {
				config, err := json.Marshal(options)
				require.NoError(t, err)
				if host == proxy.Traefik {
					config, err = json.Marshal(gt.AsStrings(options))
					require.NoError(t, err)
				}
				st, err := proxy.StartWith(context.Background(), host, guest, config, nil, backend)
				require.NoError(t, err, name)
				t.Cleanup(st.Close)
				stacks[name] = st
			}
			httpharness.Run(t, httpharness.Target{
				Route:   func(config string) (string, string) { return stacks[config].Gateway.URL, "" },
				Backend: backend,
				H2C:     true,
			}, gt.Scenarios())
		})
	}
}
