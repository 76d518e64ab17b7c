# Two commands do everything: `make serve` to preview, `make test` to check.
# Both create .venv from the pinned requirements when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE ?= site
OFFLINE_SITE ?= site-offline
export NO_MKDOCS_2_WARNING := 1
# Builds are reproducible: dates (the review status, the sitemap) come from the
# last commit unless SOURCE_DATE_EPOCH is set. For today's date: SOURCE_DATE_EPOCH=$$(date +%s) make build
build offline: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: help serve build test validate coverage offline bench search-bench lock clean system-tools

help:
	@echo "make serve     preview at http://127.0.0.1:8000, rebuilding when docs/ or policy_data/ change"
	@echo "make test      install what the tests need (venv, chromium) and run the whole suite"
	@echo "make build     build the site into $(SITE)/"
	@echo "make validate  check policy_data/ and print every problem"
	@echo "make coverage  list normative sentences of the sources that no rule quotes"
	@echo "make offline   build a self-contained copy into $(OFFLINE_SITE)/ and $(OFFLINE_SITE).zip"
	@echo "make bench     measure build time, size and search speed as institutions are added"
	@echo "make search-bench  type the staff queries of scripts/search_queries.yaml into the site's search; print the score and every miss"

$(VENV)/.build-installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.build-installed
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-test.txt
	@touch $@

serve: $(VENV)/.build-installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

build: $(VENV)/.build-installed
	$(BIN)/mkdocs build --clean --site-dir $(SITE)

validate: $(VENV)/.build-installed
	$(BIN)/python scripts/validate

coverage: $(VENV)/.build-installed
	$(BIN)/python scripts/coverage

offline: $(VENV)/.build-installed
	$(BIN)/python scripts/offline --out $(OFFLINE_SITE)

system-tools:
	@scripts/ensure-system-tools

# axe-core and vnu-jar for the tests, at the versions package-lock.json pins.
node_modules/.test-installed: package-lock.json | system-tools
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	@touch $@

# The same plus lighthouse, for the benchmark.
node_modules/.bench-installed: package-lock.json | system-tools
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@ node_modules/.test-installed

test: $(VENV)/.test-installed system-tools node_modules/.test-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.test-installed system-tools node_modules/.bench-installed
	$(BIN)/python scripts/bench $(BENCH_ARGS)

search-bench: $(VENV)/.test-installed system-tools
	$(BIN)/python scripts/search_bench --engine both $(SEARCH_BENCH_ARGS)

# Re-pin every dependency from requirements*.in in a throwaway environment.
lock:
	rm -rf .cache/lock && $(PYTHON) -m venv .cache/lock
	.cache/lock/bin/pip install -q -r requirements.in
	{ echo "# Every package the site build needs, direct and indirect, at an exact version."; \
	  echo "# Made from requirements.in by \`make lock\`; edit requirements.in, not this file."; \
	  .cache/lock/bin/pip freeze; } > requirements.txt
	.cache/lock/bin/pip freeze > .cache/lock/build.txt
	.cache/lock/bin/pip install -q -r requirements-test.in
	{ echo "# Test-only packages, direct and indirect, at exact versions (made by \`make lock\`)."; \
	  echo "-r requirements.txt"; \
	  .cache/lock/bin/pip freeze | grep -vxFf .cache/lock/build.txt; } > requirements-test.txt

clean:
	rm -rf $(SITE) $(OFFLINE_SITE) $(OFFLINE_SITE).zip .pytest_cache .bench
