# iotda-preflight. `make test` runs every test; `make check` is the quality gate.
GO      ?= go
WASMENV := GOOS=wasip1 GOARCH=wasm
WASMFLAGS := -trimpath -buildmode=c-shared -ldflags='-s -w -buildid='

.PHONY: all build test check bench fuzz clean

all: build

build:
	$(GO) build ./...

test:
	$(GO) test -count=1 ./...
	cd examples/sdkclient && $(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./core/

# A short run of every fuzz target (FUZZTIME=10m for a long one).
FUZZTIME ?= 20s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./core/
	$(GO) test -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME) ./core/

check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: files above need formatting'; exit 1; }
	$(GO) vet ./...
	$(GO) build ./...
	GOOS=wasip1 GOARCH=wasm $(GO) build ./core/...
	GOOS=js GOARCH=wasm $(GO) build ./core/...
	$(GO) mod tidy && git diff --exit-code go.mod go.sum
	$(WASMENV) $(GO) vet ./wasm/httpwasm ./wasm/proxywasm
	cd examples/sdkclient && $(GO) vet ./... && $(GO) mod tidy && git diff --exit-code go.mod go.sum

clean:
	rm -rf build

# Gateway plugins: wasm/proxywasm (Envoy-family) and wasm/httpwasm (Traefik,
# Dapr), and examples/gateway, a reverse proxy running the http-wasm one.
.PHONY: plugins gateway loadtest build/proxywasm.wasm build/httpwasm.wasm
plugins: build/proxywasm.wasm build/httpwasm.wasm

build/proxywasm.wasm build/httpwasm.wasm: build/%.wasm:
	@mkdir -p build
	$(WASMENV) $(GO) build $(WASMFLAGS) -o $@ ./wasm/$*

# GATEWAYFLAGS, e.g. -listen 127.0.0.1:9090 -config '{"fail_open":true}'
gateway: build/httpwasm.wasm
	$(GO) run ./examples/gateway -wasm build/httpwasm.wasm $(GATEWAYFLAGS)

# The bounded load test, large, with its figures (requests/s, p50/p99).
LOADTEST_REQUESTS ?= 20000
LOADTEST_CLIENTS ?= 16
loadtest:
	LOADTEST_REQUESTS=$(LOADTEST_REQUESTS) LOADTEST_CLIENTS=$(LOADTEST_CLIENTS) \
		$(GO) test -count=1 -v -run '^TestNothingLost$$' ./examples/gateway/proxy/
