# Two commands set everything up on a fresh machine with Python 3.11+:
#   make site   builds the site into site/ (after checking every entry)
#   make test   runs the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install site test serve check links lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,capture]'
	touch $(STAMP)

# The virtualenv with the test tools, once; CI runs it before installing the browser.
install: $(STAMP)

site: $(STAMP)
	$(BIN)/sourcetrace check
	$(BIN)/mkdocs build --strict --site-dir site

# The live preview; `make serve ENTRY=content/entries/2016/x.md` builds only that entry.
serve: $(STAMP)
	$(BIN)/sourcetrace serve $(ENTRY)

check: $(STAMP)
	$(BIN)/sourcetrace check

# Every link and anchor inside the built site (offline); run `make site` first.
links: $(STAMP)
	$(BIN)/sourcetrace links --site site

lint: $(STAMP)
	$(BIN)/ruff check build_tools tests bench
	$(BIN)/mypy

test: $(STAMP)
	bash scripts/ensure-browser.sh
	$(BIN)/ruff check build_tools tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache
