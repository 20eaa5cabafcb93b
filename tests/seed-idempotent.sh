#!/usr/bin/env bash
# Running the setup again must not add rows: apply migrations and seed a
# second time and compare the row count of every table.
source "$(dirname "$0")/../scripts/lib.sh"

count_rows() {
  psql_admin -At <<'SQL'
select string_agg(format('%s=%s', t.oid::regclass,
         (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %s', t.oid::regclass), false, true, '')))[1]::text),
       ',' order by t.oid::regclass::text)
from pg_class t join pg_namespace n on n.oid = t.relnamespace
where t.relkind in ('r', 'p') and n.nspname in ('public', 'auth')
SQL
}

before=$(count_rows)
"$ROOT/scripts/db.sh" migrate
after=$(count_rows)
[ -n "$before" ] || die "seed idempotence: no tables found"
if [ "$before" != "$after" ]; then
  die "seed idempotence: row counts changed on a second run: before [$before] after [$after]"
fi
echo "seed idempotent: $(tr ',' '\n' <<<"$after" | wc -l) tables, same row counts after a second run" >&2
