# pactgraph: `make run` serves the bundled corpus at http://127.0.0.1:8080/,
# `make test` runs every check and test (CI runs exactly that).
GO ?= go
SHELL := bash
.SHELLFLAGS := -o pipefail -c
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
D3 := viz/static/vendor/d3.min.js
# axe-core, the accessibility checker the browser test runs in the page; it
# stays in viz/node_modules and is never served by the page.
AXE := viz/node_modules/axe-core/axe.min.js

.PHONY: run build test check vet viz chromium rapper eval fuzz bench-viz bench-scale bench-serve-rss screenshots clean

run: $(D3)
	$(GO) run ./cmd/pactgraph serve

build: $(D3)
	$(GO) build -o bin/pactgraph ./cmd/pactgraph

# d3 comes from the npm registry, pinned by viz/package-lock.json, and is
# copied next to the page at build time; it is never committed. axe-core
# (a devDependency) is installed by the same `npm ci` for the browser test.
viz: $(D3) $(AXE)
$(D3) $(AXE) &: viz/package.json viz/package-lock.json
	cd viz && npm ci --no-audit --no-fund
	mkdir -p viz/static/vendor
	cp viz/node_modules/d3/dist/d3.min.js $(D3)
	touch $(AXE)

# The browser tests drive Debian's chromium.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# The export tests read N-Quads back with an independent parser, raptor's rapper.
rapper:
	@command -v rapper >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q raptor2-utils; }

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './viz/node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# Every test: golden files and extraction thresholds (TestEval), the store
# conformance suite, the API, and the browser test in headless Chromium.
# A throwaway PostgreSQL on 127.0.0.1 (scripts/postgres.sh) runs the store
# conformance suite and the API tests on the SQL backend too; it is stopped
# whatever happens. checkptr is off under -race because boltdb/bolt, Cayley's
# bolt backend, converts pointers across allocations (docs/architecture.md);
# pactgraph's own code uses no unsafe.
test: $(D3) $(AXE) chromium rapper vet
	pgdir=$$(mktemp -d) && trap 'scripts/postgres.sh stop "$$pgdir"' EXIT && \
	url=$$(scripts/postgres.sh start "$$pgdir") && \
	PACTGRAPH_POSTGRES_URL="$$url" PACTGRAPH_NEED_RAPPER=1 \
	$(GO) test -race -gcflags=all=-d=checkptr=0 -count=1 ./...
	$(MAKE) fuzz

# Short runs of the fuzz targets, 10 s each: the parser (any input gives a
# report or an error naming the line, never a panic) and the upload paths'
# N-Quads and JSON-LD readers (valid quads or an error, never a panic, never
# a fetch). (-fuzzminimizetime keeps the fuzzer from spending the run
# shrinking inputs.)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 10s -fuzzminimizetime 100x ./loaders/wilson/
	$(GO) test -run '^$$' -fuzz '^FuzzParseNQuads$$' -fuzztime 10s -fuzzminimizetime 100x ./graph/
	$(GO) test -run '^$$' -fuzz '^FuzzParseJSONLD$$' -fuzztime 10s -fuzzminimizetime 100x ./graph/

check: test

# The figures and plot of docs/benchmarks.md (## Store, loader and API).
bench-scale:
	scripts/bench-scale.sh
bench-serve-rss: build
	bin/pactgraph bench --serve-rss --docs 5150

# The explorer's figures in docs/benchmarks.md (## Explorer).
bench-viz: $(D3) $(AXE) chromium
	$(GO) test -run '^$$' -bench Explorer -benchtime 3x ./cmd/pactgraph/

# Rewrites the screenshots in docs/ from the browser test.
screenshots: $(D3) $(AXE) chromium
	PACTGRAPH_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run TestExplorer ./cmd/pactgraph/

# The extraction figures for every gold file in ../shared/eval/gold; fails
# below the thresholds of loaders/wilson/eval_test.go (make test runs it too).
eval:
	$(GO) test -count=1 -run TestEval -v ./loaders/wilson/ | grep -vE '^=== RUN'

clean:
	rm -rf bin viz/node_modules viz/static/vendor
