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

say "guards next to Microsoft Presidio: PII quality and speed per message"
if ! "$LOCAL/venv-presidio/bin/python" -c 'import presidio_analyzer' 2>/dev/null; then
  { python3 -m venv "$LOCAL/venv-presidio" && "$LOCAL/venv-presidio/bin/pip" install --quiet "presidio-analyzer==2.2.366"; } \
    >"$LOCAL/venv-presidio.log" 2>&1 \
    || die "cannot install presidio-analyzer into .local/venv-presidio (see .local/venv-presidio.log)"
fi
"$LOCAL/venv-presidio/bin/python" "$ROOT/scripts/pii_quality.py" "$ROOT/../shared/eval/pii/dev.jsonl" \
  "$ROOT"/shared/tests/data/pii/{blind_de_en,chat_de_en,chat_hard,synthetic_required,synthetic_lookalikes}.jsonl
"$LOCAL/venv-presidio/bin/python" "$ROOT/scripts/bench_presidio.py"
"$LOCAL/venv-presidio/bin/python" "$ROOT/scripts/bench_presidio.py" --profile bench-native

say "prompt-injection detection on the held-out sets"
cargo run --quiet --release -p mignuti-shared --example injection_eval -- "$ROOT"/shared/tests/data/injection/heldout_*.jsonl

say "retrieval RPC under synthetic load (100,000 chunks, 1,000 projects)"
BENCH_NO_DOCS=1 "$ROOT/scripts/bench-retrieval.sh"
