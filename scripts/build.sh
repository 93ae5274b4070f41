#!/usr/bin/env bash
# Builds pkg/: the npm package chatt2me-wasm (one .wasm, an entry per runtime, .d.ts).
# Installs what it needs on a fresh machine: the wasm32 target, the wasm-bindgen code generator
# (tools/bindgen) pinned to the crate's exact wasm-bindgen version, and wasm-opt (npm `binaryen`).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m (%ss)\n' "$*" "$SECONDS" >&2; }
out=target/pkg.tmp


if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen's code generation, from the in-repo tool on `wasm-bindgen-cli-support` (the library
# the CLI wraps), built once per clone in the dev profile. Its pin must equal the wasm-bindgen
# crate in Cargo.lock: the generated glue and the module's schema must agree.
cargo generate-lockfile --offline >/dev/null 2>&1 || [ -f Cargo.lock ] || cargo generate-lockfile
lock_version() { awk -v name="$2" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$1"; }
want=$(lock_version Cargo.lock wasm-bindgen)
tool=$(lock_version tools/bindgen/Cargo.lock wasm-bindgen-cli-support)
if [ "$want" != "$tool" ]; then
  echo "wasm-bindgen $want in Cargo.lock, but tools/bindgen pins wasm-bindgen-cli-support ${tool:-(none)}:" \
    "set the same exact version in tools/bindgen/Cargo.toml" >&2
  exit 1
fi
bindgen=tools/bindgen/target/debug/chatt2me-bindgen

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] || [ ! -x node_modules/.bin/esbuild ]; then
  log "installing npm dev tools (binaryen, typescript, ...)"
  npm ci --no-audit --no-fund
fi

# Three compilations: the tool, the native build that prints the TypeScript declarations (its
# own target directory, so that it does not wait for the wasm build's lock) and the wasm module.
# The first two run in the background: on two cores they fill the time the wasm build spends in
# its single-threaded link-time optimisation.
side=target/build.side && rm -rf "$side" && mkdir -p "$side"
log "wasm-bindgen tool ($want) and TypeScript declarations, in the background"
cargo build --quiet --locked --manifest-path tools/bindgen/Cargo.toml >"$side/bindgen.log" 2>&1 &
bindgen_job=$!
cargo run --quiet --example typescript --features typescript --target-dir target/types \
  >"$side/chatt2me_wasm.d.ts" 2>"$side/types.log" &
types_job=$!
# Waits for a background step; shows its output and stops the build if it failed.
await() { if ! wait "$1"; then cat "$2" >&2; echo "build.sh: $3 failed" >&2; exit 1; fi; }

# The module is crates/module: the library's sources compiled as four crates, each at its own
# optimisation level (Cargo.toml, the profile; bench/README.md, "Measured choices").
log "cargo build --release --target wasm32-unknown-unknown -p chatt2me-module"
cargo build --quiet --release --target wasm32-unknown-unknown -p chatt2me-module --lib
await "$bindgen_job" "$side/bindgen.log" "building tools/bindgen"

# Assembled next to pkg/ and swapped in at the end, so pkg/ is never half-built.
rm -rf "$out" && mkdir -p "$out"
log "wasm-bindgen"
"$bindgen" target/wasm32-unknown-unknown/release/chatt2me_module.wasm "$out" chatt2me_wasm

# The declarations of the types that cross to JS, generated from the Rust types by tsify in a
# native build (examples/typescript.rs). They replace the glue's own declarations, whose
# signatures take `any` and name DOM-only and ESNext types (RequestInfo, Symbol.dispose) that
# break Node TypeScript projects; index.d.ts declares what users call, on these types.
log "TypeScript declarations of the Rust types"
await "$types_job" "$side/types.log" "examples/typescript.rs"
cp "$side/chatt2me_wasm.d.ts" "$out/chatt2me_wasm.d.ts"
# The builders of the webhook events and send results from the arrays of their values
# (js/events.js), generated from the same Rust types by the same (already built) example, which
# fails if a type has none.
log "event builders from the Rust types"
cargo run --quiet --example typescript --features typescript --target-dir target/types -- builders \
  >"$side/builders.js"

