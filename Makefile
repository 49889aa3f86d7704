# Two commands do all set-up: `make serve` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test test-fast test-browser check clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

# the Nu HTML Checker (vnu.jar) for tests/test_html_valid.py, from package-lock.json; its postinstall
# script would download a Java runtime, so scripts are off: the installed Java runs vnu.jar
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## serve: preview at http://127.0.0.1:8000, rebuilding on every change to data/, docs/, hooks/ or mkdocs.yml
serve: $(STAMP)
	DOSSIER_DRAFTS=$(if $(DRAFTS),1,) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## build: a --strict build into site/
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## check: validate data/ and the record references in docs/ without building
check: $(STAMP)
	$(BIN)/python -m dossier check

## test: every test
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## test-fast: every test but the browser tests
test-fast: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

## test-browser: only the browser tests (Chromium over the built site)
test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

clean:
	rm -rf site .pytest_cache
