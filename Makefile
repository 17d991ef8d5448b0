# The README's two commands: `make run` and `make test`. Each sets up what it needs first.
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint bench setup setup-dev clean

$(VENV)/.runtime: requirements.txt scripts/setup.sh
	scripts/setup.sh
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt scripts/setup.sh
	scripts/setup.sh --dev
	touch $(VENV)/.runtime $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

run: $(VENV)/.runtime
	$(PY) -m records check
	$(PY) -m records db upgrade
	$(VENV)/bin/flask --app app run --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check records tests app.py bench
	$(VENV)/bin/mypy records app.py

test: lint
	$(VENV)/bin/pytest -q

bench: $(VENV)/.dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
