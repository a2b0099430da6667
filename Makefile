# 政策解读发布与分发平台 — every operator task is a make target. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INSTALL_LOCK := $(shell command -v flock >/dev/null 2>&1 && echo flock .install.lock)
PORT ?= 8000
TEST_PROCESSES ?= 3
BROWSER_PROCESSES ?= 2
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install system-packages system-packages-test run dev setup test lint bench faults simulator receiver lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更新版本 / Python 3.11+ is required")'
	@# Two make commands started at once (make simulator and make run) build .venv once: the second waits.
	$(INSTALL_LOCK) sh -c 'if [ ! -f $(STAMP) ] || [ requirements.lock -nt $(STAMP) ]; then \
	  { test -d $(VENV) || $(PYTHON) -m venv $(VENV); } && \
	  $(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock && touch $(STAMP); fi'

# The project's translations (locale/): compiled whenever a .po is newer than its .mo (cms/foundation/translations.py).
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
$(MESSAGES): %.mo: %.po | $(STAMP)
	$(PY) -m cms.foundation.translations

install: $(STAMP) $(MESSAGES) ## Create .venv, install the pinned dependencies, compile the translations

system-packages: ## Install the Debian packages the product needs when missing (the Chinese font)
	@scripts/system-packages run

system-packages-test: ## Install the Debian packages the tests need when missing (the font, Chromium)
	@scripts/system-packages test

# The links the channels carry (阅读原文, the poster's QR code, the website's confirmation) follow the port `make run`
# serves on, unless SITE_URL says otherwise.
setup run dev: export SITE_URL ?= http://127.0.0.1:$(PORT)
# The demo's upstream sources (上级政策转载) are sample files this site serves under /watcher/samples/.
setup run dev: export WATCHER_SERVE_SAMPLES ?= true

setup: install system-packages ## Migrate, collect static files, load the demo content, write the static site (idempotent)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py build_static_site --no-progress  # 静态化: the public pages as files (only what changed)

# `make run` serves the site as the public sees it (DEBUG off: the site's own 404 and 500 pages, static files from
# whitenoise, uploads through interpretation.public.media); `make dev` is the same processes with Django's debug pages.
run: export DEBUG := false
dev: export DEBUG := true

run: setup ## Run web (127.0.0.1:$PORT), worker and scheduler on the embedded default, as the public sees it; Ctrl-C stops all
	$(PY) manage.py preflight
	WEB_PORT=$(PORT) $(VENV)/bin/honcho start

dev: setup ## As make run, with DEBUG on (Django's debug pages) for development
	$(PY) manage.py preflight
	WEB_PORT=$(PORT) $(VENV)/bin/honcho start

test: install system-packages-test ## Run the whole test suite (embedded default unless DATABASE_URL etc. are set)
	@# The suite runs in TEST_PROCESSES pytest-xdist processes (3 measured fastest on 2 cores: a process waiting on
	@# a real worker or a socket leaves its core to the others); TEST_PROCESSES=0 runs it in this one process.
	@# Browser tests run in a pytest run of their own, never beside the other tests: Playwright's event loop must
	@# not share a database connection with the transactional tests that follow it. BROWSER_PROCESSES processes,
	@# each with its own Chromium, live server and database, walk them in parallel.
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest -m "not faults and not browser" -n $(TEST_PROCESSES) $(PYTEST_ARGS)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest -m browser -n $(BROWSER_PROCESSES) $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: none selected

lint: install ## Check the code: ruff, the layer contracts (import-linter), types (mypy: strict on the rule, ledger, adapters, renderers)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy cms bodies security interpretation channels media_templates

bench: install ## Run every benchmark under tests/benchmarks/ and print a table of figures (installs nginx for them)
	@scripts/system-packages bench
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m tests.benchmarks

faults: install system-packages ## Fault suite (not part of make test): kills workers and Redis during deliveries, counts losses
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest tests/faults -m faults -p no:cacheprovider -q -s $(PYTEST_ARGS)

simulator: install ## Run the WeChat API simulator on 127.0.0.1:8765 (prints the WECHAT_* variables to set)
	$(PY) manage.py wechat_simulator --port 8765

receiver: install ## Run the demo press partner's webhook receiver on 127.0.0.1:8766 (after make run has set up)
	$(PY) manage.py partner_receiver --port 8766

lock: ## Re-resolve pyproject.toml's dependencies into requirements.lock
	rm -rf /tmp/pip-lock-venv && $(PYTHON) -m venv /tmp/pip-lock-venv
	/tmp/pip-lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	/tmp/pip-lock-venv/bin/pip freeze --exclude-editable | grep -v '^policy-interpretation-platform' > requirements.lock

clean: ## Remove the virtual environment and all local data (database, broker queue, media)
	rm -rf $(VENV) var .install.lock
