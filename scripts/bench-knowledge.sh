#!/usr/bin/env bash
# Retrieval quality of the demo knowledge measured in Postgres: every labelled
# question of supabase/demo/questions.jsonl goes through public.match_chunks()
# as the chat function sends it — one transaction, role widget_visitor, the
# claims of a real visitor conversation of the question's project, the query
# redacted, stripped of placeholders and embedded with the local embedder
# (shared/examples/embed_queries.rs) — in five ways:
#   vector       match_chunks(embedding, null, 3, null, 1, 1)
#   full text    match_chunks(null, text, 3, null, 1, 1)
#   hybrid 1:1   match_chunks(embedding, text, 3, null, 1, 1)
#   hybrid 0.5   match_chunks(embedding, text, 3, null, 0.5, 1)
#   chat call    match_chunks(embedding, text, 5, null, 0.5), the chat
#                function's call (MATCH_COUNT 5), scored on its top 3 (and 5)
# A hit@k is a chunk from the expected source (or one listed in `also`) among
# the first k rows; returned chunks are mapped back to their article file or
# Q&A row by the deterministic ids of shared/src/bin/demo-knowledge.rs (by
# title or question when the stored content is older than the files).
# Latency: p50/p95 of the match_chunks statement as psql's \timing sees it
# (client round trip on 127.0.0.1), over every pass after the first.
# Changes nothing but the two visitor conversations it opens (deleted on exit).
#
#   scripts/bench-knowledge.sh                  (local database running, demo knowledge loaded)
#   BENCH_PASSES=3                              passes over the questions (first: hits and warm-up)
#   BENCH_MISSES=1                              also list the questions hybrid 0.5 misses at 3
#   BENCH_FLAGS=stored|current|none             which chunks the injection scan keeps out: as stored
#                                               (default), as the current detector would flag them, or
#                                               none; the last two are what-ifs: flags changed in one
#                                               transaction that is rolled back, calls in savepoints
source "$(dirname "$0")/lib.sh"

PASSES="${BENCH_PASSES:-3}"
FLAGS="${BENCH_FLAGS:-stored}"
case "$FLAGS" in stored | current | none) ;; *) die "BENCH_FLAGS must be stored, current or none" ;; esac
[[ "$PASSES" =~ ^[1-9][0-9]*$ ]] || die "BENCH_PASSES must be a positive integer"
ORIGIN="http://127.0.0.1:$EDGE_PORT"

"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" \
  || die "Postgres is not running on 127.0.0.1:$PG_PORT; start it with 'scripts/db.sh start'"
export PGPASSWORD=postgres PGOPTIONS="-c client_min_messages=warning"
q() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

