#!/usr/bin/env bash
# `make test` (and .ci/run): every test layer, in order of cost. Stops at the
# first failing layer; stops what it started (edge, and Postgres if it was
# not already running) on the way out.
source "$(dirname "$0")/lib.sh"

layer() { printf '\n\033[1;34m### %s\033[0m\n' "$*" >&2; }

"$ROOT/scripts/setup.sh"

TEST_EDGE_PORT="${MIGNUTI_TEST_EDGE_PORT:-8797}"
started_db=0
cleanup() {
  MIGNUTI_EDGE_PORT="$TEST_EDGE_PORT" "$ROOT/scripts/edge.sh" stop || true
  if [ "$started_db" = 1 ]; then "$ROOT/scripts/db.sh" stop || true; fi
}
trap cleanup EXIT

cd "$ROOT"
layer "format (cargo fmt --check)"
cargo fmt --all --check

layer "lints (cargo clippy --all-targets -D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

layer "native unit and integration tests (incl. the PyJWT cross-check, .local/venv-jwt)"
cargo test --workspace --quiet

layer "Wasm build of every worker"
"$ROOT/scripts/build-all.sh" --sizes

layer "widget build and size budget (public/widget.js <= 26 KB raw, 8 KB gzip)"
"$ROOT/scripts/build-widget.sh"

layer "database tests (local Postgres 18 + pgvector)"
"$ROOT/scripts/db.sh" status || started_db=1
"$ROOT/scripts/db.sh" start
"$ROOT/tests/seed-idempotent.sh"
"$ROOT/scripts/test-db.sh"

layer "end-to-end tests (wrangler dev on :$TEST_EDGE_PORT)"
MIGNUTI_PREBUILT=1 MIGNUTI_EDGE_PORT="$TEST_EDGE_PORT" "$ROOT/scripts/edge.sh" start
EDGE_URL="http://127.0.0.1:$TEST_EDGE_PORT" node --test --test-concurrency=1 "$ROOT"/tests/fake-llm/*.test.mjs "$ROOT"/tests/e2e/*.test.mjs

layer "widget tests (Debian Chromium, against wrangler dev on :$TEST_EDGE_PORT)"
"$ROOT/scripts/setup-chromium.sh"
EDGE_URL="http://127.0.0.1:$TEST_EDGE_PORT" node --test --test-concurrency=1 "$ROOT"/tests/widget/*.test.mjs
MIGNUTI_EDGE_PORT="$TEST_EDGE_PORT" "$ROOT/scripts/edge.sh" stop

layer "fuzzing every parser of untrusted input briefly (cargo-fuzz, ${MIGNUTI_FUZZ_SECS:-10} s per target)"
if ! command -v cargo-fuzz >/dev/null 2>&1 && [ ! -x "$TOOLS/bin/cargo-fuzz" ]; then
  say "compiling cargo-fuzz into $TOOLS (first time only)"
  cargo install --quiet --locked --root "$TOOLS" cargo-fuzz --version "=0.13.2" >"$LOCAL/install-cargo-fuzz.log" 2>&1 \
    || die "cannot install cargo-fuzz (see .local/install-cargo-fuzz.log): check that crates.io is reachable, then re-run"
fi
"$ROOT/scripts/fuzz.sh" "${MIGNUTI_FUZZ_SECS:-10}"

layer "all tests passed"
