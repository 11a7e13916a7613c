#!/usr/bin/env bash
# postgres.sh starts and stops a throwaway PostgreSQL for pactgraph's tests
# and benchmarks: Debian's package (installed when missing), a new cluster in
# a directory of its own, listening on 127.0.0.1 only, on a free port.
#
#   scripts/postgres.sh start [DIR]   prints postgres://postgres@127.0.0.1:PORT/pactgraph?sslmode=disable
#   scripts/postgres.sh stop [DIR]    stops it and removes DIR
#   scripts/postgres.sh url [DIR]     prints the URL of the running one
#   scripts/postgres.sh replica URL DIR
#                                     starts a streaming read replica of the server at URL
#                                     (a hot standby, from pg_basebackup) in DIR, prints its URL;
#                                     `stop DIR` stops it
#
# DIR defaults to $PACTGRAPH_PG_DIR, else ${TMPDIR:-/tmp}/pactgraph-postgres-$UID.
# Give each concurrent run its own DIR (e.g. from mktemp -d). The cluster
# trusts local connections: it is for tests, never for data worth keeping.
# Root cannot run postgres, so as root the server runs as the postgres user.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

cmd=${1:-}
dir=${2:-${PACTGRAPH_PG_DIR:-${TMPDIR:-/tmp}/pactgraph-postgres-$(id -u)}}
marker=.pactgraph-postgres

# as runs a command as the user who owns the cluster.
as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# bindir finds the newest installed PostgreSQL, installing Debian's when none is.
bindir() {
	local b
	b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -z "$b" ] || [ ! -x "$b/initdb" ]; then
		local sudo=
		[ "$(id -u)" = 0 ] || sudo=sudo
		echo "postgres.sh: installing Debian's postgresql" >&2
		$sudo apt-get update -q >&2
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
		b=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	fi
	echo "$b"
}

# port_free reports whether nothing listens on 127.0.0.1:$1.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# serve starts the cluster in $dir/data with pg_ctl from $1 on a free port
# of 127.0.0.1, with the server options $2, and keeps the port in $dir/port.
serve() {
	local bin=$1 opts=$2 port tries=0
	while :; do
		port=$((20000 + RANDOM % 40000))
		if port_free "$port" && as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir $opts" start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		[ "$tries" -lt 5 ] || die "could not start the server in $dir: $(tail -n 20 "$dir/server.log" 2>/dev/null)"
	done
	echo "$port" >"$dir/port"
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/pactgraph?sslmode=disable"; }

start() {
	local bin
	bin=$(bindir)
	if [ -f "$dir/port" ] && as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		url
		return
	fi
	mkdir -p "$dir"
	touch "$dir/$marker"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "no postgres user (is Debian's postgresql installed?)"
		chown postgres: "$dir"
	fi
	chmod 700 "$dir"
	if [ ! -d "$dir/data" ]; then
		as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			die "initdb failed: $(cat "$dir/initdb.log")"
	fi
	serve "$bin" ""
	local port
	port=$(cat "$dir/port")
	as "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt \
		-c "SELECT 1 FROM pg_database WHERE datname = 'pactgraph'" | grep -q 1 ||
		as "$bin/createdb" -h "$dir" -p "$port" -U postgres pactgraph
	url
}

# replica starts a hot standby of the primary at $1 in $dir, on a free port.
replica() {
	local primary=$1 bin host port
	bin=$(bindir)
	host=$(sed -E 's#^postgres(ql)?://([^@/]*@)?([^:/]+).*#\3#' <<<"$primary")
	port=$(sed -E 's#^postgres(ql)?://([^@/]*@)?[^:/]+:([0-9]+).*#\3#' <<<"$primary")
	[[ $port =~ ^[0-9]+$ ]] || die "replica: no port in $primary"
	mkdir -p "$dir"
	touch "$dir/$marker"
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir"
	fi
	chmod 700 "$dir"
	# -R writes standby.signal and primary_conninfo: the copy starts as a
	# hot standby, streaming from the primary.
	as "$bin/pg_basebackup" -h "$host" -p "$port" -U postgres -D "$dir/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 ||
		die "pg_basebackup from $host:$port failed: $(cat "$dir/basebackup.log")"
	serve "$bin" "-c hot_standby=on"
	url
}

stop() {
	[ -d "$dir" ] || return 0
	[ -f "$dir/$marker" ] || die "$dir was not made by postgres.sh start; not touching it"
	if [ -d "$dir/data" ]; then
		as "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

case $cmd in
start) start ;;
stop) stop ;;
url) [ -f "$dir/port" ] || die "not running in $dir"; url ;;
replica) [ -n "${2:-}" ] && [ -n "${3:-}" ] || die "usage: postgres.sh replica URL DIR"; dir=$3; replica "$2" ;;
*) die "usage: postgres.sh start|stop|url [DIR] | replica URL DIR" ;;
esac
