# Two commands do all set-up: `make serve` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# the core from this checkout, first: a git worktree that shares another checkout's .venv would
# otherwise import that checkout's hooks/ through the editable install
export PYTHONPATH := $(CURDIR)/hooks

.PHONY: serve build test test-unit test-fast test-browser lint screenshots check clean new schema deploy bench bench-serve offline verify zim lighthouse

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

# the Nu HTML Checker (vnu.jar) for tests/integration/test_html_valid.py, from package-lock.json; its postinstall
# script would download a Java runtime, so scripts are off: the installed Java runs vnu.jar
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## serve: preview at http://127.0.0.1:8000, rebuilding on every change to data/, docs/, hooks/ or mkdocs.yml
##        (DRAFTS=1 shows drafts; PDF=1 also rebuilds the report's PDF, which takes about 4 s;
##         ONLY=id1,id2 builds only those records and those they refer to: seconds, not minutes, at thousands of cases)
##        EDITION=ru: the Russian edition (mkdocs.ru.yml) instead, at http://127.0.0.1:8000/ (its links to the English
##        edition lead outside what is served; `make build` makes both, English at site/, Russian at site/ru/)
serve: $(STAMP)
	DOSSIER_DRAFTS=$(if $(DRAFTS),1,) DOSSIER_PDF=$(if $(PDF),1,0) DOSSIER_ONLY=$(ONLY) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload $(if $(filter ru,$(EDITION)),-f mkdocs.ru.yml,)

# The time of the last commit: MkDocs dates the sitemap with it, so that two builds of one
# commit, at any time and in any folder, are byte-identical. Left unset outside git.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

## build: a --strict build into site/ of both editions, the English at site/ and the Russian (mkdocs.ru.yml) at
## site/ru/; the new site replaces the last good one only when both builds succeeded, whatever failed (data, a
## page, a link). DOSSIER_TRANSLATIONS_STRICT=1 refuses a stale or missing Russian translation
build: $(STAMP)
	rm -rf site.new
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) $(BIN)/mkdocs build --strict --site-dir site.new
	if [ -f mkdocs.ru.yml ]; then $(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) $(BIN)/mkdocs build --strict -f mkdocs.ru.yml --site-dir site.new/ru; fi  # a site without a Russian edition builds the English one only
	$(BIN)/python -m dossier manifest site.new  # SHA256SUMS again, over both editions (the English build wrote it before ru/)
	rm -rf site.old && if [ -d site ]; then mv site site.old; fi && mv site.new site && rm -rf site.old

## check: validate data/ and the record references in docs/ without building; list the translations (data/i18n/)
##        that are stale or missing, without failing (unless extra.dossier.translations_strict is set)
check: $(STAMP)
	$(BIN)/python -m dossier check

## new: start a draft record, e.g. make new NAME="Full Name" TYPE=case (ID=... to choose the id)
new: $(STAMP)
	$(BIN)/python -m dossier new --type "$(TYPE)" --name "$(NAME)" --id "$(ID)"

## schema: write the JSON Schemas of the record types into data/schema/ (commit them)
schema: $(STAMP)
	$(BIN)/python -m dossier schema

# the copies of the site to pass on (docs/about/mirrors.md): named after the commit they are made from
NAME ?= kazakhstan-2018
COMMIT = $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
OFFLINE_SITE := dist/offline-site
SHIM := node_modules/iframe-worker/shim/index.js

## offline: the offline copy dist/$(NAME)-offline-<commit>.zip, both editions (the Russian in ru/): opens from file:// (search too), README.txt
##          and SHA256SUMS inside; no drafts. The site it is made from stays in dist/offline-site
offline: $(STAMP) $(NODE_STAMP)
	rm -rf $(OFFLINE_SITE)
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) DOSSIER_DRAFTS= DOSSIER_ONLY= $(BIN)/mkdocs build --strict -f mkdocs.offline.yml --site-dir $(OFFLINE_SITE)
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) DOSSIER_DRAFTS= DOSSIER_ONLY= $(BIN)/mkdocs build --strict -f mkdocs.offline.ru.yml --site-dir $(OFFLINE_SITE)/ru
	$(BIN)/python -m dossier offline --site $(OFFLINE_SITE) --shim $(SHIM) --out dist/$(NAME)-offline-$(COMMIT).zip --version $(COMMIT) $(if $(SOURCE_DATE_EPOCH),--epoch $(SOURCE_DATE_EPOCH))

