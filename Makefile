# The two commands of the README are `make demo` and `make test`; everything else is a step.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test
CARGO ?= cargo
NODE ?= node
# A file target whose recipe fails is deleted (no half-optimised wasm is ever taken as done).
.DELETE_ON_ERROR:

# The wasm build: one release cdylib, bound by the wasm-bindgen CLI of exactly the version of
# the wasm-bindgen crate in Cargo.lock, shrunk by the npm binaryen's wasm-opt (Debian's is old).
WASM_TARGET := wasm32-unknown-unknown
WASM_RAW := target/$(WASM_TARGET)/wasm-release/suitable.wasm
WASM_BOUND := target/wasm-bindgen/suitable_bg.wasm
# The second build in the same package, pkg/tooling/: the same crate with the product-team
# exports (`--features tooling`, for the catalogue playground), in a target dir of its own so
# that neither build overwrites the other's output.
TOOLING_TARGET_DIR := target/tooling
WASM_RAW_TOOLING := $(TOOLING_TARGET_DIR)/$(WASM_TARGET)/wasm-release/suitable.wasm
WASM_BOUND_TOOLING := target/wasm-bindgen-tooling/suitable_bg.wasm
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
WASM_OPT := node_modules/.bin/wasm-opt
# Every feature the Rust wasm32 target emits; without these wasm-opt refuses the module.
# -Os --converge rather than -Oz: 2 KB more raw but 0.9 KB less gzip, and gzip is what the
# budget counts and the network carries (BENCHMARKS.md has the comparison).
# -ocimfs 30: a function over 30 bytes with one caller stays a function. Inlined, its locals
# are renumbered into the caller's, so code that was byte-identical across functions no
# longer is and gzip finds fewer repeats: 122,397 -> 107,659 B gzip at opt-level "z"
# (+7.5 KB raw; recommend 0.40 -> 0.43 ms, load and eligibility unchanged).
WASM_OPT_FLAGS := -Os --converge -ocimfs 30 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue \
	--strip-debug --strip-producers --strip-target-features
# wasm-bindgen-test in Node (default) and in headless Chromium (WASM_BINDGEN_USE_BROWSER=1):
# the same tests/web.rs, no `run_in_browser`, so neither run is skipped.
# With the tooling exports, so their tests run too.
WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	$(CARGO) test --locked --target $(WASM_TARGET) --no-default-features --features tooling --test web
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver

.PHONY: test fmt-check clippy test-native bench golden \
	wasm-tools node-deps browser pkg pkg-build pkg-files size size-check test-wasm test-js bench-js

## Every test: format, lints, native tests (engine, CLI, conformance, goldens, properties,
## guide examples), then pkg/ with its size checked against the budget (pkg-config/budget.json),
## the wasm boundary in Node and Chromium, the JS tests over pkg/, and the widget's browser
## tests (keyboard flows in en/ru/zh, axe, CSP, failure states).
test: fmt-check clippy test-native size-check test-wasm test-js test-browser

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --locked --all-targets -- -D warnings

test-native:
	$(CARGO) test --locked

## Rewrite the golden advice files after an intended change (review the diff!).
golden:
	UPDATE_GOLDEN=1 $(CARGO) test --locked --test golden

## Criterion benchmarks (measurements, not tests).
bench:
	$(CARGO) bench --locked --bench engine

## Tools the wasm layers need, installed only when absent or of the wrong version.
wasm-tools:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@want='$(WASM_BINDGEN_VERSION)'; test -n "$$want" || { echo 'no wasm-bindgen in Cargo.lock' >&2; exit 1; }; \
	have=$$(wasm-bindgen --version 2>/dev/null | awk '{ print $$2 }' || true); \
	if [ "$$have" != "$$want" ]; then \
	  echo "wasm-bindgen-cli $$want needed (found '$$have'): installing"; \
	  $(CARGO) install wasm-bindgen-cli --version "$$want"; \
	fi

## npm ci when node_modules is missing or older than package-lock.json (never downloads a browser).
node-deps:
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then \
	  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && touch node_modules; \
	fi

## Debian's chromium and its driver, installed only when absent.
browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

## The npm package in pkg/: release wasm, wasm-bindgen, wasm-opt -Os, one ES module + one .wasm,
## and the same for the tooling build in pkg/tooling/ (the playground's engine).
## wasm-bindgen and wasm-opt (~25 s each) rerun only when the cargo output or the scripts changed.
pkg: pkg-build
	@$(NODE) scripts/size.mjs

pkg-build: wasm-tools node-deps
	$(CARGO) build --locked --profile wasm-release --target $(WASM_TARGET) --no-default-features --lib
	$(CARGO) build --locked --profile wasm-release --target $(WASM_TARGET) --no-default-features --features tooling \
	  --lib --target-dir $(TOOLING_TARGET_DIR)
	@for f in suitable.js suitable.d.ts suitable_bg.wasm README.md tooling/suitable.js tooling/suitable.d.ts tooling/suitable_bg.wasm; do \
	  [ -f pkg/$$f ] || rm -f pkg/package.json; \
	done
	@$(MAKE) --no-print-directory pkg-files

pkg-files: pkg/package.json
	@:

$(WASM_BOUND): $(WASM_RAW) Cargo.lock
	rm -rf $(@D) && mkdir -p $(@D)
	wasm-bindgen --target web --out-dir $(@D) --out-name suitable $(WASM_RAW)
	$(WASM_OPT) $(WASM_OPT_FLAGS) $@ -o $@

