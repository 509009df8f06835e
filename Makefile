# Two commands do all set-up on a fresh machine: `make demo` and `make test` (each builds .venv if needed).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NATIVE := $(VENV)/.native-stamp
SOURCES := $(wildcard policy_audit/*.py policy_audit/*/*.py)

.PHONY: demo test lint accuracy bench pure clean

demo: $(NATIVE)  ## scan the sample policies (exit 1 there means "gaps found", which the samples have on purpose)
	@$(BIN)/policy-audit scan sample_policies/ || [ $$? -eq 1 ]

test: $(NATIVE)  ## the whole test suite, then ruff and mypy
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/mypy

accuracy: $(NATIVE)  ## agreement with the hand labels in ../shared/corpus
	$(BIN)/python benchmarks/accuracy.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	POLICY_AUDIT_PURE=1 $(BIN)/python -m pip install --quiet -e '.[dev]'  # compiled below, in place
	$(BIN)/python -m compileall -q policy_audit  # pip compiles installed packages, not an editable one
	@touch $(STAMP)

$(NATIVE): $(STAMP) setup.py $(SOURCES)  ## the hot modules compiled with mypyc (setup.py), again after any edit
	$(BIN)/python setup.py --quiet build_ext --inplace
	@touch policy_audit/*.so policy_audit/*/*.so $(NATIVE)  # current now, even those setuptools found up to date

pure:  ## run from the Python sources: removes the compiled modules (make test builds them again)
	rm -f policy_audit/*.so policy_audit/*/*.so $(NATIVE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .mypyc
	rm -f policy_audit/*.so policy_audit/*/*.so
