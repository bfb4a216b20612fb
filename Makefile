# Everything runs in a local .venv; nothing is installed globally.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup extract test lint typecheck evaluate evaluate-heldout bench clean

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

## Scores on the bundled samples (the CI gate's numbers).
evaluate: $(STAMP)
	mkdir -p out
	$(BIN)/newsextract evaluate samples/*.gold.jsonl --baseline underthesea --json out/samples-report.json

## Scores on the held-out dev annotations (needs ../shared/corpus); run once per reported number.
evaluate-heldout: $(STAMP)
	mkdir -p out
	$(BIN)/newsextract evaluate annotations/dev/heldout --baseline underthesea --json out/heldout-report.json

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --limit 300

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
