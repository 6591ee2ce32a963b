# iotda-preflight. `make test` runs every test; `make check` is the quality gate.
GO      ?= go
WASMENV := GOOS=wasip1 GOARCH=wasm
# Every module is the go command's reactor with its jumps threaded
# (internal/wasmbuild, internal/jumpthread); tests build theirs the same way.
WASMBUILD := $(GO) run ./internal/wasmbuild/build

.PHONY: all build test check bench fuzz clean wasm embed race schema wasip1-test staticcheck

# Tools the gate runs, pinned and installed into build/bin (one folder per
# version, so bumping a version installs the new one), which the targets
# that need them put first on PATH.
STATICCHECK_VERSION := v0.8.2
WAZERO_VERSION      := v1.12.0
TOOLS               := $(CURDIR)/build/bin
STATICCHECK         := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)/staticcheck
WAZERO              := $(TOOLS)/wazero-$(WAZERO_VERSION)/wazero

$(STATICCHECK):
	GOBIN=$(@D) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
$(WAZERO):
	GOBIN=$(@D) $(GO) install github.com/tetratelabs/wazero/cmd/wazero@$(WAZERO_VERSION)

all: build

build: wasm schema
	$(GO) build ./...

test: wasm
	$(GO) test -count=1 ./...
	cd examples/sdkclient && $(GO) test -count=1 ./...
	$(MAKE) --no-print-directory wasip1-test
	$(MAKE) --no-print-directory -o wasm js-test # the module is built: not again
	$(MAKE) --no-print-directory -o wasm browser-test
	$(MAKE) --no-print-directory race

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./core/

# A short run of every fuzz target (FUZZTIME=10m for a long one).
FUZZTIME ?= 20s
fuzz:
	for f in FuzzRead FuzzCheck FuzzParams FuzzOptions FuzzCatalog; do \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./core/ || exit 1; done
	for f in FuzzMatch FuzzConfig FuzzDecide FuzzBegin; do \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./internal/gateway/ || exit 1; done
	$(GO) test -run '^$$' -fuzz '^FuzzDifferential$$' -fuzztime $(FUZZTIME) ./host/
	# These two run a compiled plugin per input: minimizing a large new input
	# for the default minute stalls them, so it gets a few seconds.
	$(GO) test -run '^$$' -fuzz '^FuzzMiddleware$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./examples/gateway/proxy/
	$(GO) test -run '^$$' -fuzz '^FuzzPlugin$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./wasm/proxywasm/
	$(GO) test -run '^$$' -fuzz '^FuzzThread$$' -fuzztime $(FUZZTIME) ./internal/jumpthread/

check:
	@mkdir -p build && git status --porcelain > build/.status-before
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: files above need formatting'; exit 1; }
	$(GO) vet ./...
	$(GO) build ./...
	GOOS=wasip1 GOARCH=wasm $(GO) build ./core/...
	GOOS=js GOARCH=wasm $(GO) build ./core/...
	$(GO) build ./... && $(WASMENV) $(GO) build ./... && GOOS=js GOARCH=wasm $(GO) build ./...
	$(WASMENV) $(GO) vet ./wasm/module && $(WASMENV) $(GO) vet -tags preflight_faults ./wasm/module
	$(MAKE) --no-print-directory wasm
	@cmp -s build/preflight.wasm host/preflight.wasm || { echo 'host/preflight.wasm is stale against the sources: run make embed and commit it'; exit 1; }
	$(GO) mod tidy && git diff --exit-code go.mod go.sum
	$(WASMENV) $(GO) vet ./wasm/httpwasm # proxywasm: vetted natively, its tests need the native proxytest host
	cd examples/sdkclient && $(GO) vet ./... && $(GO) mod tidy && git diff --exit-code go.mod go.sum
	cd examples/browser-form/browsertest && $(GO) vet ./... && $(GO) mod tidy && git diff --exit-code go.mod go.sum
	$(MAKE) --no-print-directory staticcheck
	@git status --porcelain | cmp -s - build/.status-before || { echo 'make check changed the working tree:'; git status --short; exit 1; }

clean:
	rm -rf build

