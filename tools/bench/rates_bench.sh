#!/usr/bin/env bash
# Rate reports at province scale: a catalog of ROWS synthetic register rows
# (imported with StoreRegister) and ~0.87 x ROWS archived dossiers with their
# documents and pages (written with SQL), then each report ComputeRates makes:
# by agency, procedure, field, month, month x agency, one quarter, the total.
# Goal: <= 1 s per report at 1,000,000 rows. Prints wall and CPU seconds (on a
# shared machine the CPU figure is the one to read) and the load average.
#   tools/bench/rates_bench.sh [BUILD_DIR=build] [ROWS=1000000]
# Building the catalog takes minutes (about 700 MB in a temporary folder,
# removed afterwards); pass --dir DIR --keep, then --dir DIR --existing, to the
# binary to time the reports again without rebuilding it.
set -euo pipefail
build=${1:-build}
rows=${2:-1000000}
bench="$build/sohoa-rates-bench"
ninja -C "$build" sohoa-rates-bench >&2
"$bench" --rows "$rows" --runs 3
