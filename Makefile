# chatt2me-wasm: the two front-door commands are `make demo` (the main job, end to end) and
# `make test` (everything). Each installs what it needs on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_TOOLS := node_modules/.bin/tsc

.PHONY: help build demo test test-rust test-js test-www test-runtimes test-queue test-bench test-fuzz lint release-check standin www bench fuzz clean

help:
	@echo "make demo    build, start the stand-in API and a webhook receiver, send one message of each kind"
	@echo "make test    fmt, clippy (host + wasm32), native tests, JS tests on pkg/, type checks, runtimes"
	@echo "make build   build pkg/ (the npm package)"
	@echo "make standin run the local stand-in of the Hub API"
	@echo "make www     serve the demo page with the stand-in"
	@echo "make bench   speed and size, side by side with the alternatives"
	@echo "make release-check  what npm and crates.io would get: file lists, publint, attw, dry-run publishes"

$(NODE_TOOLS):
	npm ci --no-audit --no-fund

build: $(NODE_TOOLS)
	@time ./scripts/build.sh

pkg/node.js:
	./scripts/build.sh

demo: $(NODE_TOOLS) pkg/node.js
	node scripts/demo.mjs

standin: $(NODE_TOOLS)
	node standin/server.mjs

www: $(NODE_TOOLS) pkg/node.js
	node www/serve.mjs

test-www: $(NODE_TOOLS) pkg/node.js
	node www/test/e2e.mjs

# The packed package in every runtime: Node ESM/CJS, TypeScript, workerd, Chromium (Vite,
# webpack, no bundler), Deno; plus publint and attw.
test-runtimes: $(NODE_TOOLS) pkg/node.js
	node tests/runtimes/run.mjs

# examples/worker-queue at scale in workerd (Miniflare): bundled by its own `npm run build`,
# 1,000 signed deliveries from the stand-in (10 % re-deliveries, 5 % 503s on the replies), every
# message answered exactly once; prints the fetch p50/p99 and the consumer's throughput.
test-queue: $(NODE_TOOLS) pkg/node.js
	node tests/runtimes/queue.mjs

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --example typescript --features typescript -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

test-rust:
	cargo test --workspace --quiet
	cargo run --quiet --example quickstart > /dev/null

# What a release would publish, without publishing (scripts/release-check.mjs).
release-check: $(NODE_TOOLS) pkg/node.js
	node scripts/release-check.mjs

tests/js/node_modules: tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund

# Two test files at a time: node's default on two cores is one, and the suites mostly wait on
# loopback servers (70 s one at a time, 35 s two at a time).
test-js: pkg/node.js tests/js/node_modules
	node --test --test-concurrency=2 tests/js/
	node_modules/.bin/tsc -p tests/types/tsconfig.json

test: $(NODE_TOOLS)
	./scripts/build.sh
	$(MAKE) lint
	$(MAKE) test-rust
	$(MAKE) release-check
	$(MAKE) test-js
	$(MAKE) test-www
	$(MAKE) test-runtimes
	$(MAKE) test-queue
	$(MAKE) test-bench
	$(MAKE) test-fuzz

# Speed and size side by side with JSON.parse, zod, valibot, ajv; writes bench/RESULTS.md.
bench: $(NODE_TOOLS) pkg/node.js
	node bench/run.mjs

# The benchmark harness in quick mode: few iterations, no timing verdicts, fails only if broken.
test-bench: $(NODE_TOOLS) pkg/node.js
	node bench/run.mjs --quick

# Fuzzing smoke: every target (webhook parser, signature check, send validator) for a few seconds.
test-fuzz:
	./fuzz/smoke.sh 15

clean:
	rm -rf pkg target node_modules
