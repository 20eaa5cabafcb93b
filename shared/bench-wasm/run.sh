#!/usr/bin/env bash
# Builds the guard pipeline for wasm32 (Workers' size-first release profile),
# runs it under node and prints speed and size figures for docs/benchmarks.md.
#
#   shared/bench-wasm/run.sh
#
# Needs: rustup target wasm32-unknown-unknown, node >= 18, wasm-bindgen CLI
# 0.2.130 ($WASM_BINDGEN_BIN or ~/.cache/mignuti/tools/bin/wasm-bindgen),
# optionally wasm-opt ($WASM_OPT_BIN) to report optimised sizes too.
set -euo pipefail
# A relative WASM_OPT_BIN / WASM_BINDGEN_BIN means relative to where the
# script was started (e.g. the workspace root), not to this directory.
for var in WASM_OPT_BIN WASM_BINDGEN_BIN; do
  if [[ -n "${!var:-}" && "${!var}" != /* ]]; then
    printf -v "$var" '%s' "$PWD/${!var}"
  fi
done
cd "$(dirname "$0")"
BINDGEN=${WASM_BINDGEN_BIN:-$HOME/.cache/mignuti/tools/bin/wasm-bindgen}
# Under the main workspace's ignored target/ directory, or under
# $CARGO_TARGET_DIR when that is set.
TARGET_DIR=${CARGO_TARGET_DIR:-$(pwd)/../../target}/bench-wasm
OUT=$TARGET_DIR/out
mkdir -p "$OUT"

size_line() {
  local f=$1
  printf '%-28s %9d bytes  gzip -9: %8d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"
}

for variant in baseline guards all; do
  case $variant in
    baseline) features=(--features baseline) ;;
    guards) features=() ;;
    all) features=(--features all) ;;
  esac
  cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$TARGET_DIR" "${features[@]}"
  "$BINDGEN" --target nodejs --out-dir "$OUT/pkg-$variant" \
    "$TARGET_DIR/wasm32-unknown-unknown/release/mignuti_bench_wasm.wasm"
  wasm="$OUT/pkg-$variant/mignuti_bench_wasm_bg.wasm"
  if [[ -n "${WASM_OPT_BIN:-}" ]]; then
    "$WASM_OPT_BIN" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      "$wasm" -o "$OUT/$variant.opt.wasm"
  fi
  cp "$wasm" "$OUT/$variant.wasm"
done

echo "== size (after wasm-bindgen) =="
for variant in baseline guards all; do
  size_line "$OUT/$variant.wasm"
  [[ -f "$OUT/$variant.opt.wasm" ]] && size_line "$OUT/$variant.opt.wasm"
done
base=$(gzip -9 -c "$OUT/baseline.wasm" | wc -c)
guards=$(gzip -9 -c "$OUT/guards.wasm" | wc -c)
all=$(gzip -9 -c "$OUT/all.wasm" | wc -c)
echo "added by the guard pipeline (gzip): $((guards - base)) bytes; with JWT, envelope, canary: $((all - base)) bytes"

echo "== cold start, 5 fresh node processes =="
for _ in 1 2 3 4 5; do node run.mjs "$OUT/pkg-guards" --cold-only; done
echo "== speed =="
node run.mjs "$OUT/pkg-guards"
