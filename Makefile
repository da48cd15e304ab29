# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PALG_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test install lint bench bench-mdgp clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,postgres,fast,exact]'
	touch $@

demo: install
	$(BIN)/palg demo --port $(PORT)

test: install
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

bench-mdgp: install
	$(BIN)/python bench/mdgp.py --markdown

clean:
	rm -rf $(VENV) data .pytest_cache
