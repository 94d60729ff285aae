# Two commands do everything on a fresh machine:
#   make report   — run the default report on the embedded data (creates/reuses .venv)
#   make test     — run the test suite (creates/reuses .venv); make test-fast skips slow tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test test-fast docs venv benchmark clean-reports

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (ftzlink)" > /dev/null
	touch $(STAMP)

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/ftzlink report

# Tests run on every core (pytest-xdist), one test file per worker at a time, so module-scoped
# fixtures such as the shared end-to-end report run once; tests/conftest.py hands out the longest
# files first, so that no long file is left running alone at the end. Bytecode is written even
# where the environment sets PYTHONDONTWRITEBYTECODE: pytest keeps the test modules it rewrites
# (assertion introspection) as bytecode, or rewrites every module again in every worker (≈7 s each).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadfile

test: $(STAMP)
	$(PYTEST)

test-fast: $(STAMP)
	$(PYTEST) -m "not slow"

docs: $(STAMP)
	$(BIN)/python docs/make_reference.py
	$(BIN)/mkdocs build --strict --site-dir site

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_kernels.py
	$(BIN)/python benchmarks/bench_resampling.py
	$(BIN)/python benchmarks/bench_indices.py

clean-reports:
	rm -rf reports/[!R]*
