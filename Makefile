# yjtracker: two commands to know, `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test venv lint typecheck bench browser docker-config clean help

help:
	@echo "make run            install, migrate, load the demo data, serve web + Celery worker + beat"
	@echo "make test           install the dev tools (and Chromium when root) and run the suite"
	@echo "make lint           ruff, the import-layer contract, Django's checks, missing migrations"
	@echo "make typecheck      mypy"
	@echo "make bench          the benchmarks (python -m benchmarks)"
	@echo "make docker-config  validate docker/compose.yaml"

# The virtual environment, made with the python3 on PATH (override: make PYTHON=python3.12 run).
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "yjtracker needs Python 3.11 or newer: run make PYTHON=/path/to/python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed-dev

run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python scripts/serve.py --port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing and we may (root with apt-get).
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "make test: chromium/chromedriver missing and not root with apt-get: browser tests will skip."; \
	fi

# DATABASE_URL, CELERY_BROKER_URL and TEST_DATABASE_NAME are read from the environment.
# pytest's exit status is make's: failures, errors, too little coverage and "no tests" (5) all fail.
test: $(VENV)/.installed-dev browser
	$(BIN)/python -m pytest --cov --cov-report=term --durations=10 $(PYTEST_ARGS)

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
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .coverage htmlcov
