#!/usr/bin/env bash
# Builds the search benchmark and runs it: a home of synthetic pages (the
# generator's receipts, forms, CCCD copies and results as text, no OCR),
# then a mix of name, code, phrase, prefix and filtered queries.
# Prints indexing pages/s, the home's size and p50/p95/p99 latencies.
# Goals (issue 5): indexing >= 2,000 pages/s; p95 <= 20 ms at 1,000,000 pages.
#
#   tools/bench/search_bench.sh [--pages N] [--queries N] [--build DIR] [--keep DIR] [--reuse]
#
# 1,000,000 pages take about ten minutes and 6.5 GB of disk; --keep DIR
# keeps the home, and --reuse searches a kept home again without indexing.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=$here/build
pages=1000000
queries=200
keep=""
reuse=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pages) pages=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --reuse) reuse=--reuse; shift ;;
    *) echo "search_bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -n "$reuse" && -z "$keep" ]]; then
  echo "search_bench.sh: --reuse needs --keep DIR (the home to search again)" >&2
  exit 2
fi

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >&2  # as tools/build.sh
fi
ninja -C "$build" sohoa-search-bench >&2

work=${keep:-$(mktemp -d)}
[[ -z "$keep" ]] && trap 'rm -rf "$work"' EXIT
"$build/sohoa-search-bench" --home "$work/home" --pages "$pages" --queries "$queries" $reuse
