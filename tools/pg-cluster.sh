#!/usr/bin/env bash
# A throwaway PostgreSQL cluster in a folder of its own, for tests and
# benchmarks: never the system's cluster, never a TCP port (a Unix socket in
# that folder), so parallel runs do not meet.
#
#   tools/pg-cluster.sh start DIR   initdb into DIR/data and start it; prints
#                                   the catalog URL (postgresql://...) to use
#   tools/pg-cluster.sh stop DIR    stops it (the folder stays; rm -rf it)
#   tools/pg-cluster.sh url DIR     prints the URL of a started cluster
#
# initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` user that Debian's postgresql package makes, and DIR is given
# to it. Settings are for tests: no fsync (a crash of a test cluster loses
# nothing that matters), trust on the socket only. SOHOA_PG_SETTINGS adds
# server settings after those ("-c fsync=on -c shared_buffers=4GB": a
# benchmark's cluster, tools/bench/catalog_bench.sh).
set -euo pipefail

usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; }
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  start | stop | url) ;;
  *) usage >&2; exit 2 ;;
esac
[[ $# -eq 2 ]] || { usage >&2; exit 2; }
command=$1
dir=$(realpath -m "$2")

bin=
for candidate in /usr/lib/postgresql/*/bin; do
  [[ -x $candidate/initdb ]] && bin=$candidate
done
if [[ -z $bin ]]; then
  echo "pg-cluster.sh: PostgreSQL's server is not installed: run tools/install-deps.sh" >&2
  exit 3
fi

as_owner=()
owner=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  as_owner=(runuser -u postgres --)
fi
port=5432  # names the socket file only: nothing listens on TCP

url() { echo "postgresql:///sohoa?host=$dir/sock&port=$port&user=$owner"; }

case $command in
  start)
    if [[ -f $dir/data/postmaster.pid ]] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      url
      exit 0
    fi
    mkdir -p "$dir/sock"
    [[ -n ${as_owner[*]} ]] && chown -R postgres: "$dir"
    # The folder's parents must let the owner through (a mktemp -d under
    # /tmp is 0700 root): the socket folder is reached by its path.
    parent=$dir
    while [[ $parent != / ]]; do
      parent=$(dirname "$parent")
      [[ -n ${as_owner[*]} ]] && [[ $(stat -c %U "$parent") == root ]] && chmod o+x "$parent"
    done
    fresh=
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      "${as_owner[@]}" "$bin/initdb" --no-sync -A trust -E UTF8 --locale=C -U "$owner" -D "$dir/data" \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      fresh=1
    fi
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-k $dir/sock -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${SOHOA_PG_SETTINGS:-}" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    if [[ -n $fresh ]]; then
      "${as_owner[@]}" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p $port -U "$owner" -d postgres \
        -c "CREATE DATABASE sohoa" >/dev/null
    fi
    url
    ;;
  stop)
    [[ -f $dir/data/postmaster.pid ]] || exit 0
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  url) url ;;
esac
