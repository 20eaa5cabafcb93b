#!/usr/bin/env bash
# Builds one worker crate to Wasm with worker-build, offline: wasm-bindgen,
# wasm-opt and esbuild come from the setup cache and node_modules instead of
# worker-build's downloads from GitHub.
#
#   scripts/build-worker.sh <gateway|session|chat|delete-history|export|knowledge> [--force]
#
# Also the `[build] command` of every wrangler.toml, so `wrangler dev` and
# `wrangler deploy` build the same way. Skips the build when nothing the
# crate depends on changed since the last one.
source "$(dirname "$0")/lib.sh"

name="${1:-}"; force="${2:-}"
case "$name" in
  gateway) dir="$ROOT/gateway" ;;
  session|chat|delete-history|export|knowledge) dir="$ROOT/functions/$name" ;;
  *) die "usage: scripts/build-worker.sh <gateway|session|chat|delete-history|export|knowledge> [--force]" ;;
esac

export WASM_BINDGEN_BIN="$TOOLS/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"
[ -x "$TOOLS/bin/worker-build" ] || die "worker-build is not installed; run 'make setup'"
[ -x "$WASM_BINDGEN_BIN" ] || die "wasm-bindgen is not installed; run 'make setup'"
[ -x "$WASM_OPT_BIN" ] || die "wasm-opt (npm binaryen) is missing; run 'make setup'"

out="$dir/build/index.js"
# Set by scripts that built everything just before starting wrangler, whose
# [build] commands would otherwise check every crate again.
if [ "${MIGNUTI_PREBUILT:-}" = 1 ] && [ -f "$out" ]; then exit 0; fi
if [ "$force" != "--force" ] && [ -f "$out" ] && [ -f "$dir/build/index_bg.wasm" ]; then
  newer=$(find "$dir/src" "$dir/Cargo.toml" "$ROOT/shared/src" "$ROOT/shared/Cargo.toml" \
            "$ROOT/edge/src" "$ROOT/edge/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/Cargo.toml" \
            -newer "$out" -print -quit 2>/dev/null)
  [ -z "$newer" ] && exit 0
fi

cd "$dir"
"$TOOLS/bin/worker-build" --release >"$ROOT/.local/build-$name.log" 2>&1 \
  || { tail -n 30 "$ROOT/.local/build-$name.log" >&2; die "building $name to Wasm failed (full log: .local/build-$name.log)"; }
touch "$out"
