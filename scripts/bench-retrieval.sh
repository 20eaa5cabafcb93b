#!/usr/bin/env bash
# Retrieval benchmark: 100,000 chunks in 1,000 skewed projects (1536 dims) in
# a separate database (mignuti_bench, dropped afterwards), the real migrations,
# then for a large, a medium and a small tenant: recall@10 of match_chunks
# against exact search in the tenant, and p50/p95 latency of one retrieval
# request at top-8 (hybrid: vector + full text) as the edge function sends it
# (begin; set claims; set role widget_visitor; match_chunks; commit).
# Appends its figures to docs/benchmarks.md ("Data plane").
#
#   scripts/bench-retrieval.sh                 (scripts/db.sh start first)
#   BENCH_NO_DOCS=1 scripts/bench-retrieval.sh print only, leave docs/benchmarks.md alone
#   BENCH_KEEP=1                               keep the mignuti_bench database afterwards
source "$(dirname "$0")/lib.sh"

"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" \
  || die "Postgres is not running on 127.0.0.1:$PG_PORT; start it with 'scripts/db.sh start'"

DB=mignuti_bench
REQUESTS="${BENCH_REQUESTS:-300}"
export PGPASSWORD=postgres PGOPTIONS="-c client_min_messages=warning"
bpsql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" "$@"; }
work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  [ -z "${BENCH_KEEP:-}" ] || return 0
  "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "creating $DB with the migrations"
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
  -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
bpsql -f "$ROOT/supabase/local/bootstrap.sql" >/dev/null
for f in "$ROOT"/supabase/migrations/*.sql; do bpsql --single-transaction -f "$f" >/dev/null; done

say "generating 100,000 chunks in 1,000 projects"
index_def=$(bpsql -At -c "select indexdef from pg_indexes where indexname = 'chunks_embedding_idx'")
bpsql -c "drop index public.chunks_embedding_idx" >/dev/null
t0=$(date +%s)
bpsql -f "$ROOT/scripts/bench/generate.sql" >/dev/null
t1=$(date +%s)
say "building the HNSW index ($index_def)"
bpsql -c "set maintenance_work_mem = '1GB'" -c "$index_def" -c "vacuum analyze" >/dev/null
t2=$(date +%s)

sizes=$(bpsql -At -F' ' -c "select project_rank, n_chunks from bench.projects where project_rank in (1, 5, 30, 900) order by 1")
say "recall@10"
recall=$(bpsql -f "$ROOT/scripts/bench/recall.sql")
echo "$recall"

say "latency ($REQUESTS requests per tenant, one connection)"
lat_table=""
for rank in 1 5 30 900; do
  read -r first last < <(bpsql -At -F' ' -c "select min(id), max(id) from bench.queries where project_rank = $rank")
  n=$(awk -v r="$rank" '$1 == r { print $2 }' <<<"$sizes")
  rm -f "$work"/pgbench_log.*
  (cd "$work" && "$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 1 -t "$REQUESTS" \
     -D first="$first" -D last="$last" -l -f "$ROOT/scripts/bench/query.sql" "$DB" >/dev/null)
  stats=$(cat "$work"/pgbench_log.* | awk '{ print $3 / 1000.0 }' | sort -n | awk '
    { v[NR] = $1 } END { printf "%.2f %.2f %.2f", v[int(NR * 0.5 + 0.5)], v[int(NR * 0.95 + 0.5)], v[NR] }')
  read -r p50 p95 max <<<"$stats"
  echo "tenant rank $rank ($n chunks): p50 $p50 ms, p95 $p95 ms, max $max ms"
  lat_table+="| rank $rank | $n | $p50 | $p95 | $max |"$'\n'
done

if [ -n "${BENCH_NO_DOCS:-}" ]; then exit 0; fi
rec_table=$(awk -F'|' 'NR > 2 && NF >= 5 { gsub(/ /, ""); printf "| rank %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' <<<"$recall")

cat >>"$ROOT/docs/benchmarks.md" <<MD

## Data plane: tenant-scoped hybrid retrieval

\`scripts/bench-retrieval.sh\` ($(date -u +%Y-%m-%d), PostgreSQL $(bpsql -At -c "show server_version" | cut -d' ' -f1),
pgvector $(bpsql -At -c "select extversion from pg_extension where extname = 'vector'"), 2 cores shared with other builds, local socket over TCP).
100,000 chunks in 1,000 projects with a Zipf-like skew, 1536-dimension vectors clustered per tenant
(tenant centre plus noise), one HNSW index for all tenants (\`m = 16, ef_construction = 64\`), match_chunks with
\`hnsw.iterative_scan = relaxed_order\`, \`hnsw.ef_search = 100\`. Data generation $((t1 - t0)) s, index build $((t2 - t1)) s.

recall@10 of match_chunks (vector ranking, as a widget visitor through RLS) against exact search within the tenant,
60 queries per tenant:

| tenant | chunks | queries | recall@10 | worst query |
|---|---:|---:|---:|---:|
${rec_table}

Latency of one retrieval request at top-8 (hybrid: vector + full text + RRF) as the chat function sends it
(\`begin\`; claims; \`set role widget_visitor\`; \`match_chunks\`; \`commit\`), $REQUESTS sequential requests per tenant,
measured by pgbench per transaction, in ms:

| tenant | chunks | p50 | p95 | max |
|---|---:|---:|---:|---:|
${lat_table}
Targets: recall@10 >= 0.95 for every tenant size, p95 <= 20 ms.
MD
say "figures appended to docs/benchmarks.md"
