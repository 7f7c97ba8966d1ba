# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench check clean lab-audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/quizzer

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Static checks: lint, formatting, types, then the question bank.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/quizzer bank check --strict

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,bench]'
	$(BIN)/python benchmarks/run_all.py

# Every lab over 200 seeds it was not tuned on (tuning used 0-49); records each lab's rate in
# labs/audit.json, which NOT SUPPORTED verdicts quote. About an hour on 2 CPU cores.
AUDIT_SEEDS ?= 1000-1199
lab-audit: $(STAMP)
	$(BIN)/python -m quizzer lab audit --seeds $(AUDIT_SEEDS) --record

clean:
	rm -rf $(VENV) build *.egg-info
