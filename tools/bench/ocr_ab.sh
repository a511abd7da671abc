#!/usr/bin/env bash
# Two or more sohoa binaries' OCR on the same generated corpus, in one run:
# CER and order-free WER per page class, and the pages each left turned wrong
# (sohoa-ocr-eval). For a change to the page preparation or Tesseract's
# settings: build the binary before and after, copy each, then
#   tools/bench/ocr_ab.sh [--seed S] [--dossiers N] [--font F] [--build DIR] BIN_A BIN_B ...
# Defaults: seed 501, 12 dossiers as PDFs in the held-out font "Noto Serif".
# Run it on two or more seeds: single pages swing by tens of points between
# settings (a changed reading order counts as CER), so read the order-free
# WER beside the CER.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/../../build"
seed=501
dossiers=12
font="Noto Serif"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed=$2; shift 2 ;;
    --dossiers) dossiers=$2; shift 2 ;;
    --font) font=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
[[ $# -ge 1 ]] || { echo "give the sohoa binaries to compare (try --help)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_THREAD_LIMIT=1 SOHOA_LANG=en
ninja -C "$build" sohoa-gen sohoa-ocr-eval >&2
"$build/sohoa-gen" --out "$work/corpus" --seed "$seed" --dossiers "$dossiers" --fonts "$font" \
  --formats pdf >/dev/null
n=0
for bin in "$@"; do
  n=$((n + 1))
  home="$work/home-$n"
  "$bin" --home "$home" init >/dev/null
  start=$(date +%s.%N)
  "$bin" --home "$home" ingest --quiet --workers 2 "$work"/corpus/*.pdf >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "== $bin, seed $seed: $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
  "$build/sohoa-ocr-eval" --truth "$work/corpus/ground-truth.json" --home "$home" | grep -v '^JSON'
done
