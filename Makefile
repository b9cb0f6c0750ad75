# The two commands that matter: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint format bench clean

run: $(VENV)/.installed .env
	$(PY) manage.py devstack

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed
	$(PY) bench/token_verify.py

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

.env: .env.example
	@test -f .env || $(PY) -c "import re, secrets, pathlib; \
	  text = pathlib.Path('.env.example').read_text(); \
	  pathlib.Path('.env').write_text(re.sub('__generate__', lambda m: secrets.token_urlsafe(32), text)); \
	  print('Wrote .env with fresh local secrets')"
	@touch .env

clean:
	rm -rf var .pytest_cache .ruff_cache