work=$(mktemp -d)
conversations=()
cleanup() {
  if [ "${#conversations[@]}" -gt 0 ]; then
    local ids
    ids=$(printf "'%s'," "${conversations[@]}")
    q -c "delete from public.conversations where id in (${ids%,})" >/dev/null \
      || echo "warning: could not delete the benchmark conversations ${conversations[*]}" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "embedding the questions (cargo run --release -p mignuti-shared --example embed_queries)"
(cd "$ROOT" && cargo build --quiet --release -p mignuti-shared --example embed_queries)
"$ROOT/target/release/examples/embed_queries" "$ROOT/supabase/demo" >"$work/input.tsv"
awk -F'\t' '$1 == "C" { print $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 }' "$work/input.tsv" >"$work/chunks.tsv"

say "checking that the database holds the demo knowledge of the working tree"
fresh=$(q -At -F' ' <<SQL
create temp table bench_chunks (parent uuid, ordinal integer, sha text, flagged boolean, embedding text);
\copy bench_chunks from '$work/chunks.tsv'
with stored as (
  select coalesce(c.document_id, c.qa_pair_id) as parent, c.ordinal, c.flagged,
         encode(sha256(convert_to(c.content, 'UTF8')), 'hex') as sha, c.embedding
  from public.chunks c join public.projects p on p.id = c.project_id
  where p.publishable_key in ('pk_demo_acme', 'pk_demo_globex')
)
select (select count(*) from stored),
       (select count(*) from bench_chunks),
       (select count(*) from stored s join bench_chunks b using (parent, ordinal)
         where s.sha = b.sha
           and s.embedding operator(extensions.<=>) b.embedding::extensions.vector < 1e-4),
       (select count(*) from stored where flagged),
       (select count(*) from bench_chunks where flagged),
       (select count(*) from stored s join bench_chunks b using (parent, ordinal) where s.flagged <> b.flagged);
SQL
)
read -r n_stored n_files n_same n_flagged n_flag_now n_flag_diff <<<"$fresh"
echo "chunks: $n_stored in the database, $n_files from the files, $n_same identical (content and embedding);"
echo "        flagged by the injection scan: $n_flagged stored, $n_flag_now by the current detector ($n_flag_diff differ)"
[ "$n_stored" -gt 0 ] || die "no demo knowledge in the database; run 'scripts/db.sh migrate' (or make dev) first"
if [ "$n_same" != "$n_files" ]; then
  echo "warning: the stored demo knowledge differs from what the current code makes of supabase/demo;" >&2
  echo "         the figures measure the stored chunks ('make db-reset' reloads them)" >&2
elif [ "$n_same" != "$n_stored" ]; then
  echo "note: $((n_stored - n_same)) stored chunks of the demo projects come from elsewhere (another ingest); they compete in retrieval" >&2
fi

say "opening one visitor conversation per demo project"
for key in pk_demo_acme pk_demo_globex; do
  token=$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)
  row=$(q -At -F' ' <<SQL
begin;
set local role anon;
select conversation_id, project_id
from public.create_conversation('$key', '$ORIGIN', 'bench-knowledge-$$', '$token');
commit;
SQL
)
  read -r conv proj <<<"$row"
  [ -n "$conv" ] || die "create_conversation returned nothing for $key"
  conversations+=("$conv")
  echo "$key $conv $proj" >>"$work/claims"
done

# The calls: pass × question × mode, each in its own transaction as the visitor.
[ "$FLAGS" = stored ] || unflag=1
awk -F'\t' -v passes="$PASSES" -v unflag="${unflag:-}" '
  function rep(s, token, value,   k) { k = index(s, token); return k ? substr(s, 1, k - 1) value substr(s, k + 1) : s }
  FNR == NR { conv[$1] = $2; proj[$1] = $3; next }
  $1 == "Q" { n++; line[n] = $2; key[n] = $3; text[n] = $5; emb[n] = $6 }
  END {
    mode[1] = "vector";     args[1] = "E, null, 3, null, 1, 1"
    mode[2] = "fulltext";   args[2] = "null, T, 3, null, 1, 1"
    mode[3] = "hybrid1";    args[3] = "E, T, 3, null, 1, 1"
    mode[4] = "hybrid05";   args[4] = "E, T, 3, null, 0.5, 1"
    mode[5] = "chat";       args[5] = "E, T, 5, null, 0.5"
    # What-if: one transaction that clears the flags and is rolled back,
    # each call in a savepoint instead of its own transaction.
    opener = unflag ? "savepoint call;" : "begin;"
    closer = unflag ? "rollback to savepoint call;" : "commit;"
    for (p = 1; p <= passes; p++) for (i = 1; i <= n; i++) for (m = 1; m <= 5; m++) {
      t = text[i]; gsub(/\047/, "\047\047", t)
      a = rep(rep(args[m], "E", "\047" emb[i] "\047"), "T", "\047" t "\047")
      printf "%s\n", opener
      printf "select set_config(\047role\047, \047widget_visitor\047, true), set_config(\047request.jwt.claims\047, \047{\"role\":\"widget_visitor\",\"sub\":\"%s\",\"project_id\":\"%s\"}\047, true) \\g /dev/null\n", conv[key[i]], proj[key[i]]
      printf "\\timing on\n"
      printf "select \047R|%d|%d|%s|\047 || coalesce(string_agg(coalesce(m.document_id, m.qa_pair_id)::text, \047 \047 order by m.ord), \047\047) from public.match_chunks(%s) with ordinality as m(chunk_id, document_id, qa_pair_id, title, source_url, heading, content, similarity, semantic_rank, full_text_rank, score, ord);\n", p, line[i], mode[m], a
      printf "\\timing off\n"
      printf "%s\n", closer
    }
  }' <(tr ' ' '\t' <"$work/claims") "$work/input.tsv" >"$work/calls.sql"
