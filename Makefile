# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PALG_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test install lint bench bench-mdgp clean

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

install: $(DEV_STAMP) $(OIDC_STAMP)

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

demo: $(DEMO_STAMP)
	$(BIN)/palg demo --port $(PORT)

test: $(DEV_STAMP) $(OIDC_STAMP)
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

bench-mdgp: install
	$(BIN)/python bench/mdgp.py --markdown

clean:
	rm -rf $(VENV) data .pytest_cache $(OIDC_PROVIDER)/node_modules
