# The README's two commands are `make demo` and `make test`; both install and
# build what is missing, so they work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_STAMP := node_modules/.install-stamp
CORE_BUILD_STAMP := naught-core/dist/.build-stamp
CORE_SOURCES := $(shell find naught-core/src -name '*.ts' 2>/dev/null)
MOCHA := node_modules/.bin/mocha
TSX := node_modules/.bin/tsx
CHAPTER_DIRS := $(sort $(wildcard chapters/[0-9][0-9]-*))

.PHONY: help install build typecheck lint test test-core test-chapters demo clean ensure-chromium

help:
	@echo "make demo   start a sample server under naught-core, deploy a change, stop"
	@echo "make test   typecheck, lint and run every test"
	@echo "make build  compile naught-core to JavaScript"
	@echo "make ch01   run chapter 1's examples (ch02, ch03, ...)"

$(NPM_STAMP): package.json package-lock.json naught-core/package.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(NPM_STAMP)

$(CORE_BUILD_STAMP): $(NPM_STAMP) $(CORE_SOURCES) naught-core/tsconfig.json tsconfig.json
	node_modules/.bin/tsc -b naught-core
	chmod +x naught-core/dist/cli/main.js
	@# npm links a workspace's bin only if its target exists; on a fresh clone npm ci runs before this build.
	npm rebuild naught-core --ignore-scripts --no-audit --no-fund >/dev/null
	@touch $@

build: $(CORE_BUILD_STAMP)

typecheck: $(NPM_STAMP)
	node_modules/.bin/tsc -p tsconfig.json --noEmit

lint: $(NPM_STAMP)
	node_modules/.bin/eslint --max-warnings 0 .

test-core: build
	$(MOCHA) --config naught-core/.mocharc.json 'naught-core/test/**/*.test.ts'

# Chapter 4's tests open pages in a real headless Chromium (Debian's package);
# installed as root with apt-get when missing.
ensure-chromium:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)

# Every chapter's tests: its examples run for real and its deploy walkthrough is executed.
test-chapters: build ensure-chromium
	@if [ -n "$(CHAPTER_DIRS)" ]; then $(MOCHA) --config chapters/.mocharc.json 'chapters/[0-9][0-9]-*/test/**/*.test.ts'; fi

# make ch01, make ch02, ...: run a chapter's examples (its run.ts, or each examples/*.ts in order).
ch%: build
	@dir="$$(ls -d chapters/$*-* 2>/dev/null | head -n 1)"; \
	if [ -z "$$dir" ]; then echo "no chapter $* in chapters/"; exit 1; fi; \
	if [ -f "$$dir/run.ts" ]; then $(TSX) "$$dir/run.ts"; \
	else for example in "$$dir"/examples/*.ts; do echo "== $$example"; $(TSX) "$$example" || exit 1; done; fi

test: typecheck lint test-core test-chapters

demo: build
	node_modules/.bin/tsx naught-core/examples/demo/run-demo.ts

clean:
	rm -rf naught-core/dist
