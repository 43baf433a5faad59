#!/usr/bin/env bash
# Create the project's virtualenv: scripts/venv.sh PYTHON DIR.
# Debian's Python ships venv support separately; as root it is installed when missing.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

if ! command -v "$python" >/dev/null; then
  echo "newsdesk needs Python 3.11 or newer; '$python' was not found (set PYTHON=...)." >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "newsdesk needs Python 3.11 or newer; $python is $("$python" -V 2>&1)." >&2
  exit 1
fi
if ! "$python" -m venv "$venv"; then
  rm -rf "$venv"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    minor=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "python$minor-venv"
    "$python" -m venv "$venv"
  else
    echo "Could not create $venv: install your Python's venv package (e.g. python3-venv)." >&2
    exit 1
  fi
fi
