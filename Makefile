# policykg — `make` lists the targets. Every target installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/policykg
STAMP  := $(VENV)/.installed
OUT    ?= examples/output
SEED   := examples/changchun-2022-interview.txt
VIEWS  := industries initiatives full
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv chromium java demo test lint bench clean

help: ## Show this list of targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install policykg with its test tools (idempotent)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

chromium: ## Install Debian's chromium and a CJK font (Chinese labels) for the browser tests when missing
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q fonts-noto-cjk; }

java: ## Install Debian's Java runtime for the OWL 2 DL reasoner test (HermiT) when it is missing
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q default-jre-headless; }

demo: venv ## Build the example graph, its query results and views into examples/output/
	@mkdir -p $(OUT)/queries
	$(CLI) build $(SEED) -o $(OUT)/changchun-2022-interview.ttl
	@for f in src/policykg/queries/*.rq; do q=$$(basename $$f .rq); case $$q in view-*) continue;; esac; \
	  $(CLI) query $(OUT)/changchun-2022-interview.ttl -n $$q --format md -o $(OUT)/queries/$$q.md || exit 1; \
	done
	@for v in $(VIEWS); do \
	  $(CLI) view $(OUT)/changchun-2022-interview.ttl --view $$v -o $(OUT)/view-$$v.html || exit 1; \
	done
	@echo "Outputs are in $(OUT)/: the graph (.ttl), queries/*.md and the views view-*.html (open them in a browser)."

test: venv chromium java ## Run the whole test suite (unit, CLI, browser, store, server and reasoner tests)
	$(PY) -m pytest

lint: venv ## ruff check, ruff format --check, and cog --check on the README
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/cog --check README.md

bench: venv ## Run the benchmarks and write bench/results.md
	$(PY) bench/run.py

clean: ## Remove the virtual environment, caches and test artefacts
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/artifacts build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
