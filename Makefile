# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PALG_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test install system-libs lint bench bench-mdgp clean

PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
# One stamp per install, each redone when pyproject.toml or constraints.txt changes: the demo
# needs palg alone (numba included, a core dependency); tests, lint and benchmarks need the
# dev tools, PostgreSQL's driver and the exact solvers too.
DEMO_STAMP := $(VENV)/.installed-demo
DEV_STAMP := $(VENV)/.installed-dev
# The real OpenID provider that the single sign-on tests start (panva's oidc-provider, on the
# machine's Node.js): installed from its lock file, redone when that changes.
OIDC_PROVIDER := tests/sso/provider
OIDC_STAMP := $(OIDC_PROVIDER)/node_modules/.installed

install: system-libs $(DEV_STAMP) $(OIDC_STAMP)

# The programme report's PDF (WeasyPrint) needs Pango and a font, and its tests read the PDF
# with poppler-utils (pdftotext, pdftoppm). On Debian and Ubuntu the missing ones are installed
# (as root) or named; elsewhere install Pango and poppler with your system's package manager.
REPORT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils
system-libs:
	@command -v dpkg >/dev/null || { echo "Not Debian: install Pango and poppler-utils yourself (README: The programme report)."; exit 0; }; \
	missing=$$(for p in $(REPORT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "Missing system packages; run: sudo apt-get install $$missing" >&2; exit 1; fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(DEMO_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PIP) -e .
	touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PIP) -e '.[dev,postgres,exact]'
	touch $@

$(OIDC_STAMP): $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The demo runs without them (only the report's PDF needs Pango): a missing one is named, and
# the demo starts anyway.
demo: $(DEMO_STAMP)
	-@$(MAKE) --no-print-directory system-libs
	$(BIN)/palg demo --port $(PORT)

test: system-libs $(DEV_STAMP) $(OIDC_STAMP)
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Speed and quality measurements (not part of make test); results go to docs/benchmarks.md.
bench: install
	$(BIN)/python bench/import_people.py
	$(BIN)/python bench/group_10k.py
	$(BIN)/python bench/rounds.py
	$(BIN)/python bench/live_load.py
	$(BIN)/python bench/evaluation.py
	$(BIN)/python bench/report.py

bench-mdgp: install
	$(BIN)/python bench/mdgp.py --markdown

clean:
	rm -rf $(VENV) data .pytest_cache $(OIDC_PROVIDER)/node_modules
