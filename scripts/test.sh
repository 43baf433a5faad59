#!/usr/bin/env bash
# The whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster that this
# script starts (initdb + pg_ctl in a temporary folder, a free port on 127.0.0.1) and
# always stops and deletes. Called by `make test`; extra arguments go to pytest.
#
# What the tests need from the system is installed only when missing (as root, with
# apt-get): Chromium for the browser tests, nginx for the front-server tests, the
# PostgreSQL server binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

python=.venv/bin/python
is_root() { [ "$(id -u)" = 0 ]; }

# --- what the tests need -------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
scripts/pg-cluster.sh bindir >/dev/null || missing+=(postgresql)
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
if ! scripts/pg-cluster.sh bindir >/dev/null; then
  echo "make test: no PostgreSQL server binaries (initdb, pg_ctl) found." >&2
  exit 1
fi

# --- pass 1: SQLite ------------------------------------------------------------------
echo "== pytest on SQLite"
sqlite_status=0
env -u DATABASE_URL "$python" -m pytest "$@" || sqlite_status=$?

# --- pass 2: a throwaway PostgreSQL cluster (scripts/pg-cluster.sh) -------------------
cluster=$(mktemp -d /tmp/newsdesk-pg.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$cluster"' EXIT
trap 'exit 130' INT TERM
database_url=$(scripts/pg-cluster.sh start "$cluster")

echo "== pytest on PostgreSQL"
postgres_status=0
DATABASE_URL="$database_url" "$python" -m pytest "$@" ||
  postgres_status=$?

verdict() { if [ "$1" = 0 ]; then echo passed; else echo "FAILED (exit $1)"; fi; }
echo "== SQLite: $(verdict $sqlite_status); PostgreSQL: $(verdict $postgres_status)"
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