# The core's and the gateway decisions' tests compiled to wasip1, the target
# the shipped modules are built for, run under the wazero CLI by the go
# command's own exec script: the code that only the wasm build compiles runs
# under its own tests, not only through the host's differential tests.
WASIP1_PKGS ?= ./core/ ./internal/gateway/
wasip1-test: $(WAZERO)
	PATH="$(dir $(WAZERO)):$$PATH" GOWASIRUNTIME=wazero $(WASMENV) \
		$(GO) test -count=1 -exec "$$($(GO) env GOROOT)/lib/wasm/go_wasip1_wasm_exec" $(WASIP1_PKGS)

# staticcheck over every module, natively and, for the packages built for
# wasip1, as wasip1 too (proxywasm without its tests, which need the native
# proxytest host). Its false positives are named where they occur: a
# staticcheck.conf in the package or a //lint:ignore line with the reason.
staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	$(WASMENV) $(STATICCHECK) ./core/... ./wasm/module/... ./wasm/httpwasm/...
	$(WASMENV) $(STATICCHECK) -tests=false ./wasm/proxywasm/...
	cd examples/sdkclient && $(STATICCHECK) ./...
	cd examples/browser-form/browsertest && $(STATICCHECK) ./...

# The JSON Schema of each request's body, generated from the same rules the
# core checks: create's, then resize's and change-charge-mode's.
schema:
	@mkdir -p build
	$(GO) run ./examples/preflight --schema > build/preflight.schema.json
	$(GO) run ./examples/preflight --schema --api resize > build/preflight-resize.schema.json
	$(GO) run ./examples/preflight --schema --api change-charge-mode > build/preflight-change-charge-mode.schema.json

# The general module (wasm/module), built reproducibly: the same sources and
# Go version give the same bytes, which is what lets `make check` compare the
# embedded copy with a fresh build.
wasm:
	@mkdir -p build
	$(WASMBUILD) -o build/preflight.wasm ./wasm/module

# The guest's instructions per check, stable whatever the machine's load, and
# the functions they go to (needs valgrind; see internal/guestprof). It fails
# when a callgrind run fails or counts nothing, rather than print a figure.
.PHONY: guest-profile
GUESTPROF_BODY ?= examples/requests/enterprise-yearly.json
GUESTPROF_OPTIONS ?=
guest-profile:
	@mkdir -p build/guestprof
	$(WASMBUILD) -names -o build/profile.wasm ./wasm/module
	$(GO) build -o build/guestprof/run ./internal/guestprof
	$(GO) build -tags perfmap -o build/guestprof/run-perfmap ./internal/guestprof
	build/guestprof/run -wasm build/profile.wasm -cache build/guestprof/cache -n 1
	build/guestprof/run -count -wasm build/profile.wasm -cache build/guestprof/cache -body $(GUESTPROF_BODY) -options "$(GUESTPROF_OPTIONS)"
	@GOGC=off GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off GOMAXPROCS=1 valgrind --tool=callgrind --smc-check=all-non-file \
		--callgrind-out-file=build/guestprof/callgrind.out build/guestprof/run-perfmap -wasm build/profile.wasm \
		-body $(GUESTPROF_BODY) -options "$(GUESTPROF_OPTIONS)" -n 2000 >build/guestprof/attribute.log 2>&1 & pid=$$!; \
	if ! wait $$pid; then echo "guest-profile: the callgrind run for the attribution failed:"; tail -20 build/guestprof/attribute.log; rm -f /tmp/perf-$$pid.map; exit 1; fi; \
	$(GO) run ./internal/guestprof -attribute build/guestprof/callgrind.out -map /tmp/perf-$$pid.map -per 2200; st=$$?; rm -f /tmp/perf-$$pid.map; exit $$st

# Refresh the module host embeds (commit host/preflight.wasm afterwards),
# and the embed example's golden output, which comes from it.
embed: wasm
	cp build/preflight.wasm host/preflight.wasm
	$(GO) test -count=1 ./examples/embed/ -update

# The host's concurrency and fault tests under the race detector (slow: the
# race detector makes compiling the module take 15 s or more).
race:
	$(GO) test -count=1 -race -run 'Concurrent|Fault|Wait|Close' ./host/

