# Two commands do all set-up on a fresh machine: `make demo` and `make test` (each builds .venv if needed).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test accuracy clean

demo: $(STAMP)  ## scan the sample policies (exit 1 there means "gaps found", which the samples have on purpose)
	@$(BIN)/policy-audit scan sample_policies/ || [ $$? -eq 1 ]

test: $(STAMP)  ## the whole test suite (one worker per core; `pytest -k NAME` runs one case alone), then ruff and mypy
	$(BIN)/python -m pytest -n auto
	$(BIN)/ruff check .
	$(BIN)/mypy

accuracy: $(STAMP)  ## agreement with the hand labels in ../shared/corpus
	$(BIN)/python benchmarks/accuracy.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
