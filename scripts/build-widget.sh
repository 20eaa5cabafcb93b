#!/usr/bin/env bash
# Builds public/widget.js (widget/build.mjs), type-checks widget/src, and
# prints the size raw and gzip. Fails when the budget of issue 7 is exceeded:
# 26 KB raw, 8 KB gzip.
source "$(dirname "$0")/lib.sh"

MAX_RAW=$((26 * 1024))
MAX_GZIP=$((8 * 1024))

[ -x "$ROOT/node_modules/.bin/esbuild" ] || die "esbuild is missing: run scripts/setup.sh (npm ci) first"
"$ROOT/node_modules/.bin/tsc" -p "$ROOT/widget/tsconfig.json" \
  || die "widget/src does not type-check (tsc -p widget/tsconfig.json)"
node "$ROOT/widget/build.mjs" || die "esbuild failed to build public/widget.js"

out="$ROOT/public/widget.js"
raw=$(wc -c < "$out")
gz=$(gzip -9 -c "$out" | wc -c)
printf 'public/widget.js  %6d bytes raw  %6d bytes gzip  (budget %d raw, %d gzip)\n' "$raw" "$gz" "$MAX_RAW" "$MAX_GZIP"
[ "$raw" -le "$MAX_RAW" ] || die "public/widget.js is $raw bytes raw, over the budget of $MAX_RAW"
[ "$gz" -le "$MAX_GZIP" ] || die "public/widget.js is $gz bytes gzip, over the budget of $MAX_GZIP"
