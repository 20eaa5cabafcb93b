# Shared shell helpers for the setup, dev and test scripts. Sourced, not run.
# Every failure ends in one line naming the cause and the fix (`die`).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"                       # git-ignored: database, logs, pids
CACHE="${MIGNUTI_CACHE:-$HOME/.cache/mignuti}"  # survives clones: compiled tools
TOOLS="$CACHE/tools"

# Pinned versions. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock
# (checked in ensure_tools); worker-build matches the `worker` crate.
WORKER_BUILD_VERSION="0.8.7"
PGSERVER_WHEEL_VERSION="0.1.6"

PG_PORT="${MIGNUTI_PG_PORT:-54322}"
PG_URL="postgresql://postgres:postgres@127.0.0.1:${PG_PORT}/postgres"
EDGE_PORT="${MIGNUTI_EDGE_PORT:-8787}"
PG_HOME="$LOCAL/pg"
PG_BIN="$PG_HOME/pgserver/pginstall/bin"
PG_DATA="$LOCAL/pgdata"
PG_RUN="$LOCAL/run"
PG_USER="mignuti-pg"   # initdb refuses root; the server runs as this user then

export WRANGLER_SEND_METRICS=false
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Run a command as the unprivileged database user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

psql_admin() {
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}
