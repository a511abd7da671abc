#!/usr/bin/env bash
# Measures the text similarity behind missed-reuse detection on generated
# documents read by sohoa's OCR (re-scans and another photocopy of one ID
# card against different documents and different people) and prints the
# threshold between them; ingest/reuse_detect.h cites its output. A few
# minutes on two cores with the defaults.
#
#   tools/bench/reuse_eval.sh [--build DIR] [--seed N] [--people N] [--workers N]
#                             [--fonts "A,B"] [--shift-mm MM] [--keep DIR] [--dump DIR] [--from DIR]
#
# Re-scans and second copies lie up to --shift-mm (default 15) from the first
# scan's place on the glass, cropped where they leave it.
#
# The threshold in ingest/reuse_detect.h comes from
#   reuse_eval.sh --people 8                                  (seed 60611)
#   reuse_eval.sh --seed 7331 --people 6 --fonts "Noto Serif"
#   reuse_eval.sh --seed 4242 --people 8 --fonts "Noto Serif"
# --dump DIR keeps the recognised texts; --from DIR measures them again in
# a second, without rendering or OCR.
set -euo pipefail

build=build
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --seed|--people|--workers|--fonts|--keep|--dump|--from|--shift-mm) args+=("$1" "$2"); shift 2 ;;
    *) echo "reuse_eval.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# libgomp reads the limit when Tesseract loads: it must be in the environment.
export OMP_THREAD_LIMIT=1
start=$(date +%s)
ninja -C "$build" sohoa-reuse-eval >&2
"$build/sohoa-reuse-eval" "${args[@]}"
echo "took $(( $(date +%s) - start )) s" >&2
