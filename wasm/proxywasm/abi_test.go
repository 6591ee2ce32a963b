package main

import (
	"context"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"
)

// envoyProvides are the host functions Envoy links a module to, by module:
// the proxy-wasm ABI 0.2.1's (proxy-wasm-cpp-host's registerCallbacks, which
// Envoy embeds), and the WASI preview 1 functions it implements, among them
// those added for the Go compiler's wasip1 reactors (cpp-host PR #427,
// first in Envoy 1.33: fd_fdstat_set_flags, fd_prestat_*, poll_oneoff,
// sched_yield).
var envoyProvides = map[string][]string{
	"env": {"proxy_log", "proxy_get_log_level", "proxy_get_status", "proxy_set_property", "proxy_get_property",
		"proxy_send_local_response", "proxy_get_shared_data", "proxy_set_shared_data",
		"proxy_register_shared_queue", "proxy_resolve_shared_queue", "proxy_dequeue_shared_queue", "proxy_enqueue_shared_queue",
		"proxy_get_header_map_value", "proxy_add_header_map_value", "proxy_replace_header_map_value",
		"proxy_remove_header_map_value", "proxy_get_header_map_pairs", "proxy_set_header_map_pairs", "proxy_get_header_map_size",
		"proxy_get_buffer_status", "proxy_get_buffer_bytes", "proxy_set_buffer_bytes", "proxy_http_call",
		"proxy_grpc_call", "proxy_grpc_stream", "proxy_grpc_close", "proxy_grpc_cancel", "proxy_grpc_send",
		"proxy_set_tick_period_milliseconds", "proxy_get_current_time_nanoseconds",
		"proxy_define_metric", "proxy_increment_metric", "proxy_record_metric", "proxy_get_metric",
		"proxy_set_effective_context", "proxy_done", "proxy_call_foreign_function", "proxy_continue_stream", "proxy_close_stream"},
	"wasi_snapshot_preview1": {"fd_write", "fd_read", "fd_seek", "fd_close", "fd_fdstat_get", "environ_get", "environ_sizes_get",
		"args_get", "args_sizes_get", "clock_time_get", "random_get", "proc_exit",
		"fd_fdstat_set_flags", "fd_prestat_get", "fd_prestat_dir_name", "poll_oneoff", "sched_yield"},
}

// envoyCalls are the exports Envoy looks up and this plugin needs: the
// reactor's start, the allocator Envoy writes into guest memory with, the
// ABI version marker, and the callbacks of an HTTP filter.
var envoyCalls = []string{"_initialize", "proxy_on_memory_allocate", "proxy_on_vm_start", "proxy_on_configure",
	"proxy_on_context_create", "proxy_on_request_headers", "proxy_on_request_body", "proxy_on_request_trailers",
	"proxy_on_response_headers", "proxy_on_done", "proxy_on_log", "proxy_on_delete"}

// Envoy cannot be had on these machines, so the compiled plugin is held to
// what Envoy links and calls: a module importing anything else fails to
// load in Envoy ("Failed to load Wasm module due to a missing import").
func TestEnvoyABI(t *testing.T) {
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	m, err := r.CompileModule(ctx, compiled(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.ImportedFunctions() {
		mod, name, _ := f.Import()
		if !slices.Contains(envoyProvides[mod], name) {
			t.Errorf("imports %s.%s, which Envoy does not provide", mod, name)
		}
	}
	exports := m.ExportedFunctions()
	for _, name := range envoyCalls {
		if _, ok := exports[name]; !ok {
			t.Errorf("does not export %s, which Envoy calls", name)
		}
	}
	_, v020 := exports["proxy_abi_version_0_2_0"]
	_, v021 := exports["proxy_abi_version_0_2_1"]
	if !v020 && !v021 {
		t.Errorf("exports no proxy-wasm ABI version marker Envoy accepts (0.2.0 or 0.2.1)")
	}
	if _, ok := exports["_start"]; ok {
		t.Errorf("exports _start: a reactor's start is _initialize, which Envoy calls first")
	}
	if init := exports["_initialize"]; init != nil && (len(init.ParamTypes()) != 0 || len(init.ResultTypes()) != 0) {
		t.Errorf("_initialize is %v -> %v, want () -> ()", init.ParamTypes(), init.ResultTypes())
	}
}
