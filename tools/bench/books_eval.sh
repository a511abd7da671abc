#!/usr/bin/env bash
# Register-entry field accuracy of the ledger reader (ocr/ledger.h) on
# generated civil-status books: a fresh seed with the development fonts, and
# the held-out font "Noto Serif". Goal: >= 95% exact per field.
#   tools/bench/books_eval.sh [BUILD_DIR=build] [BOOKS=6]
set -euo pipefail
build=${1:-build}
books=${2:-6}
export OMP_THREAD_LIMIT=1
eval_bin="$build/sohoa-books-eval"
[[ -x $eval_bin ]] || { echo "build $eval_bin first (ninja -C $build sohoa-books-eval)" >&2; exit 2; }
seed=$(( $(date +%s) % 100000 + 1000 ))
echo "== fresh seed $seed, default fonts, degraded scans"
"$eval_bin" --books "$books" --seed "$seed"
echo "== held-out font Noto Serif, seed $((seed + 1)), degraded scans"
"$eval_bin" --books "$books" --seed "$((seed + 1))" --fonts "Noto Serif"
