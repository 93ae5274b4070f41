#!/usr/bin/env bash
# Fuzzing smoke run (issue #7): installs what is missing (a nightly toolchain, cargo-fuzz),
# seeds the corpora from tests/fixtures, builds, and runs every target for N seconds.
# Usage: fuzz/smoke.sh [seconds per target, default 20] [target ...]
# A crash stops the run with a non-zero exit; the input is in fuzz/artifacts/<target>/.
# Reproduce: cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<crash-file>
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SECS="${1:-20}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(webhook_parse signature_verify send_validate)

if ! command -v rustup >/dev/null 2>&1; then
  echo "fuzz/smoke.sh: rustup is required (https://rustup.rs)" >&2
  exit 1
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

fuzz/seed.sh
start=$(date +%s)
cargo +nightly fuzz build
echo "fuzz/smoke.sh: build took $(($(date +%s) - start)) s"

LOGS="$ROOT/fuzz/artifacts/logs"
mkdir -p "$LOGS"
for t in "${TARGETS[@]}"; do
  echo "== $t: ${SECS} s (log: fuzz/artifacts/logs/$t.log)"
  # -max_len 65536: bodies beyond libFuzzer's 4 KiB default reach the size-dependent paths.
  rc=0
  cargo +nightly fuzz run "$t" -- \
    -max_total_time="$SECS" -max_len=65536 -dict=fuzz/dict/json.dict -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=2048 >"$LOGS/$t.log" 2>&1 || rc=$?
  grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$LOGS/$t.log" || true
  if [ "$rc" -ne 0 ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written|Reproduce|cargo fuzz run' "$LOGS/$t.log" | head -20 >&2 || true
    echo "fuzz/smoke.sh: $t FAILED (exit $rc); the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
echo "fuzz/smoke.sh: all targets passed (${SECS} s each)"
