#!/usr/bin/env bash
# Database tests: runs every supabase/tests/*.sql against the local database
# (scripts/db.sh start first). Each file runs in its own transaction that is
# rolled back: the fixtures in supabase/tests/fixtures/ (in file-name order),
# then the test, with ON_ERROR_STOP. A test records its cases in test_cases and
# ends by calling check_cases(), which raises when any case failed.
#
#   scripts/test-db.sh                 all files
#   scripts/test-db.sh 20_isolation    files whose name contains the argument
source "$(dirname "$0")/lib.sh"

"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" \
  || die "Postgres is not running on 127.0.0.1:$PG_PORT; start it with 'scripts/db.sh start'"

filter="${1:-}"
total=0; failed=0; files=0; isolation=0
out=$(mktemp); trap 'rm -f "$out"' EXIT

for test in "$ROOT"/supabase/tests/*.sql; do
  name=$(basename "$test")
  [ -z "$filter" ] || [[ "$name" == *"$filter"* ]] || continue
  files=$((files + 1))
  {
    echo "begin;"
    echo "select set_config('mignuti.test_file', '$name', true);"
    echo '\o /dev/null'
    for fixture in "$ROOT"/supabase/tests/fixtures/*.sql; do
      echo "\\i $fixture"
    done
    echo "\\i $test"
    echo '\o'
    echo "select 'CASES:' || pg_temp.check_cases();"
    echo "rollback;"
  } | PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=postgres "$PG_BIN/psql" -X -q -At \
        -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres >"$out" 2>&1 \
    && status=0 || status=$?
  cases=$(sed -n 's/^CASES://p' "$out" | tail -n1)
  if [ "$status" = 0 ] && [ -n "$cases" ]; then
    printf 'ok     %-28s %5s cases\n' "$name" "$cases"
    total=$((total + cases))
    [[ "$name" != *isolation* ]] || isolation=$((isolation + cases))
  else
    printf 'FAILED %s\n' "$name"
    sed 's/^/       /' "$out"
    failed=$((failed + 1))
  fi
done

[ "$files" -gt 0 ] || die "no test file matches '$filter'"
echo "database tests: $files files, $total cases ($isolation tenant-isolation cases), $failed failed"
[ "$failed" = 0 ]
