# The README's two commands: `make run` and `make test`. Each sets up what it needs first.
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run dev test lint bench setup setup-dev clean compile-translations messages

$(VENV)/.runtime: requirements.txt scripts/setup.sh
	scripts/setup.sh
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt scripts/setup.sh
	scripts/setup.sh --dev
	touch $(VENV)/.runtime $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

# Interface translations. The .po files are the source; the compiled .mo files are build
# products (ignored by git), made here before `run` and `test` so a fresh clone has them.
PO := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

$(MO): %.mo: %.po | $(VENV)/.runtime
	$(VENV)/bin/pybabel compile -d translations
	touch $(MO)

compile-translations: $(MO)

# After changing interface text: extract it again and merge it into each .po to translate.
messages: $(VENV)/.runtime
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k error_message:2 -k KindSpec:2 -k Say --sort-output \
		--project "Show-Me Records" --copyright-holder "Show-Me Records" \
		-o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations \
		--no-fuzzy-matching --ignore-obsolete --width 100

# gunicorn, one worker per core (records/web/gunicorn_conf.py); HOST also feeds the
# default TRUSTED_HOSTS.
run: $(VENV)/.runtime $(MO)
	$(PY) -m records check
	$(PY) -m records db upgrade
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c records/web/gunicorn_conf.py app:app

# Flask's development server, for development only: its log shows full paths (tokens).
dev: $(VENV)/.runtime $(MO)
	$(PY) -m records check
	$(PY) -m records db upgrade
	HOST=$(HOST) $(VENV)/bin/flask --app app run --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check records tests app.py bench
	$(VENV)/bin/mypy records app.py tests/test_letter_rules.py bench/letters_compare.py

# ruff, then mypy beside pytest-xdist on both cores: the browser and server tests leave a
# core idle while they wait, and mypy fills it. Each fails the target if it fails.
# CI (CI=true) runs the thorough hypothesis profile; elsewhere the fast one (tests/conftest.py).
test: $(VENV)/.dev $(MO)
	$(VENV)/bin/ruff check records tests app.py bench
	$(VENV)/bin/mypy records app.py & mypy=$$!; \
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-$(if $(CI),thorough,fast)} \
		$(VENV)/bin/pytest -q -n 2; tests=$$?; \
	wait $$mypy; typed=$$?; \
	[ $$typed -eq 0 ] || echo "make test: mypy found type errors (above)"; \
	[ $$tests -eq 0 ] && [ $$typed -eq 0 ]

bench: $(VENV)/.dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