if [ "$FLAGS" != stored ]; then
  # What-if: one transaction that sets the flags and is rolled back.
  {
    echo "begin;"
    if [ "$FLAGS" = none ]; then
      echo "update public.chunks c set flagged = false from public.projects p"
      echo "where p.id = c.project_id and p.publishable_key in ('pk_demo_acme', 'pk_demo_globex') and c.flagged;"
    else
      echo "update public.chunks c set flagged = v.flagged from (values"
      awk -F'\t' '{ printf "%s(\047%s\047::uuid, %d, %s)\n", (NR > 1 ? "," : " "), $1, $2, $4 }' "$work/chunks.tsv"
      echo ") as v(parent, ordinal, flagged)"
      echo "where coalesce(c.document_id, c.qa_pair_id) = v.parent and c.ordinal = v.ordinal and c.flagged <> v.flagged;"
    fi
    cat "$work/calls.sql"
    echo "rollback;"
  } >"$work/whatif.sql"
  mv "$work/whatif.sql" "$work/calls.sql"
fi

calls=$(grep -c '^select .R|' "$work/calls.sql")
[ "$FLAGS" = stored ] || say "what-if: injection flags as '$FLAGS' (one transaction, rolled back afterwards)"
say "running $calls match_chunks calls ($PASSES passes × $(grep -c '^Q' "$work/input.tsv") questions × 5 ways)"
t0=$(date +%s.%N)
q -At -f "$work/calls.sql" >"$work/out.txt"
t1=$(date +%s.%N)

# Ids in the database that the files do not derive (older content): by title.
q -At -F$'\t' -c "
  select 'X', p.publishable_key, d.id, d.title from public.documents d join public.projects p on p.id = d.project_id
  where p.publishable_key in ('pk_demo_acme', 'pk_demo_globex')
  union all
  select 'X', p.publishable_key, a.id, a.question from public.qa_pairs a join public.projects p on p.id = a.project_id
  where p.publishable_key in ('pk_demo_acme', 'pk_demo_globex')" >"$work/db_sources.tsv"