$(WASM_BOUND_TOOLING): $(WASM_RAW_TOOLING) Cargo.lock
	rm -rf $(@D) && mkdir -p $(@D)
	wasm-bindgen --target web --out-dir $(@D) --out-name suitable $(WASM_RAW_TOOLING)
	$(WASM_OPT) $(WASM_OPT_FLAGS) $@ -o $@

# package.json is written last, so it stands for the whole of pkg/.
pkg/package.json: $(WASM_BOUND) $(WASM_BOUND_TOOLING) scripts/build-pkg.mjs $(wildcard pkg-config/*) Cargo.toml
	$(NODE) scripts/build-pkg.mjs --from $(<D) --tooling-from $(dir $(WASM_BOUND_TOOLING)) --config pkg-config --out pkg

## Size of pkg/ (raw and gzip -9), printed and written to pkg/size.json; never fails.
size: pkg

## The same, failing when over the budget in pkg-config/budget.json.
size-check: pkg-build
	$(NODE) scripts/size.mjs --check

## tests/web.rs (wasm-bindgen-test) in Node, then in headless Chromium (webdriver.json).
test-wasm: wasm-tools browser
	$(WASM_TEST)
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$(CHROMEDRIVER) CHROMEDRIVER_ARGS=--silent \
	  WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/webdriver.json $(WASM_TEST)

## JS tests (node --test) over the built pkg/, against the native CLI's output.
test-js: pkg
	$(CARGO) build --locked --bin suitable
	$(NODE) --test tests/js/

## Side-by-side benchmark in Node and headless Chromium (not a test); writes bench/out/results.json.
bench-js: pkg browser
	$(CARGO) build --locked --bin suitable
	$(NODE) bench/bench.mjs

## ---- The widget (www/): demo server and browser tests --------------------------------------
.PHONY: demo serve test-browser playground
DEMO_PORT ?= 8080

## The catalogue playground's editor bundle (CodeMirror 6, esbuild) and persona list, in
## target/playground/ (served at /playground/); rebuilt when its sources change.
playground: node-deps
	@$(MAKE) --no-print-directory target/playground/editor.js

target/playground/editor.js: www/playground-editor.js scripts/build-playground.mjs package-lock.json $(wildcard test-data/personas/*.json)
	$(NODE) scripts/build-playground.mjs --out target/playground

## Build pkg/ and the playground bundle (installing the wasm tools and node deps when needed),
## then serve the demo: www/ (the internet-banking page, the mobile-webview page and the catalogue
## playground), pkg/ and the sample catalogue, on http://127.0.0.1:$(DEMO_PORT) under the bank
## Content-Security-Policy. Foreground; Ctrl-C stops it.
demo: pkg playground
	@$(MAKE) --no-print-directory serve

## The same server without building first (pkg/ must exist).
serve:
	$(NODE) www/server.mjs --host 127.0.0.1 --port $(DEMO_PORT)

## The widget in Debian's chromium (playwright-core, never a downloaded browser) with axe-core:
## keyboard-only flows in en/ru/zh at 360x740 and 1280x800, failure states, CSP, request log,
## reflow, timings with the CPU throttled 4x; and the catalogue playground (live validation,
## persona advice, rule tester, impact report, axe, CSP). Screenshots go to tests/artifacts/browser/.
## A CJK font is installed when none is present (only the zh screenshots need it).
test-browser: pkg playground browser
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-wqy-zenhei; } >/dev/null 2>&1 || \
	  echo 'no CJK font could be installed: the zh screenshots will show boxes (the tests do not depend on it)'; }
	$(NODE) --test --test-concurrency=1 --test-timeout=300000 tests/browser/

## ---- Impact report benchmark (a measurement, not a test; see BENCHMARKS.md) -----------------
.PHONY: bench-impact
BENCH_IMPACT_DIR := target/bench-impact
BENCH_IMPACT_PERSONAS ?= 100000

## `suitable impact` over 100,000 personas (seed 7), release build, all cores: the sample
## catalogue, then a generated 1,000-product catalogue, each against a copy with its first R2
## product raised to R4. Prints the wall time and personas per second of each run.
bench-impact:
	$(CARGO) build --locked --release --bin suitable
	@mkdir -p $(BENCH_IMPACT_DIR)
	@bin=target/release/suitable; d=$(BENCH_IMPACT_DIR); n=$(BENCH_IMPACT_PERSONAS); \
	echo "machine: $$(nproc) cores, $$(lscpu | sed -n 's/^Model name: *//p' | head -1)"; \
	$$bin personas --catalogue test-data/catalogue.json --count $$n --seed 7 > $$d/personas.jsonl; \
	cp test-data/catalogue.json $$d/sample.json; \
	$$bin synth-catalogue --base test-data/catalogue.json --products 1000 --seed 7 > $$d/products-1000.json; \
	for c in sample products-1000; do \
	  sed '0,/"riskLevel": "R2"/s//"riskLevel": "R4"/' $$d/$$c.json > $$d/$$c-head.json; \
	  if cmp -s $$d/$$c.json $$d/$$c-head.json; then echo "no R2 product in $$c" >&2; exit 1; fi; \
	  start=$$(date +%s.%N); \
	  $$bin impact --base $$d/$$c.json --head $$d/$$c-head.json --personas $$d/personas.jsonl \
	    --format json > $$d/$$c-report.json; \
	  end=$$(date +%s.%N); \
	  awk -v n=$$n -v s=$$start -v e=$$end -v c=$$c 'BEGIN { t = e - s; \
	    printf "impact %s: %d personas in %.2f s, %.0f personas/s\n", c, n, t, n / t }'; \
	done
