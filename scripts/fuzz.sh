#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 600), JOBS at a time
# (default 2), and prints one line per target: runs, executions per second and
# whether it found a crash. Needs cargo-fuzz (`cargo install cargo-fuzz`); the
# stable toolchain is used with RUSTC_BOOTSTRAP=1 and no sanitizer.
# Usage: scripts/fuzz.sh [SECONDS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
jobs=${2:-2}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O --sanitizer none >/dev/null
targets=$(cargo fuzz list)
mkdir -p logs
run_one() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  if cargo fuzz run -O --sanitizer none "$t" "corpus/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 \
      -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1; then
    status=ok
  else
    status=CRASH
  fi
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "logs/$t.log" | tail -1 || true)
  runs=$(echo "$done_line" | awk '{print $2}')
  took=$(echo "$done_line" | awk '{print $5}')
  rate=$( [ -n "$runs" ] && [ "${took:-0}" -gt 0 ] && echo $((runs / took)) || echo "?")
  printf '%-14s %-6s %10s runs %6s s %8s exec/s\n' "$t" "$status" "${runs:-?}" "${took:-?}" "$rate"
}
export -f run_one
export secs
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee logs/summary.txt
! grep -q CRASH logs/summary.txt
