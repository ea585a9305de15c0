# The front door: make run, make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app hallbarhet
HTMX_VERSION := 2.0.11
HTMX_SHA256 := d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717
CATALOGUES := $(wildcard hallbarhet/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
# The Nu Html Checker, at the exact version package-lock.json pins.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run install test chromium wrk vnu lint format translations translations-update vendor seed bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/activate

%.mo: %.po
	$(BIN)/pybabel compile --use-fuzzy -d hallbarhet/translations -D messages >/dev/null

# A server from a checkout (README "Installing"): the app with PostgreSQL's driver and its
# compiled catalogues, none of the test tools. Templates and static files are read from the
# checkout, which is why the install is editable.
install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[postgresql]'
	$(BIN)/pybabel compile -d hallbarhet/translations -D messages >/dev/null

# A local secret key, made once and kept out of the repository.
instance/config.py:
	mkdir -p instance
	$(PYTHON) -c 'import secrets; print(f"SECRET_KEY = {secrets.token_hex(32)!r}")' > $@

# Debug mode, also for the setup commands: outside it the app wants HALLBARHET_BASE_URL.
# make run PORT=5001 serves on another port.
PORT ?= 5000

run: $(BIN)/activate $(COMPILED) instance/config.py
	$(FLASK) --debug db upgrade
	$(FLASK) --debug seed-demo --if-empty
	$(FLASK) run --debug --host 127.0.0.1 --port $(PORT)

# The suite runs in parallel, one pytest-xdist worker per core; TEST_WORKERS=0 runs it in one
# process. Each worker has its own PostgreSQL schema (tests/conftest.py); pyproject.toml's
# addopts keep each test file on one worker. The run ends with its 25 slowest steps, to
# show where the time goes.
TEST_WORKERS ?= auto

test: $(BIN)/activate $(COMPILED) chromium vnu
	$(BIN)/bandit --quiet --recursive hallbarhet --severity-level medium
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --durations=25

# The browser tests drive Debian's Chromium; no browser is downloaded.
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# The HTML validity test runs vnu.jar on Debian's Java. The package's install script would
# download a Java runtime of its own, so scripts stay off. npm keeps the jar's 1985 timestamp:
# touch it so that make sees it as newer than the lock file.
vnu: $(VNU_JAR)
	@command -v java >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

$(VNU_JAR): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

lint: $(BIN)/activate
	$(BIN)/ruff check hallbarhet tests bench
	$(BIN)/ruff format --check hallbarhet tests bench
	$(BIN)/mypy

format: $(BIN)/activate
	$(BIN)/ruff format hallbarhet tests
	$(BIN)/ruff check --fix hallbarhet tests

# Extract every UI string and merge it into the catalogues; translate, then `make` compiles.
# --ignore-dirs: pybabel passes over folders whose name starts with _ unless told, and the
# shared macros (templates/_macros/) hold strings too.
translations: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs ".*" -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o hallbarhet/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i hallbarhet/translations/messages.pot -d hallbarhet/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d hallbarhet/translations

# Fetch htmx at the pinned release from the npm registry and check its hash.
vendor:
	cd $$(mktemp -d) && npm pack --silent htmx.org@$(HTMX_VERSION) && tar xzf htmx.org-$(HTMX_VERSION).tgz \
	  && echo "$(HTMX_SHA256)  package/dist/htmx.min.js" | sha256sum -c - \
	  && cp package/dist/htmx.min.js $(CURDIR)/static/vendor/htmx-$(HTMX_VERSION).min.js \
	  && cp package/LICENSE $(CURDIR)/static/vendor/htmx-LICENSE.txt

# Four passes, each serving its data with gunicorn (2 workers) and writing its section of
# BENCHMARKS.md: the demo data at 16 connections, the large municipality (10,000 questions),
# ten times its data (100,000), and the large one on PostgreSQL; in all about a quarter of an
# hour on two cores. `make bench PASS=demo` (or large, huge, postgresql, or several with
# commas) runs some; `make bench DATABASE=postgresql+psycopg://…` runs the PostgreSQL pass
# on that server, in a database of its own that it creates and drops. With PASS=all the
# PostgreSQL pass is left out when no server answers at DATABASE.
ifeq ($(origin DATABASE),undefined)
BENCH_PASS_DEFAULT := all
else
BENCH_PASS_DEFAULT := postgresql
endif
BENCH_COMMAND := make bench$(if $(filter command line environment,$(origin PASS)), PASS=$(PASS))$(if $(filter command line environment,$(origin DATABASE)), DATABASE=$(DATABASE))
PASS ?= $(BENCH_PASS_DEFAULT)
DATABASE ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

bench: $(BIN)/activate $(COMPILED) wrk
	BENCH_PASS='$(PASS)' BENCH_DATABASE_URL='$(DATABASE)' BENCH_COMMAND='$(BENCH_COMMAND)' \
	  $(BIN)/python -m bench.run

# The demo pass's load generator (bench/load.py), Debian's package; without it the pass
# falls back to Python threads.
wrk:
	@command -v wrk >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

seed: $(BIN)/activate instance/config.py
	$(FLASK) --debug db upgrade
	$(FLASK) --debug seed-demo

clean:
	rm -rf $(VENV) .pytest_cache hallbarhet/translations/*/LC_MESSAGES/*.mo
