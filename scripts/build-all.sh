#!/usr/bin/env bash
# Builds the gateway and every function to Wasm (skipping unchanged ones) and,
# with --sizes, prints each index_bg.wasm size raw and gzip-compressed.
source "$(dirname "$0")/lib.sh"

WORKERS=(gateway session chat delete-history export knowledge)
for w in "${WORKERS[@]}"; do
  say "building $w"
  "$ROOT/scripts/build-worker.sh" "$w"
done

if [ "${1:-}" = "--sizes" ]; then
  printf '%-16s %12s %12s\n' worker "raw bytes" "gzip bytes"
  for w in "${WORKERS[@]}"; do
    if [ "$w" = gateway ]; then dir="$ROOT/gateway"; else dir="$ROOT/functions/$w"; fi
    f="$dir/build/index_bg.wasm"
    [ -f "$f" ] || die "$f is missing after the build"
    printf '%-16s %12d %12d\n' "$w" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"
  done
fi
