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
# ch01 ch02 ...: one explicit target per chapter (a bare `ch%` pattern would also match any file named ch*).
CHAPTER_TARGETS := $(foreach dir,$(CHAPTER_DIRS),ch$(firstword $(subst -, ,$(notdir $(dir)))))

.PHONY: help install build typecheck lint test test-core test-chapters test-docs test-exercises test-faults soak exercise progress demo bench clean ensure-chromium ensure-systemd-analyze $(CHAPTER_TARGETS)

help:
	@echo "make demo   the crash-and-recover demo: one bad route under node, supervisor, nodemon, pm2 and naught-core"
	@echo "make test   typecheck, lint and run every test"
	@echo "make build  compile naught-core to JavaScript"
	@echo "make bench  measure naught-core against pm2, naught 1.6.0 and a bare cluster (about 20 min; BENCH_QUICK=1: about 2 min)"
	@echo "make ch01   run chapter 1's examples (ch02, ch03, ...)"
	@echo "make exercise 3   check your work on exercise 3 (or: npm run exercise -- 3)"
	@echo "make progress     list which exercises pass"
	@echo "make test-faults  naught-core under injected faults (kills, crash loops, hostile ipc, full disk)"
	@echo "make soak   30 minutes of deploys under load, reporting failed requests and the manager's RSS"

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

# After the build: chapters import 'naught-core', whose declarations the build writes.
typecheck: build
	node_modules/.bin/tsc -p tsconfig.json --noEmit

lint: $(NPM_STAMP)
	node_modules/.bin/eslint --max-warnings 0 .

test-core: build
	$(MOCHA) --config naught-core/.mocharc.json 'naught-core/test/**/*.test.ts'

# Chapter 4's tests open pages in a real headless Chromium (Debian's package);
# installed as root with apt-get when missing.
ensure-chromium:
	@command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)

# Chapter 6's tests check a systemd unit with `systemd-analyze verify` (Debian's
# systemd package; systemd need not be running). Installed as root with apt-get when missing.
ensure-systemd-analyze:
	@command -v systemd-analyze >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends systemd)

# Every chapter's tests: its examples run for real and its deploy walkthrough is executed.
test-chapters: build ensure-chromium ensure-systemd-analyze
	@if [ -n "$(CHAPTER_DIRS)" ]; then $(MOCHA) --config chapters/.mocharc.json 'chapters/[0-9][0-9]-*/test/**/*.test.ts'; fi

# make ch01, make ch02, ...: run a chapter's examples (its run.ts, or each examples/*.ts in order).
$(CHAPTER_TARGETS): ch%: build
	@dir="$$(ls -d chapters/$*-* 2>/dev/null | head -n 1)"; \
	if [ -z "$$dir" ]; then echo "no chapter $* in chapters/"; exit 1; fi; \
	if [ -f "$$dir/run.ts" ]; then $(TSX) "$$dir/run.ts"; \
	else for example in "$$dir"/examples/*.ts; do echo "== $$example"; $(TSX) "$$example" || exit 1; done; fi

# Every ```sh check block of docs/*.md runs here, and every ```sh block of docs/ and the chapters is accounted for.
test-docs: build ensure-systemd-analyze
	$(MOCHA) --config docs/walkthroughs/.mocharc.json 'docs/walkthroughs/test/**/*.test.ts'

# CI's proof for the exercises: every reference solution passes its checks and every starter fails them.
test-exercises: build ensure-chromium ensure-systemd-analyze
	$(MOCHA) --config exercises/.mocharc.json 'exercises/runner/test/**/*.test.ts'
	$(TSX) exercises/runner/main.ts verify

# make exercise 3 (or make exercise N=3): the learner's checks for one exercise.
EXERCISE_NUMBER := $(or $(N),$(firstword $(filter-out exercise,$(MAKECMDGOALS))))
exercise: build ensure-chromium ensure-systemd-analyze
	@$(TSX) exercises/runner/main.ts check $(EXERCISE_NUMBER)

progress: build ensure-chromium ensure-systemd-analyze
	@$(TSX) exercises/runner/main.ts progress

# `make exercise 3`: the number is a goal of its own; this rule keeps make from looking for a file named 3.
ifeq ($(firstword $(MAKECMDGOALS)),exercise)
$(filter-out exercise,$(MAKECMDGOALS)):
	@:
endif

test: typecheck lint test-core test-chapters test-docs test-exercises

# Also run by CI (.ci/run), after make test: kills, crash loops, racing commands,
# hostile ipc input, another user, a full disk. Prints the summary docs/reliability.md quotes.
test-faults: build
	rm -f naught-core/test-faults/.results/outcomes.jsonl
	$(MOCHA) --config naught-core/test-faults/.mocharc.json 'naught-core/test-faults/**/*.test.ts'
	$(TSX) naught-core/test-faults/summarize.ts

# Not in CI: SOAK_MINUTES (default 30) of deploys every 10 s under load.
soak: build
	$(TSX) naught-core/test-faults/soak.ts

demo: build
	node_modules/.bin/tsx chapters/05-crash-demo/demo/run-demo.ts

# Not part of `make test`: writes docs/benchmarks.md, docs/benchmarks/results.json and the
# SVG charts (see naught-core/bench/config.ts for BENCH_QUICK=1 and the other variables).
bench: build
	$(TSX) naught-core/bench/main.ts

clean:
	rm -rf naught-core/dist
