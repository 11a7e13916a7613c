#!/bin/sh
# twoservers-bench.sh PG_URL [CLIENTS] [ROUNDS]
#
# Measures pactgraph serving one PostgreSQL database from one process and
# from two (docs/scaling.md, "Several servers"): PG_URL must name an empty
# database (scripts/postgres.sh start prints one). It builds the binary,
# starts server A (which loads the bundled corpus) and server B, then
#   - reads a mix (search, entity, neighbours, overview, documents, one
#     document) with CLIENTS clients (default 4), ROUNDS rounds each
#     (default 10), all through A, then alternately through A and B, and
#     prints the median and 90th percentile of each;
#   - writes a new node through A 20 times, each time reading it through
#     B at once and until found, and prints the median time from A's
#     answer to B's;
#   - prints the connections each server holds to PostgreSQL, idle and
#     at most while the mix ran.
# Needs curl and ss.
set -eu
url=${1:?usage: $0 PG_URL [CLIENTS] [ROUNDS]}
clients=${2:-4}
rounds=${3:-10}
dir=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/pactgraph" ./cmd/pactgraph
pgport=$(printf '%s\n' "$url" | sed -E 's|.*@[^:/]+:([0-9]+)/.*|\1|')
export PACTGRAPH_TOKEN=bench-token

start() { # start NAME: serve on a free port; prints its base URL
	"$dir/pactgraph" serve --addr 127.0.0.1:0 --db postgres --dbpath "$url" >/dev/null 2>"$dir/$1.log" &
	echo $! >"$dir/$1.pid"
	until grep -q 'listening on' "$dir/$1.log"; do
		kill -0 "$(cat "$dir/$1.pid")" || { cat "$dir/$1.log" >&2; exit 1; }
		sleep 0.2
	done
	sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$dir/$1.log"
}
a=$(start a); pids="$pids $(cat "$dir/a.pid")"
b=$(start b); pids="$pids $(cat "$dir/b.pid")"

conns() { # conns PID: its TCP connections to PostgreSQL
	ss -tnp | grep "pid=$1," | grep -c ":$pgport " || true
}

mix='/api/search?q=KGB&limit=20
/api/entities/kgb
/api/entities/kgb/neighbours?depth=1&limit=200
/api/entities/mfs/neighbours?depth=2&limit=200
/api/graph
/api/documents
/api/documents/wilson-115715-stasi-kgb-1973'

run() { # run BASE… : the mix through the servers in turn; one time (s) a line in $dir/times
	: >"$dir/times"
	i=0
	for r in $(seq "$rounds"); do
		for c in $(seq "$clients"); do
			for path in $mix; do
				i=$((i + 1))
				eval "base=\${$(( (i % $#) + 1 ))}"
				echo "$base$path"
			done
		done
	done | xargs -P "$clients" -n 1 curl -s -o /dev/null -w '%{time_total}\n' >>"$dir/times" &
	job=$!
	peak_a=0 peak_b=0
	while kill -0 $job 2>/dev/null; do
		n=$(conns "$(cat "$dir/a.pid")"); [ "$n" -gt "$peak_a" ] && peak_a=$n
		n=$(conns "$(cat "$dir/b.pid")"); [ "$n" -gt "$peak_b" ] && peak_b=$n
		sleep 0.1
	done
	sort -n "$dir/times" | awk -v peaks="$peak_a $peak_b" '{t[NR]=$1} END {printf "reads %d: median %.1f ms, p90 %.1f ms; connections at most (A B): %s\n", NR, 1000*t[int((NR+1)/2)], 1000*t[int(NR*0.9)], peaks}'
}

for p in $mix; do curl -s -o /dev/null "$a$p"; curl -s -o /dev/null "$b$p"; done # warm up both
echo "idle connections (A B): $(conns "$(cat "$dir/a.pid")") $(conns "$(cat "$dir/b.pid")")"
printf 'one server (A):   '; run "$a"
printf 'two servers (A B): '; run "$a" "$b"

: >"$dir/visible"
for i in $(seq 20); do
	node="<https://w3id.org/pactgraph/id/bench-visible-$i>"
	curl -s -o /dev/null -H "Authorization: Bearer $PACTGRAPH_TOKEN" "$a/api/v2/write" --data-binary \
		"$node <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Organization> <https://w3id.org/pactgraph/graph/bench> .
$node <http://schema.org/name> \"Bench Visible $i\" <https://w3id.org/pactgraph/graph/bench> ."
	t0=$(date +%s%N)
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "$b/api/entities/bench-visible-$i")" = 200 ]; do :; done
	echo $(( ($(date +%s%N) - t0) / 1000 )) >>"$dir/visible"
done
sort -n "$dir/visible" | awk '{t[NR]=$1} END {printf "write on A to read on B: median %.1f ms, max %.1f ms (%d writes)\n", t[int((NR+1)/2)]/1000, t[NR]/1000, NR}'
