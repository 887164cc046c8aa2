# Two commands a newcomer needs: `make run` (the shop at http://127.0.0.1:5000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-postgres translations extract-messages update-messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

# axe-core for the accessibility tests, from package-lock.json. Without npm those tests skip
# (fail in CI), like the browser tests without Chromium.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

translations: $(VENV)/.run-installed
	$(BIN)/pybabel compile -d translations

run: $(VENV)/.run-installed translations
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.dev-installed translations node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.dev-installed translations node_modules/.package-lock.json
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres:postgres@127.0.0.1:5432/boutique_test} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

extract-messages: $(VENV)/.run-installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project "Redesign boutique" -o translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations

bench: $(VENV)/.dev-installed translations
	$(BIN)/python -m bench.labels
	$(BIN)/python -m bench.run --output docs/PERFORMANCE.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache node_modules
