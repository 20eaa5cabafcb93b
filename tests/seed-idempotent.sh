#!/usr/bin/env bash
# Running the setup again must not add rows: apply migrations and seed a
# second time and compare the row count of every table.
source "$(dirname "$0")/../scripts/lib.sh"

count_rows() {
  # One count(*) per table, generated from the catalog and run by \gexec.
  psql_admin -At <<'SQL' | paste -sd, -
select format('select %L || ''='' || count(*) from %s', c.oid::regclass, c.oid::regclass)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname in ('public', 'auth')
order by c.oid::regclass::text
\gexec
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