## verify: check a copy against its SHA256SUMS, e.g. make verify DIR=dist/offline-site; names every changed,
##         missing or added file (KEY=publisher.pub.pem: check its signature with the publisher's public key)
verify: $(STAMP)
	@test -n "$(DIR)" || { echo "make verify: name the copy's folder: make verify DIR=path/to/copy" >&2; exit 2; }
	$(BIN)/python -m dossier verify "$(DIR)" $(if $(KEY),--key "$(KEY)")

## zim: dist/$(NAME)-<commit>.zim for Kiwix, from the offline copy, with a full-text index (Debian's zim-tools)
zim: offline
	$(BIN)/python -m dossier zim --site $(OFFLINE_SITE) --out dist/$(NAME)-$(COMMIT).zim

## deploy: check, build both editions without drafts and push site/ to the gh-pages branch; refuses
##         while the publisher's name (extra.publisher.name) or the site's address (site_url) is not
##         set, or while no fluent reader is named for the Russian edition (extra.dossier.reviewed_by)
deploy: check
	$(BIN)/python hooks/publish_ready.py mkdocs.yml $(wildcard mkdocs.ru.yml)
	DOSSIER_DRAFTS= $(MAKE) build
	$(BIN)/ghp-import --no-jekyll --push --force --message "Publish $$(git rev-parse --short HEAD)" site

## test: the lint, then every test
test: lint $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## test-unit: the pure core only (tests/unit/): no MkDocs build, no Java, no Chromium; seconds
test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

## test-fast: every test but the browser tests and the Nu HTML Checker (needs neither Chromium nor Java)
test-fast: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m "not browser and not java" $(PYTEST_ARGS)

## test-browser: only the browser tests (Chromium over the built site)
test-browser: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

## lint: ruff and mypy over hooks/, tests/ and bench/, as pinned in pyproject.toml; both run, either fails it
##       (make test runs it first)
lint: $(STAMP)
	$(BIN)/ruff check hooks tests bench; ruff=$$?; $(BIN)/mypy hooks tests bench && exit $$ruff

## screenshots: build, then PNGs of the main pages at 1,280 and 375 px, light and dark, in tests/artifacts/screenshots/
screenshots: build
	PYTHONPATH=tests:$(CURDIR)/hooks $(BIN)/python -m browser.screenshots --site site

## bench: the build at 100, 1,000 and 5,000 synthetic cases against plain MkDocs, then the offline zip's size and
##        its search index's at 1,000, then both editions (English and Russian) of the real site and at 1,000 (QUICK=1: 100 and 1,000 only;
##        JOBS=2: each baseline build alongside a build with hooks, a third less time)
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench $(if $(QUICK),--quick,) $(if $(JOBS),--jobs $(JOBS),)
	$(BIN)/python -m bench.copies --cases 1000
	$(BIN)/python -m bench.editions --cases 1000

## bench-serve: seconds from saving a case file to the reload under `mkdocs serve`, real site and 1,000 cases
bench-serve: $(STAMP)
	$(BIN)/python -m bench.serve
	$(BIN)/python -m bench.serve --cases 1000
	$(BIN)/python -m bench.serve --cases 1000 --only syn-case-0

## lighthouse: Lighthouse 12.2.3 at mobile settings on the home page, a case page, the cases index and the map,
##             the built site served with gzip on 127.0.0.1; prints the median of 3 audits of each page
lighthouse: build $(NODE_STAMP)
	CHROME_PATH=/usr/bin/chromium $(BIN)/python -m bench.lighthouse site

clean:
	rm -rf site site.new site.old dist .pytest_cache
