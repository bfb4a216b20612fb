# Everything runs in a local .venv; nothing is installed globally.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup extract test lint typecheck evaluate bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## The main job: extraction over the bundled samples → out/samples.jsonl (and a summary on stderr).
extract: $(STAMP)
	mkdir -p out
	$(BIN)/newsextract extract samples/ --glob '*.gold.jsonl' -o out/samples.jsonl
	@echo "wrote out/samples.jsonl ($$(wc -l < out/samples.jsonl) articles)"

## The test suite (unit, property, golden, CLI) plus lint and type checks.
test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

evaluate: $(STAMP)
	$(BIN)/newsextract evaluate samples/*.gold.jsonl

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --limit 300

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
