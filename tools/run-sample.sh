#!/usr/bin/env bash
# The whole job on a bundled synthetic sample: install what is needed, build
# the two programs it needs (sohoa, sohoa-gen; Release, into build/, which
# tools/test.sh then reuses), generate scanned dossiers, ingest them into
# ./sohoa-home, import the one-stop register sohoa-gen wrote beside them,
# print the rates by agency and an example search. Each phase prints its
# time. Safe to run again: files already archived are not stored twice.
#
#   tools/run-sample.sh [--help]
#
# SOHOA_SAMPLE_DIR (default sample/) and SOHOA_SAMPLE_DOSSIERS (default 8)
# pick the sample; SOHOA_HOME the archive home.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
  "") ;;
  *) echo "run-sample.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

declare -A took
order=()
start_all=$SECONDS
# timed NAME COMMAND...: runs it and remembers how long it took.
timed() {
  local name="$1" start=$SECONDS status=0; shift
  "$@" || status=$?
  took[$name]=$((SECONDS - start))
  order+=("$name")
  echo "-- $name: ${took[$name]} s"
  return $status
}

echo "== install-deps"
timed install-deps tools/install-deps.sh
echo "== build (sohoa, sohoa-gen)"
timed build tools/build.sh --target sohoa --target sohoa-gen
# libgomp reads this at load time; sohoa re-executes itself with it when unset.
export OMP_THREAD_LIMIT=1

sample=${SOHOA_SAMPLE_DIR:-sample}
rm -rf "$sample"
echo
echo "== sohoa-gen --out $sample"
timed generate build/sohoa-gen --out "$sample" --seed 1 --dossiers "${SOHOA_SAMPLE_DOSSIERS:-8}"

echo
echo "== sohoa init   (the archive home: ${SOHOA_HOME:-./sohoa-home})"
timed init build/sohoa init

echo
echo "== sohoa ingest $sample   (ground-truth.json and register.csv beside the scans are skipped)"
status=0
timed ingest build/sohoa ingest "$sample" || status=$?

echo
echo "== sohoa register import $sample/register.csv   (the one-stop register: what was received)"
timed register build/sohoa register import "$sample/register.csv" || status=$?

echo
echo "== sohoa report --by agency"
timed report build/sohoa report --by agency

name=$(jq -r '.dossiers[0].applicant' "$sample/ground-truth.json" | iconv -f UTF-8 -t ASCII//TRANSLIT | tr '[:upper:]' '[:lower:]')
echo
echo "== sohoa search \"$name\"   (typed without diacritics)"
timed search build/sohoa search "$name" --limit 5

echo
for name in "${order[@]}"; do printf '%-13s %5d s\n' "$name" "${took[$name]}"; done
printf '%-13s %5d s\n' total $((SECONDS - start_all))
exit $status
