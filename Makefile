# Herald: `make demo` serves the demo publication; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_ENV := SECRET_KEY=herald-test-secret-key-not-for-production-use-0123456789 \
	HERALD_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

.PHONY: install demo test test-unit test-browser lint browser-deps serve bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: install
	$(BIN)/herald demo

serve: install
	$(BIN)/herald serve

# Browser tests drive Debian's chromium; install it when it is missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

test: install browser-deps
	$(TEST_ENV) $(BIN)/pytest -q $(PYTEST_ARGS)

test-unit: install
	$(TEST_ENV) $(BIN)/pytest -q tests/unit $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check herald tests
	$(BIN)/lint-imports  # the layers in docs/architecture.md (.importlinter)

clean:
	rm -rf var/cache var/static
