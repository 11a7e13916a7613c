#!/usr/bin/env bash
# Reruns the figures behind docs/benchmarks-scale.svg (docs/benchmarks.md,
# "Store, loader and API"): `pactgraph bench` at 100, 1,000 and 10,000
# and 50,000 synthetic documents on bolt (about 20k to 10M quads), each run's
# JSON kept in docs/benchmarks-scale/, then the plot drawn from them. About
# half an hour on two cores, most of it the 50,000 (raw Cayley's load alone
# takes minutes there); it needs about 12 GB of memory, as the bench holds
# every quad for raw Cayley's load.
#
#   scripts/bench-scale.sh            # all four sizes, then the plot
#   scripts/bench-scale.sh plot       # only redraw the plot from the JSON files
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmarks-scale
if [ "${1:-}" != plot ]; then
	mkdir -p "$out" bin
	go build -o bin/pactgraph ./cmd/pactgraph
	bin/pactgraph bench --docs 100 >"$out/bench-100.json"
	bin/pactgraph bench --docs 1000 >"$out/bench-1000.json"
	# 40 rounds of reads at 2M quads take minutes; 5 give the p50 and a rough p99.
	bin/pactgraph bench --docs 10000 --rounds 5 >"$out/bench-10000.json"
	bin/pactgraph bench --docs 50000 --rounds 5 >"$out/bench-50000.json"
fi
go run ./scripts/benchplot "$out"/bench-{100,1000,10000,50000}.json >docs/benchmarks-scale.svg
echo "wrote docs/benchmarks-scale.svg" >&2
