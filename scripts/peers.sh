#!/usr/bin/env bash
# Peer comparison (issue 7): gazette against FlashText, pyahocorasick and spaCy's
# PhraseMatcher, on the same corpus and the same alias list (`gazette gazetteer
# export`). Reports MB/s, gazette/peer ratios, build times and, when
# ../shared/corpus/gold/dev.tsv exists, document-level TP/FP/FN/P/R per tool.
#
# Timed: for the peers, matching only (texts already in memory, automaton already
# built, one Python thread); for gazette, the whole CLI (`extract --format csv`:
# reading, front matter, markdown, language, normalization, matching, facts, CSV)
# with --jobs 1 pinned to one core and with the default jobs.
#
# Usage: scripts/peers.sh [--gazetteer FILE.csv] [--min-mb N]
#   --gazetteer FILE  also load FILE (e.g. target/geonames/cities1000.csv) in every
#                     tool; spaCy then stops adding patterns after 120 s
#   --min-mb N        corpus size in MB (default 64; scripts/corpus.sh builds it
#                     once, shared with scripts/bench.sh)
# Writes target/peers/results.md (results-NAME.md with --gazetteer NAME.csv); the
# Python packages go to target/peers-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

min_mb=64
gazetteer=()
while [ $# -gt 0 ]; do
  case "$1" in
    --gazetteer) gazetteer=("${2:?--gazetteer needs a FILE}"); shift 2 ;;
    --min-mb) min_mb=${2:?--min-mb needs a number}; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--gazetteer FILE.csv] [--min-mb N]" >&2; exit 2 ;;
  esac
done
case "$min_mb" in '' | *[!0-9]*) echo "--min-mb takes a whole number of MB" >&2; exit 2 ;; esac
if [ ${#gazetteer[@]} -gt 0 ] && [ ! -f "${gazetteer[0]}" ]; then
  echo "no such gazetteer file: ${gazetteer[0]}" >&2
  exit 2
fi

# 1. Python peers, pinned, installed once.
venv=target/peers-venv
pins=(flashtext==2.7 pyahocorasick==2.3.1 spacy==3.8.18)
marker="$venv/.installed-$(echo "${pins[*]}" | tr ' =' '_-')"
if [ ! -f "$marker" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
  touch "$marker"
fi

# 2. gazette.
cargo build --release --quiet
bin=target/release/gazette

# 3. Corpus: samples/ and ../shared/corpus/blog/ copied until the markdown files
# reach min_mb (scripts/corpus.sh: the same corpus as scripts/bench.sh).
corpus=$(scripts/corpus.sh "$min_mb")

# 4. The alias list every peer gets: the built-in gazetteer (plus --gazetteer FILE).
mkdir -p target/peers
"$bin" gazetteer export "${gazetteer[@]}" > target/peers/aliases.csv

# 5-7. Measure, score and write target/peers/results.md.
py_args=(--corpus "$corpus" --aliases target/peers/aliases.csv --gazette "$bin" --out target/peers --shared ../shared)
if [ ${#gazetteer[@]} -gt 0 ]; then
  stem=$(basename "${gazetteer[0]}" .csv)
  py_args+=(--gazetteer "${gazetteer[0]}" --spacy-build-budget 120 --results "results-$stem.md")
fi
"$venv/bin/python" scripts/peers.py "${py_args[@]}"
