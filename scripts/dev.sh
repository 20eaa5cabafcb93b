#!/usr/bin/env bash
# `make dev`: installs what is missing, starts Postgres (migrations and seed
# applied), builds every worker to Wasm and runs the gateway with all
# functions under `wrangler dev` on http://127.0.0.1:8787. Ctrl-C stops what
# this command started; a second run reuses caches and the database.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"

port_in_use "$EDGE_PORT" && die "port $EDGE_PORT is taken: is 'make dev' already running? Stop it (Ctrl-C) or the other program, or set MIGNUTI_EDGE_PORT"

started_db=0
"$ROOT/scripts/db.sh" status || started_db=1
cleanup() {
  trap - EXIT INT TERM
  if [ -n "${watcher:-}" ]; then kill "$watcher" 2>/dev/null || true; fi
  if [ "$started_db" = 1 ]; then "$ROOT/scripts/db.sh" stop || true; fi
}
trap cleanup EXIT
# Ctrl-C is how `make dev` is meant to end: a clean exit, not an error.
trap 'exit 0' INT TERM

"$ROOT/scripts/db.sh" start
"$ROOT/scripts/build-all.sh"

# Announce the addresses once the whole stack answers.
(
  for _ in $(seq 600); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$EDGE_PORT/status" 2>/dev/null; then
      cat >&2 <<MSG

  Mignuti Chatbot is running.
    demo page   http://127.0.0.1:$EDGE_PORT/demo/
    status      http://127.0.0.1:$EDGE_PORT/status
    database    $PG_URL
  Press Ctrl-C to stop.

MSG
      exit 0
    fi
    sleep 0.5
  done
  say "the edge did not report ok on /status; see the output above"
) &
watcher=$!

"$ROOT/scripts/edge.sh" run || true
