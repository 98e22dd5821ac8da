# Kotopolku: `make run` serves the demo, `make test` runs everything CI runs.
# Both create the virtualenv in .venv/ from the hash-pinned lock files on first use.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck migrations-check pytest messages makemessages lock clean bench-worklist screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
		|| { echo "Kotopolku needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.main-installed: requirements/main.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/main.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.main-installed

messages: $(VENV)/.main-installed
	@$(BIN)/python -m kotopolku.core.i18n_compile

run: $(VENV)/.main-installed messages
	KOTOPOLKU_MODE=demo $(BIN)/kotopolku demo --port $(PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy kotopolku

migrations-check: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=kotopolku.config.test_settings $(BIN)/kotopolku makemigrations --check --dry-run

pytest: $(VENV)/.dev-installed messages
	$(BIN)/pytest -n auto --dist loadgroup -rs $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest
	@$(BIN)/python -m kotopolku.core.i18n_compile --check

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock: $(VENV)/.dev-installed
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/main.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.lock -q

# Extract the UI strings into the .po files (needs GNU gettext's xgettext).
makemessages: $(VENV)/.dev-installed
	cd kotopolku && KOTOPOLKU_MODE=demo ../$(BIN)/kotopolku makemessages -l fi -l sv -l en --no-obsolete --add-location file

bench-worklist: $(VENV)/.dev-installed
	$(BIN)/kotopolku bench worklist --json

clean:
	rm -rf $(VENV) var

screenshots: $(VENV)/.dev-installed messages
	$(BIN)/python tools/screenshots.py
