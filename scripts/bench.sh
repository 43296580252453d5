#!/usr/bin/env bash
# Whole-CLI throughput: folder mode (1 and 2 worker threads) and streaming mode
# (--stdin-jsonl through a pipe) over a corpus of at least 64 MB built from
# samples/ and, when present, ../shared/corpus/blog/. Prints MB/s and peak RSS.
# Usage: scripts/bench.sh [MIN_MB]   (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
min_mb=${1:-64}
cargo build --release --quiet
bin=target/release/gazette
corpus=target/bench/corpus
jsonl=target/bench/corpus.jsonl
if [ ! -f "target/bench/.built-$min_mb" ]; then
  rm -rf target/bench && mkdir -p "$corpus"
  src=(samples)
  [ -d ../shared/corpus/blog ] && src+=(../shared/corpus/blog)
  i=0
  size_mb() { find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print int(s / 1e6)}'; }
  while [ "$(size_mb)" -lt "$min_mb" ]; do
    for s in "${src[@]}"; do mkdir -p "$corpus/c$i"; cp -r "$s" "$corpus/c$i/"; done
    i=$((i + 1))
  done
  python3 - "$corpus" "$jsonl" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for d, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith((".md", ".markdown")):
                p = os.path.join(d, name)
                text = open(p, encoding="utf-8").read()
                f.write(json.dumps({"path": os.path.relpath(p, root), "text": text}, ensure_ascii=False) + "\n")
PY
  touch "target/bench/.built-$min_mb"
fi
bytes=$(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
echo "corpus: $files files, $mb MB ($(nproc) cores, $(date -u +%F))"
measure() {  # label, command...
  local label=$1; shift
  local best=999999 rss=0 stats
  stats=$(mktemp)
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -o "$stats" -f '%M' "$@" >/dev/null 2>/dev/null || true
    t1=$(date +%s.%N)
    best=$(awk -v a="$best" -v b="$(awk -v x="$t0" -v y="$t1" 'BEGIN {print y - x}')" 'BEGIN {print (b < a) ? b : a}')
    rss=$(tail -1 "$stats")
  done
  rm -f "$stats"
  printf '%-34s %7.2f s %8.1f MB/s %8d KB peak RSS\n' "$label" "$best" "$(awk -v b="$bytes" -v t="$best" 'BEGIN {print b / 1e6 / t}')" "$rss"
}
out=$(mktemp -d)
measure "extract folder, --jobs 1" "$bin" extract "$corpus" --out "$out" --jobs 1 -q
measure "extract folder, --jobs 2" "$bin" extract "$corpus" --out "$out" --jobs 2 -q
measure "extract --stdin-jsonl, --jobs 1" sh -c "$bin extract --stdin-jsonl --jobs 1 < $jsonl"
measure "extract --stdin-jsonl, --jobs 2" sh -c "$bin extract --stdin-jsonl --jobs 2 < $jsonl"
rm -rf "$out"
