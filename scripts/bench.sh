#!/usr/bin/env bash
# Whole-CLI throughput and peak memory (issue 7), best of three runs each:
#   - folder mode, `extract DIR --format csv`, on one core (`--jobs 1` pinned with
#     taskset) and on all cores (the default --jobs);
#   - streaming mode, `extract --stdin-jsonl` through a pipe, one and all cores;
#   - with --geonames: the same folder runs with the GeoNames gazetteer added
#     (target/geonames/cities1000.csv, built by scripts/geonames.sh when missing),
#     and its load + compile time alone (a run over an empty folder).
# The corpus (scripts/corpus.sh) is samples/ and, when present,
# ../shared/corpus/blog/, copied until it holds at least MIN_MB megabytes of
# markdown (default 64): target/bench/corpus for 64, target/bench/corpus-MIN_MB
# otherwise. Per-stage throughput and the bare
# Aho-Corasick limit are `cargo bench --bench stages`; the peers are
# scripts/peers.sh. Results are printed and written to target/bench/results-MIN_MB.md.
# Usage: scripts/bench.sh [MIN_MB] [--geonames]
set -euo pipefail
cd "$(dirname "$0")/.."
min_mb=64
geonames=no
for arg in "$@"; do
  case "$arg" in
    --geonames) geonames=yes ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]* | '') echo "usage: $0 [MIN_MB] [--geonames]" >&2; exit 2 ;;
    *) min_mb=$arg ;;
  esac
done
cargo build --release --quiet
bin=target/release/gazette
corpus=$(scripts/corpus.sh "$min_mb")
jsonl=$corpus.jsonl
md_bytes() { find "$1" -type f \( -name '*.md' -o -name '*.markdown' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
bytes=$(md_bytes "$corpus")
files=$(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
results=target/bench/results-$min_mb.md
{
  echo "corpus: $files files, $mb MB of markdown ($corpus)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -m); $(date -u +%F)"
  echo "gazette: $("$bin" --version); default gazetteer: $("$bin" gazetteer export | tail -n +2 | wc -l) aliases"
  echo
  echo "| run | best wall time | MB/s | peak RSS |"
  echo "|---|---|---|---|"
} | tee "$results"

# label, command... : best of three wall times, the largest peak RSS.
measure() {
  local label=$1; shift
  local best=999999 rss=0 stats t0 t1 t r
  stats=$(mktemp)
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    /usr/bin/time -o "$stats" -f '%M' "$@" >/dev/null 2>/dev/null || true
    t1=$(date +%s.%N)
    t=$(awk -v x="$t0" -v y="$t1" 'BEGIN {print y - x}')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN {print (b < a) ? b : a}')
    r=$(tail -1 "$stats")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  rm -f "$stats"
  printf '| %s | %.2f s | %s | %.0f MB |\n' "$label" "$best" \
    "$(awk -v b="$bytes" -v t="$best" 'BEGIN {if (b > 0) printf "%.1f", b / 1e6 / t; else print "-"}')" \
    "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" | tee -a "$results"
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure "extract DIR --format csv, --jobs 1 (taskset one core)" taskset -c 0 "$bin" extract "$corpus" --out "$out/a" --format csv --jobs 1 -q
measure "extract DIR --format csv, default jobs ($(nproc))" "$bin" extract "$corpus" --out "$out/b" --format csv -q
measure "extract --stdin-jsonl, --jobs 1 (taskset one core)" sh -c "taskset -c 0 $bin extract --stdin-jsonl --jobs 1 < $jsonl"
measure "extract --stdin-jsonl, default jobs ($(nproc))" sh -c "$bin extract --stdin-jsonl < $jsonl"

if [ "$geonames" = yes ]; then
  big=target/geonames/cities1000.csv
  [ -f "$big" ] || scripts/geonames.sh cities1000 >/dev/null
  aliases=$("$bin" gazetteer export --no-default-gazetteer "$big" | tail -n +2 | wc -l)
  echo | tee -a "$results"
  echo "GeoNames gazetteer: $big, $aliases aliases added to the default ones" | tee -a "$results"
  echo | tee -a "$results"
  echo "| run | best wall time | MB/s | peak RSS |" | tee -a "$results"
  echo "|---|---|---|---|" | tee -a "$results"
  mkdir -p "$out/empty"
  saved=$bytes
  bytes=0
  measure "load + compile only (empty folder)" "$bin" extract "$out/empty" --gazetteer "$big" --out "$out/c" --format csv -q
  bytes=$saved
  measure "extract DIR --format csv, --jobs 1 (taskset one core)" taskset -c 0 "$bin" extract "$corpus" --gazetteer "$big" --out "$out/d" --format csv --jobs 1 -q
  measure "extract DIR --format csv, default jobs ($(nproc))" "$bin" extract "$corpus" --gazetteer "$big" --out "$out/e" --format csv -q
fi
echo
echo "written to $results; stages and the bare scan: cargo bench --bench stages; peers: scripts/peers.sh"
