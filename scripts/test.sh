#!/usr/bin/env bash
# The whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster that this
# script starts (initdb + pg_ctl in a temporary folder, a free port on 127.0.0.1) and
# always stops and deletes. Called by `make test`; extra arguments go to pytest.
#
# What the tests need from the system is installed only when missing (as root, with
# apt-get): Chromium for the browser tests, the PostgreSQL server binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

python=.venv/bin/python
is_root() { [ "$(id -u)" = 0 ]; }

postgres_bindir() {
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

# --- what the tests need -------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
postgres_bindir >/dev/null || missing+=(postgresql)
if ((${#missing[@]})); then
  if is_root && command -v apt-get >/dev/null; then
    echo "== installing ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "make test: missing ${missing[*]}; install them (apt-get install ${missing[*]})" \
      "or run make test as root to have them installed." >&2
  fi
fi
if ! pg_bin=$(postgres_bindir); then
  echo "make test: no PostgreSQL server binaries (initdb, pg_ctl) found." >&2
  exit 1
fi

# --- pass 1: SQLite ------------------------------------------------------------------
echo "== pytest on SQLite"
sqlite_status=0
env -u DATABASE_URL "$python" -m pytest "$@" || sqlite_status=$?

# --- pass 2: a throwaway PostgreSQL cluster ------------------------------------------
cluster=$(mktemp -d /tmp/newsdesk-pg.XXXXXX)
as_postgres=()
if is_root; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user,
  # which needs nothing but this folder (never the checkout).
  if ! id postgres >/dev/null 2>&1; then
    echo "make test: running as root needs the 'postgres' system user for initdb." >&2
    rm -rf "$cluster"
    exit 1
  fi
  chown postgres: "$cluster"
  as_postgres=(runuser -u postgres --)
fi
chmod 700 "$cluster"

pg() { (cd "$cluster" && "${as_postgres[@]}" "$pg_bin/$1" "${@:2}"); }
remove_cluster() {
  if [ -f "$cluster/data/postmaster.pid" ]; then
    pg pg_ctl -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
}
trap remove_cluster EXIT
trap 'exit 130' INT TERM

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== starting PostgreSQL ($pg_bin) on 127.0.0.1:$port in $cluster"
pg initdb -D "$cluster/data" -U newsdesk -A trust -E UTF8 --no-locale >"$cluster/initdb.log" ||
  { cat "$cluster/initdb.log" >&2; exit 1; }
# Durability is pointless for a cluster deleted in a few minutes: turn it off for speed.
pg pg_ctl -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start -o \
  "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }
pg createdb -h 127.0.0.1 -p "$port" -U newsdesk newsdesk

echo "== pytest on PostgreSQL"
postgres_status=0
DATABASE_URL="postgres://newsdesk@127.0.0.1:$port/newsdesk" "$python" -m pytest "$@" ||
  postgres_status=$?

verdict() { if [ "$1" = 0 ]; then echo passed; else echo "FAILED (exit $1)"; fi; }
echo "== SQLite: $(verdict $sqlite_status); PostgreSQL: $(verdict $postgres_status)"
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
