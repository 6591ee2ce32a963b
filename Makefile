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

clean:
	rm -rf build
