# helplinks: `make run` serves it, `make test` checks it. Both set themselves up on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 2
STAMP  := $(VENV)/.installed

.PHONY: run test bench install catalogs extract-messages update-catalogs db clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

catalogs: install
	$(BIN)/pybabel compile -d locales -D messages

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-by-file -o locales/messages.pot .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching

db: install
	$(BIN)/helplinks db upgrade
	$(BIN)/helplinks import --if-empty

ACCESS_LOG ?= -

run: catalogs db
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) ACCESS_LOG=$(ACCESS_LOG) \
	  $(BIN)/gunicorn --config deploy/gunicorn.conf.py 'api:create_app()'

# Load test on loopback beside nginx and a minimal Flask app; not part of `make test`.
bench: catalogs
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light)
	$(BIN)/python bench/run.py

test: catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