# Gateway plugins: wasm/proxywasm (Envoy-family) and wasm/httpwasm (Traefik,
# Dapr), and examples/gateway, a reverse proxy running the http-wasm one.
.PHONY: plugins gateway loadtest build/proxywasm.wasm build/httpwasm.wasm
plugins: build/proxywasm.wasm build/httpwasm.wasm

build/proxywasm.wasm build/httpwasm.wasm: build/%.wasm:
	@mkdir -p build
	$(WASMBUILD) -o $@ ./wasm/$*

# GATEWAYFLAGS, e.g. -listen 127.0.0.1:9090 -config '{"fail_open":true}'
gateway: build/httpwasm.wasm
	$(GO) run ./examples/gateway -wasm build/httpwasm.wasm $(GATEWAYFLAGS)

# The bounded load test, large, with its figures (requests/s, p50/p99).
LOADTEST_REQUESTS ?= 20000
LOADTEST_CLIENTS ?= 16
loadtest:
	LOADTEST_REQUESTS=$(LOADTEST_REQUESTS) LOADTEST_CLIENTS=$(LOADTEST_CLIENTS) \
		$(GO) test -count=1 -v -run '^TestNothingLost$$' ./examples/gateway/proxy/

# The npm package (js/): its Node tests drive the module built from these
# sources and compare it, byte for byte, with the native core's documents
# for the whole corpus, which go run ./js/expectations writes first; the
# fault-injection build of the module shows the package surviving a panic.
.PHONY: js-test
# The npm package's dependencies, installed once (order-only: a newer file
# in js/ does not reinstall them).
js/node_modules:
	cd js && npm ci --no-audit --no-fund

js-test: wasm | js/node_modules
	$(GO) run ./js/expectations -o build/js-expectations.json
	$(WASMBUILD) -tags preflight_faults -o build/preflight-faults.wasm ./wasm/module
	cd js && npm test

# The form in a browser, create and resize (http://127.0.0.1:$(SERVE_PORT)/),
# served from the repository's files with the module built from them.
SERVE_PORT ?= 8080
.PHONY: serve
serve: wasm build/preflight.wasm.br build/preflight.wasm.gz | js/node_modules
	$(GO) run ./examples/browser-form -port $(SERVE_PORT)

# The module compressed once per build, for the form's server, which sends
# the best copy a browser accepts (brotli, else gzip) instead of the module.
# The build leaves an unchanged module's time alone, so these are made
# again only when it changed.
build/preflight.wasm.gz: build/preflight.wasm
	gzip -9 -n -c $< > $@.tmp && mv $@.tmp $@
build/preflight.wasm.br: build/preflight.wasm
	@command -v brotli >/dev/null || { echo 'brotli is not installed: apt-get install -y brotli'; exit 1; }
	brotli -q 11 -n -f -o $@ $<

# The form in headless Chromium (its own module: chromedp stays out of the
# main module). Screenshots and timings go to build/. Without chromium it
# skips, except in CI (CI=true), where that is a failure.
.PHONY: browser-test
browser-test: wasm build/preflight.wasm.br build/preflight.wasm.gz | js/node_modules
	cd examples/browser-form/browsertest && $(GO) test -count=1 -v ./...

# The http-wasm plugin in real Traefik (internal/traefiktest): build.sh
# builds the pinned Traefik from the Go module proxy once per machine (about
# 20 minutes on 2 cores, cached outside the clone); a Traefik that cannot be
# built here for a reason outside the project makes the tests skip, naming
# it. Then every scenario with the default proxy and with fastProxy, the
# load test, and the throughput with the plugin and without it.
TRAEFIK_BENCHTIME ?= 2000x
.PHONY: traefik-test
traefik-test:
	@mkdir -p build
	@bin=$$(nice internal/traefiktest/build.sh 2>build/traefik-build.err); rc=$$?; \
	if [ $$rc -eq 0 ]; then export TRAEFIK_BIN=$$bin; \
	elif [ $$rc -eq 3 ]; then export TRAEFIK_UNAVAILABLE="$$(tail -1 build/traefik-build.err)"; \
	else cat build/traefik-build.err; exit $$rc; fi; \
	$(GO) test -count=1 -v -timeout 30m -run . -bench . -benchtime $(TRAEFIK_BENCHTIME) ./internal/traefiktest/
