# The two commands of the README are `make demo` and `make test`; everything else is a step.
SHELL := /bin/bash
.DEFAULT_GOAL := test
CARGO ?= cargo

.PHONY: test fmt-check clippy test-native bench golden

## Every test: format, lints, native tests (engine, CLI, conformance, goldens, properties).
test: fmt-check clippy test-native

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
