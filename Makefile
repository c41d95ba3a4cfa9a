# helplinks: `make run` serves it, `make test` checks it. Both set themselves up on a fresh clone.
# pybabel's options are the flags below; babel.cfg says which files hold messages (pybabel reads no setup.cfg).
# The access log keeps no client address, user agent or query string.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 2
STAMP  ?= $(VENV)/.installed
POT    ?= locales/messages.pot
# Every dependency pinned to the version the suite last passed with; `make constraints` refreshes them.
PINS   ?= constraints.txt

.PHONY: run test test-fast bench perf-docs soak install node-tools catalogs extract-messages update-catalogs missing-translations db clean constraints audit

# --no-compile: Python compiles a module when it is first imported, so only what runs is compiled.
$(STAMP): setup.cfg pyproject.toml $(PINS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -c $(PINS) -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The Node tools the tests use, pinned in package-lock.json and installed here, once, so that no test
# downloads anything: axe-core (loaded into the page by tests/browser) and the tools that check
# /openapi.json from outside (redocly, openapi-typescript, tsc). Node.js comes from Debian if missing.
NODE_STAMP ?= node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node-tools: $(NODE_STAMP)

# the .mo files compiled again, all in one pybabel process, when a .po changed
CATALOG_PO := $(wildcard locales/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOG_PO:.po=.mo)
catalogs: install $(COMPILED)

$(COMPILED) &: $(CATALOG_PO) | $(STAMP)
	$(BIN)/pybabel compile --statistics -d locales -D messages

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k Nn_:1,2 --add-comments=Translators: --no-location \
		--sort-by-file --project=helplinks --version=0.1.0 -o $(POT) .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i $(POT) -d locales -D messages --no-fuzzy-matching \
		--ignore-pot-creation-date --ignore-obsolete

# a YAML worksheet of what the catalogs lack; fill it in, then: helplinks catalogs fill FILE
missing-translations: install
	$(BIN)/helplinks catalogs missing -o translations.yaml

db: install
	$(BIN)/helplinks db upgrade
	$(BIN)/helplinks import --if-empty

ACCESS_LOG ?= -

run: catalogs db
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) ACCESS_LOG=$(ACCESS_LOG) \
	  $(BIN)/gunicorn --config deploy/gunicorn.conf.py 'api:create_app()'

# Load test on loopback beside nginx and a minimal Flask app, then the soak; not part of `make test`.
bench: catalogs
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/soak.py

# The benchmark table of docs/performance.md, from the last run of make bench (recorded as bench/last-run.json).
perf-docs:
	$(PYTHON) bench/report_table.py

# Mixed reads and partner writes for SOAK_SECONDS (600) on PostgreSQL (SOAK_DATABASE_URL) with limits in Redis (SOAK_REDIS_URL).
soak: catalogs
	$(BIN)/python bench/soak.py

# Everything: tests/unit, api, data, system, contract and browser, on SQLite and (with TEST_DATABASE_URL)
# PostgreSQL, in TEST_WORKERS processes (three on two cores: the system tests wait on servers and sleeps, the
# browser tests on Chromium); then the few `serial` tests (timing probes) alone.
TEST_WORKERS ?= 3
PYTEST := $(BIN)/python -m pytest
# Every command here keeps compiled bytecode in __pycache__ (pytest's rewritten test modules too), even where
# the environment asks Python not to: each of make test's processes would otherwise compile it all again.
unexport PYTHONDONTWRITEBYTECODE
test: catalogs node-tools
	$(PYTEST) -n $(TEST_WORKERS) -m "not serial" $(PYTEST_ARGS)
	$(PYTEST) -p no:xdist -m serial $(PYTEST_ARGS)

# The unit and API tests on SQLite, property tests on their quick profile: the loop while changing code.
test-fast: catalogs
	$(PYTEST) -n $(TEST_WORKERS) -m "not postgres and not redis and not serial" --hypothesis-profile=quick \
		-p no:schemathesis -p no:anyio $(PYTEST_ARGS) tests/unit tests/api

# Re-resolve setup.cfg's ranges in a fresh environment and pin what it installed (then run make test).
constraints:
	rm -rf .pins-venv
	$(PYTHON) -m venv .pins-venv
	.pins-venv/bin/python -m pip install --quiet --upgrade pip
	.pins-venv/bin/python -m pip install --quiet -e '.[test,audit]'
	{ echo "# Pinned by make constraints from setup.cfg's ranges; used by make install (pip -c)."; \
	  .pins-venv/bin/python -m pip freeze --exclude-editable; } > $(PINS)
	rm -rf .pins-venv

# Known vulnerabilities in the pinned, installed dependencies. It needs PyPI's advisory data (the network);
# --strict: a package it could not check fails the audit instead of passing unchecked.
audit: install
	$(BIN)/python -m pip install --quiet -c $(PINS) -e '.[audit]'
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules
