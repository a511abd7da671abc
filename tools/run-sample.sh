#!/usr/bin/env bash
# The whole job on a bundled synthetic sample: install what is needed, build,
# generate scanned dossiers, ingest them into ./sohoa-home, import the
# one-stop register sohoa-gen wrote beside them, print the rates by agency
# and an example search. Safe to run again: files already archived are not
# stored twice.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
# libgomp reads this at load time; sohoa re-executes itself with it when unset.
export OMP_THREAD_LIMIT=1

sample=${SOHOA_SAMPLE_DIR:-sample}
rm -rf "$sample"
build/sohoa-gen --out "$sample" --seed 1 --dossiers "${SOHOA_SAMPLE_DOSSIERS:-8}"

echo
echo "== sohoa ingest"
shopt -s nullglob
status=0
build/sohoa ingest "$sample"/*/ "$sample"/*.pdf "$sample"/*.tif || status=$?

echo
echo "== sohoa register import $sample/register.csv   (the one-stop register: what was received)"
build/sohoa register import "$sample/register.csv" || status=$?

echo
echo "== sohoa report --by agency"
build/sohoa report --by agency

name=$(jq -r '.dossiers[0].applicant' "$sample/ground-truth.json" | iconv -f UTF-8 -t ASCII//TRANSLIT | tr '[:upper:]' '[:lower:]')
echo
echo "== sohoa search \"$name\"   (typed without diacritics)"
build/sohoa search "$name" --limit 5
exit $status
