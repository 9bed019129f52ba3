# yjtracker: two commands to know, `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
# The lock files' resolver, pinned so `make lock` gives everyone the same files.
UV_VERSION ?= 0.13.9
LOCK_ARGS ?=

.PHONY: run test venv assets lock lint typecheck bench browser docker-config clean help

help:
	@echo "make run            install, migrate, load the demo data, serve web + Celery worker + beat"
	@echo "make test           install the dev tools (and Chromium when root) and run the suite"
	@echo "make assets         npm ci: GOV.UK Frontend, MOJ Frontend and axe-core into node_modules/"
	@echo "make lock           regenerate requirements/*.txt from pyproject.toml (LOCK_ARGS=--upgrade)"
	@echo "make lint           ruff, the import-layer contract, Django's checks, missing migrations"
	@echo "make typecheck      mypy"
	@echo "make bench          the benchmarks (python -m benchmarks)"
	@echo "make docker-config  validate docker/compose.yaml"

# The virtual environment, made with the python3 on PATH (override: make PYTHON=python3.12 run).
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "yjtracker needs Python 3.11 or newer: run make PYTHON=/path/to/python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when a lock file or pyproject.toml changes. The pinned dependencies
# come from the lock, then yjtracker itself without its dependencies; `pip check` then catches a
# dependency added to pyproject.toml but not yet locked.
define install
	$(BIN)/python -m pip install --quiet -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m pip check || { echo "$(1) lacks a dependency of pyproject.toml: run make lock."; exit 1; }
endef

$(VENV)/.installed-run: requirements/run.txt pyproject.toml | $(BIN)/python
	$(call install,requirements/run.txt)
	touch $@

# The dev lock holds everything in the run lock, at the same versions.
$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(call install,requirements/dev.txt)
	touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed-dev

# The pages' front-end packages (GOV.UK Frontend, MOJ Frontend; axe-core for the browser tests),
# installed from package-lock.json into node_modules/, which Django serves (STATICFILES_DIRS).
# A stamp, like the venv's: `npm ci` again only when package.json or the lock changes.
NODE_HELP := yjtracker's pages need Node.js 20 or newer with npm: on Debian or Ubuntu \
	'apt-get install nodejs npm', on macOS 'brew install node', otherwise https://nodejs.org/
node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "$(NODE_HELP)"; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || { echo "$(NODE_HELP) (found node $$(node --version))"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed

# The lock files, one per way of installing: dev (make test, lint, CI), run (make run) and prod
# (the Docker image). dev is resolved first; the others are held to its versions, so the tests run
# what production runs. Existing pins are kept unless LOCK_ARGS=--upgrade.
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

lock: $(BIN)/uv
	$(LOCK) --extra dev --extra run -o requirements/dev.txt
	$(LOCK) --extra run --constraint requirements/dev.txt -o requirements/run.txt
	$(LOCK) --extra prod --constraint requirements/dev.txt -o requirements/prod.txt

# Web, worker and beat from the Procfile, under honcho: Ctrl-C stops all three, and so does any one
# of them exiting. Links in emails follow the port unless SITE_URL is set. `--env /dev/null`:
# the three get make's environment, as migrate does, and no .env file that only they would read.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed-run node_modules/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_data
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start --env /dev/null --port $(PORT)

# Browser tests drive Debian's Chromium, and the PDF tests read the board pack with poppler's
# pdftotext and pdftoppm, as a person would; install them when missing and we may (root, apt-get).
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdftotext >/dev/null; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium, chromium-driver and poppler-utils for the browser and PDF tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils; \
	else \
		echo "make test: chromium/chromedriver/pdftotext missing and not root with apt-get: browser and PDF tests will skip."; \
	fi

# DATABASE_URL, CELERY_BROKER_URL and TEST_DATABASE_NAME are read from the environment.
# pytest's exit status is make's: failures, errors, too little coverage and "no tests" (5) all fail.
# The tests run in TEST_WORKERS pytest-xdist processes (auto: one a core; 0: in pytest's own
# process), each with its own test database, data folder and Redis databases; a module's tests
# stay on one worker (loadscope), so its module fixtures (Chromium, a Celery worker) start once.
TEST_WORKERS ?= auto
test: $(VENV)/.installed-dev node_modules/.installed browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --cov --cov-report=term \
		--durations=10 $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	@if [ -f benchmarks/__main__.py ]; then \
		$(BIN)/python -m benchmarks; \
	else \
		echo "No benchmarks yet (benchmarks/__main__.py is missing)."; \
	fi

docker-config:
	docker compose -f docker/compose.yaml config --quiet && echo "docker/compose.yaml is valid."

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache .coverage htmlcov
