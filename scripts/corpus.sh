#!/usr/bin/env bash
# Builds (once) the benchmark corpus of at least MIN_MB megabytes of markdown:
# samples/ and, when present, ../shared/corpus/blog/ copied side by side until the
# *.md files reach the size, plus the same documents as JSON Lines (CORPUS.jsonl)
# for the streaming mode. Prints the corpus folder: target/bench/corpus for 64
# (the default), target/bench/corpus-MIN_MB otherwise. Used by bench.sh and peers.sh.
# Usage: scripts/corpus.sh [MIN_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
min_mb=${1:-64}
case "$min_mb" in '' | *[!0-9]*) echo "usage: $0 [MIN_MB]" >&2; exit 2 ;; esac
if [ "$min_mb" = 64 ]; then corpus=target/bench/corpus; else corpus=target/bench/corpus-$min_mb; fi
md_bytes() { find "$1" -type f \( -name '*.md' -o -name '*.markdown' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus" "$corpus.jsonl" && mkdir -p "$corpus"
  src=(samples)
  [ -d ../shared/corpus/blog ] && src+=(../shared/corpus/blog)
  i=0
  while [ "$(md_bytes "$corpus")" -lt $((min_mb * 1000000)) ]; do
    for s in "${src[@]}"; do mkdir -p "$corpus/c$i"; cp -r "$s" "$corpus/c$i/"; done
    i=$((i + 1))
  done
  python3 - "$corpus" "$corpus.jsonl" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".md", ".markdown")):
                p = os.path.join(d, name)
                text = open(p, encoding="utf-8").read()
                f.write(json.dumps({"path": os.path.relpath(p, root), "text": text}, ensure_ascii=False) + "\n")
PY
  touch "$corpus/.complete"
fi
echo "$corpus"
