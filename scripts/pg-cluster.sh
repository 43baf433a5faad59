#!/usr/bin/env bash
# A throwaway PostgreSQL cluster in a folder of its own, for the tests and the benchmarks.
#
#   scripts/pg-cluster.sh bindir       print the folder of initdb and pg_ctl (fails if none)
#   scripts/pg-cluster.sh start DIR    initdb + pg_ctl start in DIR (empty or missing) on a
#                                      free port of 127.0.0.1, create the database
#                                      "newsdesk" and print its URL for DATABASE_URL
#   scripts/pg-cluster.sh stop DIR     stop the cluster (if running) and delete DIR
#
# Callers set `trap '... stop DIR' EXIT` before `start`, so the cluster goes whatever
# happens. Durability is off (fsync, synchronous_commit, full_page_writes): the data
# lives a few minutes. As root, the cluster belongs to the 'postgres' system user
# (initdb refuses root), who needs nothing but DIR. Messages go to standard error.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
is_root() { [ "$(id -u)" = 0 ]; }

bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

as_owner() {
  # Run a PostgreSQL program as the cluster's owner, from inside the cluster folder
  # (the postgres user may not enter the caller's working directory).
  local cluster=$1
  shift
  if is_root; then
    (cd "$cluster" && runuser -u postgres -- "$@")
  else
    (cd "$cluster" && "$@")
  fi
}

free_port() {
  local python="$root/.venv/bin/python"
  [ -x "$python" ] || python=$(command -v python3 || command -v python)
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local cluster=$1 pg_bin port
  if ! pg_bin=$(bindir); then
    echo "pg-cluster: no PostgreSQL server binaries (initdb, pg_ctl) found." >&2
    return 1
  fi
  mkdir -p "$cluster"
  if is_root; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg-cluster: running as root needs the 'postgres' system user for initdb." >&2
      return 1
    fi
    chown postgres: "$cluster"
  fi
  chmod 700 "$cluster"
  port=$(free_port)
  echo "== starting PostgreSQL ($pg_bin) on 127.0.0.1:$port in $cluster" >&2
  as_owner "$cluster" "$pg_bin/initdb" -D "$cluster/data" -U newsdesk -A trust -E UTF8 \
    --no-locale >"$cluster/initdb.log" || { cat "$cluster/initdb.log" >&2; return 1; }
  as_owner "$cluster" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { cat "$cluster/server.log" >&2; return 1; }
  as_owner "$cluster" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U newsdesk newsdesk
  echo "postgres://newsdesk@127.0.0.1:$port/newsdesk"
}

stop() {
  local cluster=$1 pg_bin
  [ -d "$cluster" ] || return 0
  if [ -f "$cluster/data/postmaster.pid" ] && pg_bin=$(bindir); then
    as_owner "$cluster" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
}

case "${1:-}" in
  bindir) bindir ;;
  start) [ $# = 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }; start "$2" ;;
  stop) [ $# = 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 bindir | start DIR | stop DIR" >&2; exit 2 ;;
esac
