#!/usr/bin/env bash
# The local edge: one `wrangler dev` process running the gateway and every
# function, with service bindings between them and each function's
# Hyperdrive binding pointed at the local Postgres.
#
#   scripts/edge.sh run      in the foreground (make dev)
#   scripts/edge.sh start    in the background, waits until /status is ok
#   scripts/edge.sh stop     stops a background edge started by `start`
source "$(dirname "$0")/lib.sh"

PORT="${MIGNUTI_EDGE_PORT:-$EDGE_PORT}"
PIDFILE="$LOCAL/edge-$PORT.pid"
LOG="$LOCAL/edge-$PORT.log"
CONFIGS=(-c "$ROOT/wrangler.toml")
for f in session chat delete-history export knowledge; do
  CONFIGS+=(-c "$ROOT/functions/$f/wrangler.toml")
done

wrangler_cmd() {
  # --local: nothing leaves the machine. The registry in .local keeps this
  # stack's workers from being bound by another wrangler dev on the machine.
  (cd "$ROOT" && exec "$ROOT/node_modules/.bin/wrangler" dev "${CONFIGS[@]}" \
      --local --ip 127.0.0.1 --port "$PORT" --inspector-port 0 \
      --persist-to "$LOCAL/wrangler-state" --log-level "${WRANGLER_LOG:-warn}" --show-interactive-dev-session=false)
}

check_port() {
  if port_in_use "$PORT"; then
    die "port $PORT is taken: is 'make dev' already running? Stop it (Ctrl-C) or the other program, or set MIGNUTI_EDGE_PORT"
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + ${2:-120}))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || return 2
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/status" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

case "${1:-}" in
  run)
    check_port
    wrangler_cmd
    ;;
  start)
    check_port
    mkdir -p "$LOCAL"
    # setsid: its own process group, so `stop` ends workerd with it.
    setsid bash -c "$(declare -f wrangler_cmd); ROOT='$ROOT' LOCAL='$LOCAL' PORT='$PORT'; CONFIGS=(${CONFIGS[*]@Q}); wrangler_cmd" >"$LOG" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$PIDFILE"
    rc=0; wait_ready "$pid" 180 || rc=$?
    if [ "$rc" != 0 ]; then
      "$0" stop >/dev/null 2>&1 || true
      case "$rc" in
        2) die "wrangler dev exited during start-up: $(grep -m3 -iE 'error|✘' "$LOG" | tr '\n' ' ') (log: .local/edge-$PORT.log)" ;;
        *) die "the edge did not answer /status ok within 180 s (log: .local/edge-$PORT.log)" ;;
      esac
    fi
    ;;
  stop)
    if [ -f "$PIDFILE" ]; then
      pid=$(cat "$PIDFILE")
      kill -TERM -- "-$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      rm -f "$PIDFILE"
    fi
    ;;
  *) die "usage: scripts/edge.sh run|start|stop" ;;
esac
