# Two commands do everything: `make serve` to preview, `make test` to check.
# Both create .venv from the pinned requirements when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE ?= site
PORT ?= 8000
OFFLINE_SITE ?= site-offline
# Zensical (Material's successor) has its own environment and output folders.
ZVENV := .venv-zensical
ZENSICAL_SITE ?= site-zensical
ZENSICAL_SRC ?= .cache/zensical
export NO_MKDOCS_2_WARNING := 1
# Keep compiled bytecode (__pycache__/, ignored by git) even where the environment turns it
# off: every build, tool and test process would otherwise compile the project's modules (and
# pytest rewrite every test module) again, seconds on each run of the suite.
export PYTHONDONTWRITEBYTECODE :=
# Builds are reproducible: dates (the review status, the sitemap) come from
# SOURCE_DATE_EPOCH, else the last commit, else today (a copy without git);
# scripts/build works this out. For today's date: SOURCE_DATE_EPOCH=$$(date +%s) make build
# Both builds publish atomically: the last good site stays until a new one has fully built.
zensical zensical-offline: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: help serve build test test-fast validate coverage draft update-source draft-bench offline bench lock clean system-tools zensical zensical-offline see-also search-bench

help:
	@echo "make serve     preview at http://127.0.0.1:8000 (PORT=8001 for another), rebuilding when docs/ or policy_data/ change"
	@echo "make test      install what the tests need (venv, chromium) and run the whole suite, on two processes"
	@echo "make test-fast the unit, validator, data and golden tests only (no build, no browser): for the edit-test loop"
	@echo "make build     build the site into $(SITE)/"
	@echo "make validate  check policy_data/ and print every problem"
	@echo "make coverage  list normative sentences of the sources that no rule quotes (ID=x for one)"
	@echo "make draft ID=x SOURCE=file       draft a new institution from its policy text"
	@echo "make update-source ID=x SOURCE=file [ACCEPT='rule-id ...' or ACCEPT=all]  bring in a new text"
	@echo "make draft-bench  how well the drafter finds what the data quotes"
	@echo "make offline   build a self-contained copy into $(OFFLINE_SITE)/ and $(OFFLINE_SITE).zip"
	@echo "make bench     measure build time, size and search speed as institutions are added"
	@echo "make zensical  build the site with Zensical into $(ZENSICAL_SITE)/ (zensical-offline: the offline copy)"
	@echo "make see-also RULE=id   propose comparable rules of other institutions for a rule's see_also"
	@echo "make search-bench  type the staff queries of scripts/search_queries.yaml into the site's search; print the score and every miss"

$(VENV)/.build-installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.build-installed
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-test.txt
	@touch $@

$(ZVENV)/.installed: requirements-zensical.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-zensical.txt
	@touch $@

# A busy port exits 3 after its one-line message; make adds no "Error" line of its own for it.
serve: $(VENV)/.build-installed
	@$(BIN)/python scripts/serve --port $(PORT) || { status=$$?; [ $$status -eq 3 ] || exit $$status; }

build: $(VENV)/.build-installed
	$(BIN)/python scripts/build --out $(SITE)

validate: $(VENV)/.build-installed
	$(BIN)/python scripts/validate

coverage: $(VENV)/.build-installed
	$(BIN)/python scripts/coverage $(ID)

draft: $(VENV)/.build-installed
	@test -n "$(ID)" && test -n "$(SOURCE)" || { echo "usage: make draft ID=hillside SOURCE=path/to/policy.txt [NAME='Hillside School'] [SHORT=Hillside] [COUNTRY=England]"; exit 2; }
	$(BIN)/python scripts/new_institution "$(ID)" --source "$(SOURCE)" $(if $(NAME),--name "$(NAME)") $(if $(SHORT),--short-name "$(SHORT)") $(if $(COUNTRY),--country "$(COUNTRY)")

update-source: $(VENV)/.build-installed
	@test -n "$(ID)" && test -n "$(SOURCE)" || { echo "usage: make update-source ID=cms SOURCE=path/to/new.txt [ACCEPT='cms-4 cms-5' or ACCEPT=all]"; exit 2; }
	$(BIN)/python scripts/update_source "$(ID)" "$(SOURCE)" $(if $(filter all,$(ACCEPT)),--accept-all,$(foreach r,$(ACCEPT),--accept $(r)))

draft-bench: $(VENV)/.build-installed
	$(BIN)/python scripts/draft_bench

see-also: $(VENV)/.build-installed
	@test -n "$(RULE)" || { echo "name a rule or an institution: make see-also RULE=<id>"; exit 2; }
	@$(BIN)/python scripts/suggest_see_also $(RULE)

offline: $(VENV)/.build-installed
	$(BIN)/python scripts/offline --out $(OFFLINE_SITE)

# Zensical runs no hooks: scripts/generate writes the pages and a Zensical variant of
# mkdocs.yml and overrides/ into $(ZENSICAL_SRC), Zensical builds that, and the finished
# site replaces $(ZENSICAL_SITE) only when the build succeeded (with a gzipped sitemap, as MkDocs writes).
zensical-offline: export OFFLINE := true
zensical-offline: ZENSICAL_SITE := site-zensical-offline
zensical-offline: GENERATE_ARGS := --no-directory-urls
zensical zensical-offline: $(VENV)/.build-installed $(ZVENV)/.installed
	$(BIN)/python scripts/generate --zensical $(GENERATE_ARGS) --out $(ZENSICAL_SRC)
	$(ZVENV)/bin/zensical build --strict --clean -f $(ZENSICAL_SRC)/mkdocs.yml
	$(ZVENV)/bin/python -c 'import gzip, pathlib, sys; p = pathlib.Path(sys.argv[1]); p.with_suffix(".xml.gz").write_bytes(gzip.compress(p.read_bytes(), mtime=0))' $(ZENSICAL_SRC)/site/sitemap.xml
	rm -rf $(ZENSICAL_SITE) && mv $(ZENSICAL_SRC)/site $(ZENSICAL_SITE)

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

# Everything (unit, golden, real builds, browser, axe, vnu, lychee, the Zensical build) on two
# processes; each test module runs on one of them, so a module's build is made once.
test: $(VENV)/.test-installed system-tools node_modules/.test-installed $(ZVENV)/.installed
	$(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

# No real build, no browser (the markers are set by tests/conftest.py).
test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 2 -m "not browser and not build" $(PYTEST_ARGS)

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

# What a killed build can leave: the hidden .<name>.new / .<name>.old beside each output.
LEFTOVERS = $(foreach out,$(SITE) $(OFFLINE_SITE) $(OFFLINE_SITE).zip,$(dir $(out)).$(notdir $(out)).new $(dir $(out)).$(notdir $(out)).old)

clean:
	rm -rf $(SITE) $(OFFLINE_SITE) $(OFFLINE_SITE).zip $(LEFTOVERS) .pytest_cache .bench $(ZENSICAL_SITE) site-zensical-offline $(ZENSICAL_SRC)
