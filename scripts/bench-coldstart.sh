#!/usr/bin/env bash
# Cold start of the local edge: from launching `wrangler dev` (gateway and
# five functions, already built) to the first 200 on /status, which needs
# every function loaded and connected to Postgres. Prints each run and the
# median. Needs Postgres running (scripts/db.sh start).
source "$(dirname "$0")/lib.sh"
RUNS="${1:-5}"
export MIGNUTI_EDGE_PORT="${MIGNUTI_BENCH_EDGE_PORT:-8798}"
export MIGNUTI_PREBUILT=1
"$ROOT/scripts/db.sh" status || die "Postgres is not running: scripts/db.sh start"
"$ROOT/scripts/build-all.sh" >/dev/null
times=()
for i in $(seq "$RUNS"); do
  start=$(date +%s%N)
  "$ROOT/scripts/edge.sh" start
  end=$(date +%s%N)
  "$ROOT/scripts/edge.sh" stop
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms to first 200 on /status"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median: ${median} ms over $RUNS runs (wrangler dev cold start to first 200 on /status)"
