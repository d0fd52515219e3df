# The project's commands. `make preview` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
export DJANGO_SETTINGS_MODULE = devtools.preview.settings

.PHONY: preview test test-fast test-releases lint system-deps migrate clean bench course screenshots translations dist

# The Tutor plugin is a distribution of its own (tutor-contrib-sexmot/); the tests install it beside the XBlocks.
PLUGIN = tutor-contrib-sexmot
$(BIN)/.installed: setup.cfg pyproject.toml $(PLUGIN)/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,lint]" -e ./$(PLUGIN)
	touch $@

system-deps:
	sh scripts/system-deps.sh

migrate: $(BIN)/.installed
	mkdir -p var
	$(BIN)/python -m django migrate --run-syncdb --verbosity 0

## Set up and start the preview (XBlock SDK workbench) on http://127.0.0.1:8000
## (the test film and the two courses need ffmpeg and espeak-ng; without them the preview starts all the same)
preview: migrate
	$(BIN)/python -m devtools.preview.testfilm || echo "No test film (is ffmpeg installed?): the film stories show their missing-film message."
	$(BIN)/python -m course_export build --dist var/dist || echo "The courses were not built: the preview shows the blocks' own examples only."
	$(BIN)/python -m django runserver 127.0.0.1:8000

## Build both courses into dist/ (the tarballs Studio imports) and check them
course: $(BIN)/.installed
	$(BIN)/python -m course_export build

## Extract the interface strings into sexmot_xblocks/toolkit/conf/locale (sv, en) and compile them; then translate
## every empty msgstr in sv/LC_MESSAGES/*.po and run it again (needs gettext: make system-deps)
translations: $(BIN)/.installed
	$(BIN)/python -m devtools.i18n_build

## Build the wheels and source packages of the XBlocks and of the Tutor plugin into dist/ (DIST=...) and check
## them as the package index would; a release first builds the courses into the plugin's wheel:
## python -m course_export build --dist tutor-contrib-sexmot/tutorsexmot/courses
DIST ?= dist
dist: $(BIN)/.installed
	rm -f $(DIST)/sexmot_xblocks-* $(DIST)/tutor_contrib_sexmot-*
	$(BIN)/python -m build --outdir $(DIST) .
	$(BIN)/python -m build --outdir $(DIST) $(PLUGIN)
	$(BIN)/twine check --strict $(DIST)/sexmot_xblocks-* $(DIST)/tutor_contrib_sexmot-*

## Set up and run the whole test suite on both cores; the multi-process write tests also on the other database
## (SQLite, or MariaDB on 127.0.0.1:3306 where it answers)
# pytest-xdist: a test module stays on one worker (its module fixtures are built once), each worker with a
# test database of its own. PARALLEL= runs in one process.
PARALLEL ?= -n 2 --dist loadfile
test: $(BIN)/.installed system-deps
	mkdir -p var
	$(BIN)/python -m pytest $(PARALLEL)
	@other=$$([ "$${SEXMOT_DB:-sqlite}" = sqlite ] && echo mysql || echo sqlite); \
	if [ $$other = sqlite ] || $(BIN)/python -c "import pymysql; pymysql.connect(host='127.0.0.1', user='root')" 2>/dev/null; then \
	  echo "The multi-process write tests again, on $$other:"; \
	  SEXMOT_DB=$$other $(BIN)/python -m pytest -q tests/test_multiprocess_writes.py; \
	else echo "MariaDB is not reachable on 127.0.0.1:3306: the multi-process write tests ran on SQLite only"; fi

## The unit tier alone, in about 8 seconds: every test that needs no database, Django client, server, browser or
## build (marked by what it uses: tests/tiers.py)
# Only the files that hold unit-tier tests are collected (tests/unit_tier_files, kept true by
# tests/test_unit_tier_files.py): importing every test module to deselect most of them took longer than the tests.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m unit $$(cat tests/unit_tier_files)

## The linters, as Open edX packages run them: ruff with edx-lint's pylint and pycodestyle checks (pyproject.toml),
## ESLint for the blocks' scripts (devtools/lint/, installed from npm into its node_modules)
LINT_JS = devtools/lint/node_modules/.bin/eslint
$(LINT_JS): devtools/lint/package.json devtools/lint/package-lock.json
	cd devtools/lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@
lint: $(BIN)/.installed $(LINT_JS)
	$(BIN)/ruff check --no-cache .
	$(LINT_JS) --config devtools/lint/eslint.config.mjs reflection_xblock story_xblock sexmot_xblocks

## The suite under an Open edX release's own versions (constraints/<release>.txt, read from edx-platform's
## requirements/edx/base.txt at the release), in its own environment .venv-<release>: they test library versions,
## not servers, so the browser and slow tiers and the course builder (it runs on a maintainer's machine, not in
## Open edX) are left out (RELEASE_TESTS="..." to choose). make test-ulmo, make test-verawood; make test-releases: both.
RELEASE_TESTS ?= -m "not browser and not slow" --ignore=tests/course_export
.PRECIOUS: $(VENV)-%/.installed
$(VENV)-%/.installed: constraints/%.txt setup.cfg pyproject.toml $(PLUGIN)/pyproject.toml
	$(PYTHON) -m venv $(VENV)-$*
	$(VENV)-$*/bin/pip install --quiet --upgrade pip
	$(VENV)-$*/bin/pip install --quiet -c constraints/$*.txt -e ".[test]" -e ./$(PLUGIN)
	touch $@

test-%: $(VENV)-%/.installed system-deps
	mkdir -p var
	SEXMOT_RELEASE=$* SEXMOT_SQLITE_PATH=var/workbench-$*.db SEXMOT_SQLITE_TEST_PATH=var/test-$*.db \
	  SEXMOT_MYSQL_TEST_NAME=test_sexmot_$* $(VENV)-$*/bin/python -m pytest $(PARALLEL) $(RELEASE_TESTS)

test-releases: test-ulmo test-verawood

## Benchmarks against the peer XBlocks: prints a table, writes docs/performance.md (BENCH_QUICK=1: smoke run)
bench:
	sh bench/run.sh

## The README's screenshots from the course barn och unga, the group hour's included, from a real browser,
## into docs/screenshots/
screenshots: $(BIN)/.installed system-deps
	mkdir -p var
	SEXMOT_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_screenshots.py tests/test_course_group_hour_browser.py -q

clean:
	rm -rf $(VENV) $(VENV)-ulmo $(VENV)-verawood var dist build *.egg-info devtools/lint/node_modules
