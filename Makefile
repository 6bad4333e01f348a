# Build and run entry points. CMake presets (CMakePresets.json) hold the build configuration;
# this file only sequences the steps. Targets run one after another, never in parallel.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.NOTPARALLEL:
.DEFAULT_GOAL := help

# ccache keys on paths relative to the checkout, so another clone of the same sources (CI) reuses
# the compiled objects instead of rebuilding everything.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

ANXIN    := ./build/release/src/cli/anxin
DATA_DIR := data
LISTEN   := 127.0.0.1:8080

# The web UI (web/) is built with the anxin binary of a preset: its OpenAPI document types the API
# client. `make web` uses the release preset, `make web PRESET=dev` the dev one; run and test pick
# theirs. WEB_ANXIN may name another binary.
PRESET    ?= release
WEB_ANXIN ?= $(CURDIR)/build/$(PRESET)/src/cli/anxin

.PHONY: help deps build-release build-dev web run test bench format lint clean

help:
	@echo "make run            install what is missing, build (release), load demo data, serve http://$(LISTEN)"
	@echo "make test           build with sanitizers (dev preset) and run every test suite"
	@echo "make bench          build (release) and run the benchmarks"
	@echo "make format | lint  clang-format the sources | clang-tidy the sources"
	@echo "make web            build the web UI into web/dist (PRESET=release|dev picks the anxin binary)"
	@echo "make deps | build-dev | build-release | clean"

deps:
	@bash scripts/install-deps.sh

# The release build of `make run` is the server alone (the web UI is built by `make web`): no test or
# benchmark target, so a first start compiles as little as possible. `make bench` adds the benchmarks.
RELEASE_TARGETS ?= anxin

build-release:
	@if [ ! -f build/release/build.ninja ]; then cmake --preset release; fi
	cmake --build --preset release --target $(RELEASE_TARGETS)

build-dev:
	@if [ ! -f build/dev/build.ninja ]; then cmake --preset dev; fi
	cmake --build --preset dev

# Standalone `make web` builds its preset first; run and test list their build before web.
web: $(if $(filter web,$(MAKECMDGOALS)),build-$(PRESET))
	@if [ ! -d web/node_modules ]; then echo "web/node_modules is missing: run make deps" >&2; exit 1; fi
	cd web && ANXIN_BIN="$(WEB_ANXIN)" npm run --silent build

run: PRESET := release
run:
	@bash scripts/timed.sh "install what is missing" $(MAKE) --no-print-directory deps
	@bash scripts/timed.sh "build the server (release)" $(MAKE) --no-print-directory build-release
	@bash scripts/timed.sh "build the web UI" $(MAKE) --no-print-directory web PRESET=release
	@bash scripts/timed.sh "load the demo data" $(ANXIN) demo --data-dir $(DATA_DIR)
	@echo
	@echo "================================================================"
	@echo "  anxin is starting at http://$(LISTEN)"
	@echo "  Demo logins: see the lines printed by \`anxin demo\` above"
	@echo "  Stop with Ctrl-C"
	@echo "================================================================"
	@echo
	exec $(ANXIN) serve --data-dir $(DATA_DIR) --listen $(LISTEN)

test: PRESET := dev
test: deps build-dev web
	ctest --preset dev --output-on-failure -j2 --timeout 900

bench: RELEASE_TARGETS := anxin anxin_benchmarks
bench: deps build-release
	@found=0; \
	for b in build/release/bench/bench_*; do \
	  [[ -f $$b && -x $$b ]] || continue; \
	  found=1; \
	  echo "==> $$b"; \
	  "$$b"; \
	done; \
	if (( found == 0 )); then echo "no benchmark executables in build/release/bench"; fi
	@if [ -f scripts/web-budget.mjs ]; then echo "==> scripts/web-budget.mjs"; node scripts/web-budget.mjs; fi

format:
	@git ls-files -z --cached --others --exclude-standard -- \
	  'src/*.cpp' 'src/*.hpp' 'bench/*.cpp' 'bench/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
	  | xargs -0 -r clang-format -i
	@bash scripts/check-format.sh

lint: deps
	@if [ ! -f build/dev/compile_commands.json ]; then $(MAKE) --no-print-directory build-dev; fi
	@if command -v run-clang-tidy >/dev/null; then \
	  run-clang-tidy -quiet -p build/dev '$(CURDIR)/src/'; \
	else \
	  git ls-files -z -- 'src/*.cpp' | xargs -0 -r clang-tidy --quiet -p build/dev; \
	fi

clean:
	rm -rf build
