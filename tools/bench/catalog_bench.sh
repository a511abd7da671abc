#!/usr/bin/env bash
# The two catalog backends side by side (issue 15), in one run on one machine:
#   1. the search benchmark (search_bench.cc: synthetic pages, the query mix
#      people type) on the SQLite catalog at PAGES pages;
#   2. the same on a PostgreSQL catalog at PAGES pages;
#   3. the same on PostgreSQL at BIG pages;
#   4. the rates report over ROWS register rows on PostgreSQL (rates_bench.cc;
#      its archived dossiers filled by rates_fill_postgresql.sql).
# Each search run prints indexing pages/s and p50/p95/p99 per query class;
# the summary at the end puts them together with each catalog's size.
# Goals: search p95 <= 50 ms at 10,000,000 pages, rates <= 2 s at
# 10,000,000 rows.
#
#   tools/bench/catalog_bench.sh [--pages N] [--big N] [--rows N] [--queries N]
#                                [--dir DIR] [--build DIR] [--no-build] [--skip STEP,...]
#
# Defaults: --pages 1000000 --big 10000000 --rows 10000000 --queries 200.
# STEP is sqlite, pg, pg-big or rates. The PostgreSQL cluster is a throwaway
# one in DIR (tools/pg-cluster.sh) with production-like settings (fsync on,
# 4 GB of shared buffers), stopped at the end; DIR (default: a new folder
# under /var/tmp) needs about 2 KB per page and 0.3 KB per register row for
# each run, and is removed at the end unless given. The full run takes hours
# on 2 cores (10,000,000 pages dominate); --big 2000000 is a quicker check.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=$here/build
pages=1000000
big=10000000
rows=10000000
queries=200
dir=""
skip=""
no_build=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pages) pages=$2; shift 2 ;;
    --big) big=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --skip) skip=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "catalog_bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
skipped() { [[ ",$skip," == *",$1,"* ]]; }

if [[ -z "$no_build" ]]; then
  if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >&2  # as tools/build.sh
  fi
  ninja -C "$build" sohoa-search-bench sohoa-rates-bench >&2
fi

keep_dir=1
if [[ -z "$dir" ]]; then
  dir=$(mktemp -d /var/tmp/sohoa-catalog-bench.XXXXXX)
  keep_dir=""
fi
mkdir -p "$dir"
pg=$dir/pg
cleanup() {
  "$here/tools/pg-cluster.sh" stop "$pg" >/dev/null 2>&1 || true
  [[ -z "$keep_dir" ]] && rm -rf "$dir"
}
trap cleanup EXIT

# A cluster set up as a server would be: durable commits, a quarter of the
# memory of a small database server as shared buffers, room for bulk loads.
export SOHOA_PG_SETTINGS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on \
-c shared_buffers=4GB -c effective_cache_size=12GB -c maintenance_work_mem=1GB -c work_mem=64MB \
-c max_wal_size=16GB -c checkpoint_timeout=30min"
url=$("$here/tools/pg-cluster.sh" start "$pg")
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "${url/\/sohoa\?//postgres?}" "$@"; }
database() {  # a fresh database; its URL
  psql_admin -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  echo "${url/\/sohoa\?//$1?}"
}
database_size() {
  psql -X -A -t "${url/\/sohoa\?//postgres?}" -c "SELECT pg_size_pretty(pg_database_size('$1'))"
}

summary=$dir/summary.txt
: >"$summary"
search_run() {  # name, pages, [--catalog URL]
  local name=$1 n=$2
  shift 2
  echo "== search: $name, $n pages ==" | tee -a "$summary"
  local out=$dir/$name.out
  /usr/bin/time -f "%e s wall, %M KB peak RSS (the benchmark process)" \
    "$build/sohoa-search-bench" --home "$dir/$name-home" --pages "$n" --queries "$queries" --compact "$@" \
    2>"$dir/$name.err" | tee "$out"
  tail -1 "$dir/$name.err" | tee -a "$summary"
  grep -E "^(pages|indexing|compacting|home size)|overall|^  [a-z]+ " "$out" >>"$summary" || true
  rm -rf "$dir/$name-home"
}

if ! skipped sqlite; then
  search_run sqlite "$pages"
fi
if ! skipped pg; then
  search_run pg "$pages" --catalog "$(database search_small)"
  echo "catalog database: $(database_size search_small)" | tee -a "$summary"
  psql_admin -c "DROP DATABASE search_small"
fi
if ! skipped pg-big; then
  search_run pg-big "$big" --catalog "$(database search_big)"
  echo "catalog database: $(database_size search_big)" | tee -a "$summary"
  psql_admin -c "DROP DATABASE search_big"
fi
if ! skipped rates; then
  echo "== rates: PostgreSQL, $rows register rows ==" | tee -a "$summary"
  rates_url=$(database rates)
  "$build/sohoa-rates-bench" --dir "$dir/rates-home" --catalog "$rates_url" --rows "$rows" --register-only \
    | tee -a "$summary"
  start=$(date +%s)
  psql -X -q -v ON_ERROR_STOP=1 "$rates_url" -f "$here/tools/bench/rates_fill_postgresql.sql" | tail -3
  echo "archive   filled with rates_fill_postgresql.sql in $(( $(date +%s) - start )) s" | tee -a "$summary"
  "$build/sohoa-rates-bench" --dir "$dir/rates-home" --catalog "$rates_url" --rows "$rows" --existing --runs 3 \
    | tee -a "$summary"
  echo "catalog database: $(database_size rates)" | tee -a "$summary"
fi

echo
echo "==== summary ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) ===="
cat "$summary"
