#!/usr/bin/env bash
# Register-entry field accuracy of the ledger reader (ocr/ledger.h) on
# generated civil-status books: a fresh seed with the development fonts, and
# the held-out font "Noto Serif". Goal: >= 99% of fields exact. Each run also
# prints the pre-fill calibration table (precision and coverage per
# confidence threshold) that ocr::kPrefillMinConfidence is chosen from: the
# held-out run must keep >= 99% precision at it. About 2 minutes a run at 36
# books (2 pages of 8 entries each).
#   tools/bench/books_eval.sh [BUILD_DIR=build] [BOOKS=36] [CELLS_DIR]
# With CELLS_DIR, every read cell (field, confidence, exact) of each run is
# written to CELLS_DIR/dev.csv and CELLS_DIR/heldout.csv.
set -euo pipefail
build=${1:-build}
books=${2:-36}
cells=${3:-}
export OMP_THREAD_LIMIT=1
eval_bin="$build/sohoa-books-eval"
ninja -C "$build" sohoa-books-eval >&2
dev_csv=() held_csv=()
if [[ -n $cells ]]; then
  mkdir -p "$cells"
  dev_csv=(--cells-csv "$cells/dev.csv")
  held_csv=(--cells-csv "$cells/heldout.csv")
fi
seed=$(( $(date +%s) % 100000 + 1000 ))
echo "== fresh seed $seed, default fonts, degraded scans"
"$eval_bin" --books "$books" --seed "$seed" "${dev_csv[@]}"
echo "== held-out font Noto Serif, seed $((seed + 1)), degraded scans"
"$eval_bin" --books "$books" --seed "$((seed + 1))" --fonts "Noto Serif" "${held_csv[@]}"
