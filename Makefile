# Two commands do all set-up: `make serve` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test check bench bench-serve clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

## serve: preview at http://127.0.0.1:8000, rebuilding on every change to data/, docs/, hooks/ or mkdocs.yml
##        (ONLY=id1,id2 builds only those records and those they refer to: seconds, not minutes, at thousands of cases)
serve: $(STAMP)
	DOSSIER_DRAFTS=$(if $(DRAFTS),1,) DOSSIER_ONLY=$(ONLY) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## build: a --strict build into site/
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## check: validate data/ and the record references in docs/ without building
check: $(STAMP)
	$(BIN)/python -m dossier check

## test: every test
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: the build at 100, 1,000 and 5,000 synthetic cases against plain MkDocs (QUICK=1: 100 and 1,000 only;
##        JOBS=2: each baseline build alongside a build with hooks, a third less time)
bench: $(STAMP)
	$(BIN)/python -m bench $(if $(QUICK),--quick,) $(if $(JOBS),--jobs $(JOBS),)

## bench-serve: seconds from saving a case file to the reload under `mkdocs serve`, real site and 1,000 cases
bench-serve: $(STAMP)
	$(BIN)/python -m bench.serve
	$(BIN)/python -m bench.serve --cases 1000
	$(BIN)/python -m bench.serve --cases 1000 --only syn-case-0

clean:
	rm -rf site .pytest_cache
