# Traza's tasks for operators and developers: `make help` lists them.
# On Debian 12 with Python 3.11+ and Node 20, `make demo` and `make test` install what else they
# need: a virtualenv in .venv, the front-end libraries from npm, and (for the tests) Debian's
# chromium, gettext and PostgreSQL. A second run skips what is already up to date.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
HOST := 127.0.0.1
PORT := 8000
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
TRAZA := $(BIN)/traza
VENDOR := traza/static/vendor
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Tests and developer tools never read the developer's .env and may use the default SECRET_KEY.
DEV_ENV := TRAZA_ENV_FILE=/dev/null TRAZA_TESTING=true
# Translations live under traza/ (tests excluded); the message commands walk the whole tree otherwise.
MESSAGES_IGNORE := -i .venv -i node_modules -i var -i build -i dist -i bench -i tests
HAS_MESSAGES = find traza -path '*/locale/*/LC_MESSAGES/*.po' | grep -q .

.PHONY: help demo test bench load lint format messages clean assets env-file test-packages compile-messages screenshots

help:
	@echo "make demo      install, load the catalog and demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test      lint, then the tests on SQLite and on a throw-away PostgreSQL"
	@echo "make bench     the benchmarks in bench/ on a throw-away PostgreSQL"
	@echo "make load      50 users submitting, polling and listing traces against traza serve on PostgreSQL"
	@echo "make screenshots  the browser tests, then their screenshots copied into docs/screenshots/"
	@echo "make lint      ruff check, ruff format --check and mypy"
	@echo "make format    ruff check --fix and ruff format"
	@echo "make messages  extract the Spanish messages to translate, compile them"
	@echo "make clean     remove .venv, node_modules, vendor files and caches (keeps .env and var/)"

# --- installation -------------------------------------------------------------------------

$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
		echo "Installing python3-venv (Debian's Python ships venv without pip)"; \
		$(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends python3-venv; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -e .
	@touch $@

# The dev install includes the plain one.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/VERSIONS.txt: node_modules/.installed scripts/vendor-assets
	$(PYTHON) scripts/vendor-assets

assets: $(VENDOR)/VERSIONS.txt

# Production settings refuse the default SECRET_KEY: give .env a random one if it has none.
env-file:
	@if ! grep -qs '^ *SECRET_KEY *=' .env; then \
		umask 077; \
		if [ -s .env ] && [ -n "$$(tail -c1 .env)" ]; then echo >> .env; fi; \
		printf '# Written by make demo; .env.example lists every setting.\nSECRET_KEY=%s\n' \
			"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env; \
		echo "Wrote a random SECRET_KEY to .env"; \
	fi

test-packages:
	scripts/debian-packages chromium:chromium msgfmt:gettext initdb:postgresql

compile-messages: $(VENV)/.installed
	@if $(HAS_MESSAGES); then \
		if command -v msgfmt >/dev/null; then $(DEV_ENV) $(TRAZA) compilemessages -v0 $(MESSAGES_IGNORE); \
		else echo "gettext is not installed: the translations are not compiled (apt-get install gettext)"; fi; \
	fi

# --- the demo -----------------------------------------------------------------------------

demo: $(VENV)/.installed assets env-file compile-messages
	@$(TRAZA) shell -v0 -c 'from django.conf import settings; settings.DATA_DIR.mkdir(parents=True, exist_ok=True)'
	$(TRAZA) migrate --noinput
	$(TRAZA) collectstatic --noinput -v0
	$(TRAZA) catalog load
	$(TRAZA) demo-data --size small --load
	@echo
	@echo "Traza is starting on http://$(HOST):$(PORT)/"
	@echo "Sign in with one of the demo users printed above. Ctrl-C stops the server."
	@echo
	$(TRAZA) serve --host $(HOST) --port $(PORT)

# --- development --------------------------------------------------------------------------

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The tests leave the working tree as they found it: what git sees (tracked changes and untracked files not
# ignored) is the same after both runs as before them, or `make test` fails and shows the difference.
TREE_STATE := git status --porcelain --untracked-files=all

test: $(VENV)/.installed-dev assets test-packages lint compile-messages
	@mkdir -p build && ($(TREE_STATE) 2>/dev/null || true) > build/tree-before-test.txt
	env -u DATABASE_URL $(DEV_ENV) $(BIN)/pytest $(PYTEST_ARGS)
	$(DEV_ENV) scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! $(TREE_STATE) | diff -u build/tree-before-test.txt -; \
	then echo "make test: the tests changed the working tree (above); they must write under build/ or a temporary folder"; \
	exit 1; fi

# The browser tests write their screenshots under build/ (so `make test` leaves the tree clean); this
# copies them to docs/screenshots/, where the README shows them.
screenshots: $(VENV)/.installed-dev assets test-packages compile-messages
	env -u DATABASE_URL $(DEV_ENV) $(BIN)/pytest tests/browser $(PYTEST_ARGS)
	mkdir -p docs/screenshots
	cp build/screenshots/*.png docs/screenshots/

bench: $(VENV)/.installed-dev
	scripts/debian-packages initdb:postgresql
	PYTHON=$(BIN)/python bench/run

# 50 simulated users against `traza serve` (4 web workers) and 2 `traza worker`s, then the same load on a minimal
# endpoint (bench/load.py says how); about 8 minutes.
load: $(VENV)/.installed-dev
	scripts/debian-packages initdb:postgresql
	PYTHON=$(BIN)/python bench/run bench/load.py

messages: $(VENV)/.installed
	scripts/debian-packages msgfmt:gettext
	$(DEV_ENV) $(TRAZA) makemessages -l es --no-obsolete --add-location file -e py,html $(MESSAGES_IGNORE)
	$(DEV_ENV) $(TRAZA) compilemessages $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/static build dist traza.egg-info .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