log "wasm-opt"
# -Oz: size first (the budget is 160 KiB gzip per entry; bench/README.md). --low-memory-unused
# lets loads and stores fold constant offsets: Rust's stack fills the module's lowest megabyte
# from the top down, so the first KiB is reached only by a stack about to overflow.
# Not --ignore-implicit-traps: it lets the optimizer move loads past the checks that guard them
# (with --flatten --rereloop it made a module that traps on parseWebhook), for 16 bytes here.
# --gufa-optimizing: a whole-module analysis of the values each location can hold, which finds
# constants and dead code -Oz alone does not (155 B gzip).
node_modules/.bin/wasm-opt "$out/chatt2me_wasm_bg.wasm" -o "$out/chatt2me_wasm_bg.wasm" \
  -Oz --gufa-optimizing --converge --low-memory-unused --strip-debug --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue

log "package files"
# The glue imports the error classes and the event hydration (errors.js, events.js, which the
# Rust core calls through `#[wasm_bindgen(raw_module)]`); the three become one module, which
# also exports the error classes, so every entry and the core share one copy of each class.
# queue.js (reviveWebhookEvent) joins it, for the same reason: its errors are those classes.
src="$out/src" && mkdir -p "$src" && cp js/*.js "$side/builders.js" "$src/" && mv "$out/chatt2me_wasm.js" "$src/"
printf 'export * from "./chatt2me_wasm.js";\nexport * from "./errors.js";\nexport * from "./queue.js";\n' > "$src/glue.js"
node_modules/.bin/esbuild "$src/glue.js" --bundle --format=esm --platform=neutral \
  --target=es2022 --minify --log-level=warning '--external:*.wasm' --outfile="$out/chatt2me_wasm.js"
# Each runtime entry gets entry.js inlined and imports the glue beside it: two modules to load.
node_modules/.bin/esbuild "$src"/{node,workerd,browser,deno,web}.js \
  --bundle --format=esm --platform=neutral --target=es2022 --outdir="$out" \
  --external:node:fs '--external:*.wasm' --external:./chatt2me_wasm.js \
  --minify-whitespace --minify-syntax --log-level=warning
rm -rf "$src" "$side"
# The command line (package.json `bin`) is not bundled: it imports the Node entry beside it.
cp js/cli.js "$out/cli.js" && chmod 755 "$out/cli.js"
cp js/*.d.ts js/*.cjs "$out/"
# The same declarations for CommonJS consumers (the `require` condition): TypeScript reads a
# `.d.ts` in a "type": "module" package as an ES module, which a CommonJS file cannot import.
sed 's|"\./chatt2me_wasm\.js"|"./chatt2me_wasm.cjs"|' "$out/index.d.ts" > "$out/index.d.cts"
cp "$out/chatt2me_wasm.d.ts" "$out/chatt2me_wasm.d.cts"
sed 's|"\./index\.js"|"./index.cjs"|' "$out/web.d.ts" > "$out/web.d.cts"
cp README.md CHANGELOG.md LICENSE "$out/"
rm -f "$out/.gitignore"
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed "s/__VERSION__/$version/" js/package.json > "$out/package.json"
rm -rf pkg.old && { [ ! -d pkg ] || mv pkg pkg.old; } && mv "$out" pkg && rm -rf pkg.old

raw=$(wc -c < pkg/chatt2me_wasm_bg.wasm)
gz=$(gzip -9 -c pkg/chatt2me_wasm_bg.wasm | wc -c)
printf 'pkg/chatt2me_wasm_bg.wasm: %s bytes raw, %s bytes gzip\n' "$raw" "$gz"
