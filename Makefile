# budaya-kerja: `make report` builds the evaluation reports, `make test` runs every test,
# `make bench` times the pipeline at national scale.
# Both create .venv (Python >= 3.11) and install the project into it when needed.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JUPYTERLAB := 4.6.6

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python >= 3.11 is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the project with its pinned dependencies

report: $(STAMP) ## Build every year's report from data/raw (the synthetic demo while it holds no year)
	$(BIN)/snakemake
	$(BIN)/snakemake --report reports/snakemake-report.html

test-fast: $(STAMP) ## The test suite without the slow ones (end-to-end runs, notebooks, simulations; pytest -m "not slow")
	$(BIN)/python -m pytest -m "not slow"

test: $(STAMP) ## Run the whole test suite (with the end-to-end runs, the notebooks and the simulations)
	$(BIN)/python -m pytest

data: $(STAMP) ## Regenerate the synthetic demo in data/contoh (surveys and worksheets, byte-identical), its truth and manifest
	$(BIN)/python -m budaya_kerja.synthetic --out-dir data/contoh --truth data/truth/truth-sintetis.csv

TEMPLATE_YEAR ?= 2025
template: $(STAMP) ## Blank survey form and evaluation worksheets (LKE) in templat/ (TEMPLATE_YEAR=2025)
	$(BIN)/python -m budaya_kerja.io.template --year $(TEMPLATE_YEAR) --out templat

bench: $(STAMP) ## Time every stage at national scale vs its floor (BENCH_ARGS="--sizes 1e5,1e6")
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP) ## ruff, snakefmt --check and snakemake --lint
	$(BIN)/ruff check src tests workflow notebooks docs benchmarks
	$(BIN)/ruff format --check src tests workflow notebooks docs benchmarks
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint

docs: $(STAMP) ## Regenerate docs/api.md (the public API) from the docstrings
	$(BIN)/python docs/api_docs.py

lab: $(STAMP) ## Open the notebooks in JupyterLab (installs it on first use)
	$(BIN)/python -m pip install --quiet 'jupyterlab==$(JUPYTERLAB)'
	$(BIN)/jupytext --sync notebooks/*.py
	$(BIN)/jupyter lab notebooks

clean: ## Remove everything snakemake built and its caches (keeps data/raw, data/contoh and .venv)
	rm -rf data/processed reports logs .snakemake benchmarks/*/

.PHONY: help venv report test test-fast data template bench lint docs lab clean
