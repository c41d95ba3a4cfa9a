# helplinks: `make run` serves it, `make test` checks it. Both set themselves up on a fresh clone.
# The access log keeps no client address, user agent or query string.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= 2
STAMP  := $(VENV)/.installed

.PHONY: run test install catalogs extract-messages update-catalogs db clean

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

run: catalogs db
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - \
	  --access-logformat '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms' 'api:create_app()'

test: catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
