#!/usr/bin/env bash
# `make bench`: every benchmark whose figures are recorded in
# docs/benchmarks.md, each printing its own figures. Needs the local
# database (started here if it is not running); starts and stops its own edge.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
started_db=0
"$ROOT/scripts/db.sh" status || started_db=1
"$ROOT/scripts/db.sh" start
cleanup() {
  MIGNUTI_EDGE_PORT=8798 "$ROOT/scripts/edge.sh" stop || true
  if [ "$started_db" = 1 ]; then "$ROOT/scripts/db.sh" stop || true; fi
}
trap cleanup EXIT

say "Wasm size of every worker"
"$ROOT/scripts/build-all.sh" --sizes
"$ROOT/scripts/build-widget.sh"

say "wrangler dev cold start to the first 200 on /status"
"$ROOT/scripts/bench-coldstart.sh" 5

say "chat latency through the edge (extractive answers, local embedder)"
MIGNUTI_PREBUILT=1 MIGNUTI_EDGE_PORT=8798 "$ROOT/scripts/edge.sh" start
node "$ROOT/scripts/bench-chat.mjs" http://127.0.0.1:8798 40
MIGNUTI_EDGE_PORT=8798 "$ROOT/scripts/edge.sh" stop

say "knowledge retrieval quality (local embedder)"
cargo run --quiet --release -p mignuti-shared --example retrieval_eval -- supabase/demo

say "guards, native"
cargo bench -p mignuti-shared --bench guards

say "retrieval RPC under synthetic load (100,000 chunks, 1,000 projects)"
BENCH_NO_DOCS=1 "$ROOT/scripts/bench-retrieval.sh"