awk -F'\t' -v misses="${BENCH_MISSES:-}" '
  function pct(arr, cnt, p,   k, idx, tmp, j, x) {
    if (cnt == 0) return "-"
    for (k = 1; k <= cnt; k++) tmp[k] = arr[k]
    # insertion sort: a few hundred values
    for (k = 2; k <= cnt; k++) { x = tmp[k]; j = k - 1; while (j > 0 && tmp[j] > x) { tmp[j + 1] = tmp[j]; j-- } tmp[j + 1] = x }
    idx = int(p * cnt); if (idx < p * cnt) idx++; if (idx < 1) idx = 1
    return sprintf("%.1f", tmp[idx])
  }
  FILENAME ~ /input.tsv$/ && $1 == "Q" { proj[$2] = ($3 == "pk_demo_acme") ? "acme" : "globex"; expect[$2] = $4; qtext[$2] = $5; next }
  FILENAME ~ /input.tsv$/ && ($1 == "D" || $1 == "A") { src[$3] = $4; bytitle[$2 SUBSEP $5] = $4; next }
  FILENAME ~ /input.tsv$/ { next }
  FILENAME ~ /db_sources.tsv$/ {
    if (!($3 in src)) { if (($2 SUBSEP $4) in bytitle) { src[$3] = bytitle[$2 SUBSEP $4]; retitled++ } else { src[$3] = "?" $4; unmapped++ } }
    next
  }
  # psql output: result rows, each followed by its \timing line.
  /^R\|/ { split($0, f, "|"); pass = f[2]; ln = f[3]; mode = f[4]; ids = f[5]; pending = 1; next }
  /^Time: / && pending {
    pending = 0
    split($0, tm, " "); ms = tm[2] + 0
    if (pass > 1 || npasses == 1) { lat[mode, proj[ln], ++nl[mode, proj[ln]]] = ms; lat[mode, "all", ++nl[mode, "all"]] = ms }
    if (pass == 1) {
      n = split(ids, id, " ")
      ne = split(expect[ln], e, ","); delete want; for (k = 1; k <= ne; k++) want[e[k]] = 1
      h1 = 0; h3 = 0; h5 = 0; got = ""
      for (k = 1; k <= n; k++) {
        s = (id[k] in src) ? src[id[k]] : "?" id[k]
        got = got (k > 1 ? " " : "") s
        if (s in want) { if (k <= 1) h1 = 1; if (k <= 3) h3 = 1; if (k <= 5) h5 = 1 }
      }
      key = mode SUBSEP ln
      first[key] = got
      groups[1] = proj[ln]; groups[2] = "all"; ng = 2
      if (ln % 2 == 0) { groups[3] = "heldout"; ng = 3 }
      for (g = 1; g <= ng; g++) { cnt[mode, groups[g]]++; s1[mode, groups[g]] += h1; s3[mode, groups[g]] += h3; s5[mode, groups[g]] += h5 }
      if (mode == "hybrid05" && !h3 && misses) missed[ln] = got
    }
    if (pass == 1) ids_of[mode SUBSEP ln] = ids
    else if (ids_of[mode SUBSEP ln] != ids) unstable++
    next
  }
  END {
    label["vector"] = "vector only (query_text null)"
    label["fulltext"] = "full text only (query_embedding null)"
    label["hybrid1"] = "hybrid, equal weights"
    label["hybrid05"] = "hybrid, full_text_weight 0.5"
    label["chat"] = "chat call: match_count 5, full_text_weight 0.5, top 3"
    order[1] = "vector"; order[2] = "fulltext"; order[3] = "hybrid1"; order[4] = "hybrid05"; order[5] = "chat"
    gname["acme"] = "acme (de)"; gname["globex"] = "globex (en)"; gname["heldout"] = "held-out half (even lines)"; gname["all"] = "**all**"
    gorder[1] = "acme"; gorder[2] = "globex"; gorder[3] = "heldout"; gorder[4] = "all"
    print ""
    print "| questions | mode | hit@1 | hit@3 | p50 ms | p95 ms |"
    print "|---|---|---:|---:|---:|---:|"
    for (gi = 1; gi <= 4; gi++) {
      g = gorder[gi]
      for (mi = 1; mi <= 5; mi++) {
        m = order[mi]
        if (g == "heldout" && m != "vector" && m != "hybrid05") continue
        c = cnt[m, g]; if (c == 0) continue
        lg = (g == "heldout") ? "all" : g
        n = nl[m, lg]; delete a; for (k = 1; k <= n; k++) a[k] = lat[m, lg, k]
        p50 = (g == "heldout") ? "" : pct(a, n, 0.50); p95 = (g == "heldout") ? "" : pct(a, n, 0.95)
        if (g == "all") printf "| **all, %d** | %s | **%.2f** | **%.2f** | %s | %s |\n", c, label[m], s1[m, g] / c, s3[m, g] / c, p50, p95
        else printf "| %s, %d | %s | %.2f | %.2f | %s | %s |\n", gname[g], c, label[m], s1[m, g] / c, s3[m, g] / c, p50, p95
      }
    }
    printf "\nchat call hit@5 (all of its rows): %.2f (acme %.2f, globex %.2f)\n", s5["chat", "all"] / cnt["chat", "all"], s5["chat", "acme"] / cnt["chat", "acme"], s5["chat", "globex"] / cnt["chat", "globex"]
    if (retitled) printf "note: %d stored sources mapped by title (content older than the files)\n", retitled
    if (unmapped) printf "warning: %d stored sources match no file or title\n", unmapped
    if (unstable) printf "warning: %d calls returned other chunks in a later pass than in the first\n", unstable
    if (misses) {
      print "\nmisses of hybrid 0.5 at 3 (line, question, expected, got):"
      for (ln in missed) printf "  %s  %s  [%s]  -> %s\n", ln, qtext[ln], expect[ln], missed[ln]
    }
  }' npasses="$PASSES" "$work/input.tsv" "$work/db_sources.tsv" "$work/out.txt"

nq=$(grep -c '^Q' "$work/input.tsv")
printf '\n%d calls in %s s; p50/p95 over passes 2..%d (%d samples per mode overall); machine: %s cores, load average %s\n' \
  "$calls" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" "$PASSES" \
  "$(( (PASSES > 1 ? PASSES - 1 : 1) * nq ))" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
