#!/usr/bin/env bash
# Writes every output gazette makes for a fixed set of inputs into one folder, so
# that two builds can be compared byte for byte (`diff -r A B`) after a refactor:
#   scripts/snapshot.sh BINARY OUT_DIR
# Inputs: samples/, tests/bad-inputs/, and, when ../shared exists, the blog corpus,
# the seed article and the gold. gazette.xlsx is unzipped with its creation time
# (docProps/core.xml) left out; the run id and time of each gazette.run manifest
# are blanked.
set -euo pipefail
GZ=$(realpath "$1"); OUT=$2
cd "$(dirname "$0")/.."
rm -rf "$OUT"; mkdir -p "$OUT"
SHARED=../shared
inputs=(samples tests/bad-inputs)
[ -d $SHARED/corpus/blog ] && inputs+=($SHARED/corpus/blog $SHARED/seed)
for inp in "${inputs[@]}"; do
  name=$(basename "$inp")
  o=$OUT/$name
  "$GZ" extract "$inp" --out "$o/plain" --format csv,json,jsonl,xlsx -q >"$o.stdout" 2>"$o.stderr" || echo "exit $?" >>"$o.stderr"
  "$GZ" extract "$inp" --out "$o/excel" --format csv --excel -q >/dev/null 2>&1 || true
  "$GZ" extract "$inp" --out - --format jsonl -q -j 1 >"$o/stdout.jsonl" 2>/dev/null || true
  for k in 0 1; do "$GZ" extract "$inp" --out "$o/shard$k" --shard $k/2 -q >/dev/null 2>&1 || true; done
  "$GZ" merge "$o/shard0" "$o/shard1" --out "$o/merged" >"$o/merge.out" 2>&1 || echo "exit $?" >>"$o/merge.out"
  rm -rf "$o/shard0" "$o/shard1"
  "$GZ" report "$inp" --out "$o/report.html" >"$o/report.out" 2>&1 || echo "exit $?" >>"$o/report.out"
  if [ -f "$o/plain/gazette.xlsx" ]; then
    mkdir -p "$o/xlsx"; (cd "$o/xlsx" && unzip -q ../plain/gazette.xlsx && rm -f docProps/core.xml); rm "$o/plain/gazette.xlsx"
  fi
  # the same documents as JSON Lines on stdin
  python3 - "$inp" >"$o/in.jsonl" <<'PY'
import json, os, sys
root = sys.argv[1]
for d, _, fs in sorted(os.walk(root)):
    for f in sorted(fs):
        if f.endswith(('.md', '.txt')):
            p = os.path.join(d, f)
            t = open(p, 'rb').read().decode('utf-8', 'replace')
            print(json.dumps({"path": p, "text": t}, ensure_ascii=False))
PY
  "$GZ" extract --stdin-jsonl -j 2 <"$o/in.jsonl" >"$o/stdin.jsonl" 2>"$o/stdin.err" || echo "exit $?" >>"$o/stdin.err"
  rm "$o/in.jsonl"
done
"$GZ" gazetteer check >"$OUT/check.out" 2>&1 || echo "exit $?" >>"$OUT/check.out"
"$GZ" gazetteer stats >"$OUT/stats.out" 2>&1 || true
"$GZ" gazetteer export >"$OUT/export.out" 2>&1 || true
"$GZ" gazetteer import-geonames tests/data/geonames-sample.txt >"$OUT/geonames.csv" 2>"$OUT/geonames.err" || true
"$GZ" --help >"$OUT/help.out" 2>&1 || true
for c in extract report merge eval gazetteer; do "$GZ" $c --help >"$OUT/help-$c.out" 2>&1 || true; done
if [ -f $SHARED/corpus/gold/dev.tsv ]; then
  "$GZ" eval $SHARED/corpus/blog --gold $SHARED/corpus/gold/dev.tsv --files $SHARED/corpus/gold/dev-files.list \
    --entities $SHARED/spec/required-entities.csv --json "$OUT/eval.json" >"$OUT/eval.out" 2>&1 || echo "exit $?" >>"$OUT/eval.out"
fi
find "$OUT" -name gazette.run -exec sed -i -E 's/^(  "(run|time)": ).*/\1"-",/' {} +
echo "snapshot in $OUT"
