#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ briefly (default 20 s each).
#
#   scripts/fuzz.sh [seconds-per-target] [target...]
#
# cargo-fuzz needs nightly-only rustc flags (-Z sanitizer, sancov passes).
# The build machines have only stable Rust, which accepts them when
# RUSTC_BOOTSTRAP=1 is set; that is the only reason for the variable, and it
# is scoped to this script. Needs `cargo install cargo-fuzz` and a C++
# compiler (libfuzzer-sys builds libFuzzer). Findings land in
# fuzz/artifacts/<target>/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-20}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(jwt redactor normalize leak_detector envelope)
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "fuzz.sh: cargo-fuzz not found; run: cargo install cargo-fuzz --locked" >&2
  exit 1
fi

export RUSTC_BOOTSTRAP=1
cd fuzz
# Build all targets first (one compile), with AddressSanitizer.
cargo fuzz build --release
for t in "${targets[@]}"; do
  echo "== fuzz $t (${secs}s) =="
  mkdir -p "corpus/$t"
  rm -rf "artifacts/$t"
  cargo fuzz run --release "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
    grep -E '^(#[0-9]+.*DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|.*panicked|SUMMARY|artifact_prefix|Test unit written)' || true
  # cargo fuzz exits non-zero on a finding; pipefail is defeated by grep, so
  # check the artifacts directory instead.
  if compgen -G "artifacts/$t/*" >/dev/null; then
    echo "fuzz.sh: $t produced findings in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
echo "fuzz.sh: all targets ran ${secs}s without findings"
