# `make run` serves the demo site; `make test` runs the whole suite on SQLite and
# PostgreSQL. Both start from nothing but Python 3.11: the virtualenv is made here.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench

# Links and the printed admin address follow PORT unless the environment says otherwise.
run: export NEWSDESK_BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	$(BIN)/newsdesk init -v 0
	$(BIN)/newsdesk demo --if-empty
	$(BIN)/newsdesk first-admin
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	scripts/test.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: $(VENV)/.installed-test
	@test -x bench/run || { echo "make bench: bench/run is missing" >&2; exit 1; }
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/run

# Reinstalled only when pyproject.toml changes (editable: source edits need nothing).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

$(BIN)/python:
	scripts/venv.sh "$(PYTHON)" $(VENV)
