# Kotopolku: `make run` serves the demo, `make test` runs everything CI runs.
# Both create the virtualenv in .venv/ from the hash-pinned lock files on first use.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: lock-check run test lint typecheck migrations-check pytest messages makemessages lock clean bench-worklist screenshots

# tools/install.py is the one install step: a venv without the bundled pip, the installer pinned in
# requirements/installer.lock, then the lock installed hash-checked (issue 10, CONTRIBUTING.md).
INSTALL := $(PYTHON) tools/install.py install --venv $(VENV) --python $(PYTHON)

$(VENV)/.main-installed: requirements/main.lock requirements/installer.lock pyproject.toml tools/install.py
	@$(INSTALL) --lock requirements/main.lock
	@touch $@

$(VENV)/.dev-installed: requirements/dev.lock requirements/installer.lock pyproject.toml tools/install.py
	@$(INSTALL) --lock requirements/dev.lock
	@touch $@ $(VENV)/.main-installed

# Install every lock into throw-away venvs (no pip cache) on Python 3.11 and the newest Python 3
# here; fails naming the package when a lock cannot be installed as written. Run by .ci/run.
lock-check:
	$(PYTHON) tools/install.py check --lock requirements/main.lock --lock requirements/dev.lock \
		--python $(PYTHON) --newest

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

# Branch coverage of the whole run (pytest-cov combines the workers' data): the data file is
# var/coverage/.coverage (git-ignored, [tool.coverage.run] in pyproject.toml), no report is written;
# `make test` then holds it to tools/coverage_floors.toml (tools/coverage_gate.py).
pytest: $(VENV)/.dev-installed messages
	@mkdir -p var/coverage
	$(BIN)/pytest -n auto --dist loadgroup -rs --cov --cov-branch --cov-report= $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest
	@$(BIN)/python -m kotopolku.core.i18n_compile --check
	$(BIN)/python tools/coverage_gate.py

# Regenerate the lock files after changing dependencies in pyproject.toml.
# --universal: one lock for every Python 3.11+ (markers instead of one interpreter's answers).
# The existing pins are kept; `make lock UPGRADE=--upgrade` (or --upgrade-package NAME) moves them.
UV_COMPILE = $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes -q $(UPGRADE)
lock: $(VENV)/.dev-installed
	cd requirements && ../$(UV_COMPILE) installer.in -o installer.lock
	$(UV_COMPILE) pyproject.toml -o requirements/main.lock
	$(UV_COMPILE) pyproject.toml --extra dev -o requirements/dev.lock

# Extract the UI strings into the .po files (needs GNU gettext's xgettext), and bring the plan
# summary's catalogues (the `summary` domain, any client language) in line with its labels.
makemessages: $(VENV)/.dev-installed
	cd kotopolku && KOTOPOLKU_MODE=demo ../$(BIN)/kotopolku makemessages -l fi -l sv -l en --no-obsolete --add-location file
	$(BIN)/python -m kotopolku.casework.summary_catalogue

bench-worklist: $(VENV)/.dev-installed
	$(BIN)/kotopolku bench worklist --json

clean:
	rm -rf $(VENV) var

screenshots: $(VENV)/.dev-installed messages
	$(BIN)/python -m tools.screenshots
