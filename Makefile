# The two commands of the README: `make demo` and `make test`. Both set up from nothing.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: demo serve test lint system clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system:
	./scripts/install-system-deps

demo: $(STAMP) system
	$(VENV)/bin/horizonscan demo --corpus demo --out out

serve: $(STAMP)
	$(VENV)/bin/horizonscan serve --db out/demo.db

lint: $(STAMP)
	$(PY) -m ruff check src tests bench
	$(PY) -m ruff format --check src tests bench
	$(PY) -m mypy

test: $(STAMP) system lint
	$(PY) -m pytest

bench: $(STAMP) system
	$(PY) bench/crawl.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache
