#!/usr/bin/env bash
# The search API under load: `sohoa serve` on a home of 1,000,000 synthetic
# pages (the search benchmark's), 50 concurrent clients on loopback (wrk),
# the search benchmark's query mix (names with and without tone marks,
# codes, citizen IDs, phrases, filters) asked by an archivist with a bearer
# token. Beside it, in the same run and on the same home: the same queries
# in-process (Catalog::SearchDossiers, the floor), through the command line
# (`sohoa search`, one process per query), and the API again with the audit
# log switched off, to show what recording every read costs.
#
# Clients are people: each of the 50 waits a think time (uniform, mean
# --think ms, default 1000) between reading a result and the next search,
# as archivists at their desks do. A last run with no think time at all
# (every client asking again the moment it has an answer) measures how many
# searches a second the machine can serve, where latency is only queueing.
# Goal (issue 13): p95 <= 50 ms at 50 clients.
#
#   tools/bench/api_bench.sh [--pages N] [--clients N] [--seconds N] [--think MS]
#                            [--threads N] [--build DIR] [--keep DIR] [--reuse]
#
# Building the home takes about ten minutes and 6.5 GB at 1,000,000 pages;
# --keep DIR keeps it, --reuse runs again on a kept home.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=$here/build
pages=1000000
clients=50
seconds=30
think=1000
threads=""
keep=""
reuse=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pages) pages=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --think) think=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --reuse) reuse=--reuse; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "api_bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -n "$reuse" && -z "$keep" ]]; then
  echo "api_bench.sh: --reuse needs --keep DIR (the home to run on again)" >&2
  exit 2
fi
command -v wrk >/dev/null || { echo "api_bench.sh: needs wrk (tools/install-deps.sh)" >&2; exit 2; }

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >&2  # as tools/build.sh
fi
ninja -C "$build" sohoa sohoa-search-bench >&2

work=${keep:-$(mktemp -d)}
mkdir -p "$work"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -z "$keep" ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
home=$work/home
queries=$work/queries.txt
export SOHOA_LANG=en OMP_THREAD_LIMIT=1

echo "== in-process: Catalog::SearchDossiers, one query at a time (the floor)"
"$build/sohoa-search-bench" --home "$home" --pages "$pages" --queries 100 --by-dossier \
  --write-queries "$queries" $reuse | grep -v '^ *\*\|^goals'

sohoa=("$build/sohoa" --home "$home")
# As the nightly sohoa-verify.service leaves a home: one index segment.
"${sohoa[@]}" compact >/dev/null
if ! "${sohoa[@]}" user list 2>/dev/null | grep -q '^bench\b'; then
  "${sohoa[@]}" user add bench --role archivist --agency 000.00.00.H32 --by api_bench >/dev/null
fi
token=$("${sohoa[@]}" user token bench --label api_bench 2>/dev/null | grep -o 'sohoa_[A-Za-z0-9_-]*' | head -1)
[[ -n "$token" ]] || { echo "api_bench.sh: no token from 'sohoa user token'" >&2; exit 1; }

echo
echo "== command line: sohoa search, one process per query (first 100 of the mix)"
head -n 100 "$queries" | while IFS= read -r q; do
  # As typed on a shell line: one argument per word (sohoa search joins them).
  read -ra words <<<"$q"
  start=$(date +%s%N)
  "${sohoa[@]}" search --json -- "${words[@]}" >/dev/null || echo "api_bench.sh: sohoa search failed on: $q" >&2
  echo $(( ($(date +%s%N) - start) / 1000 ))
done | sort -n | awk '{v[NR] = $1} END {
  printf "  sohoa search        p50 %7.2f ms  p95 %7.2f ms  (%d queries, process start included)\n",
         v[int(NR * 0.50) + 1] / 1000, v[int(NR * 0.95) + 1] / 1000, NR }'

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
lua=$work/search.lua
cat >"$lua" <<'LUA'
-- Each request asks the next query of the mix after a think time (THINK
-- ms on average, 0 for none); done() prints p50/p95/p99.
local queries, n = {}, 0
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for line in io.lines(os.getenv("QUERIES")) do n = n + 1; queries[n] = encode(line) end
local i = 0
local think = tonumber(os.getenv("THINK") or "0")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
function setup(thread) thread:set("seed", math.random(1, 1e9)) end
function init() math.randomseed(seed or 1); i = math.random(0, n - 1) end
function delay() if think > 0 then return math.random(0, 2 * think) end return 0 end
request = function()
  i = i % n + 1
  return wrk.format("GET", "/api/search?limit=20&q=" .. queries[i])
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read +
              summary.errors.write + summary.errors.timeout
  io.write(string.format("  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  %8.1f requests/s  %d requests, %d failed\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, bad))
end
LUA

run_api() {  # label, clients, think ms, then serve's extra options
  local label=$1 clients=$2 think_ms=$3
  shift 3
  "${sohoa[@]}" serve --listen "127.0.0.1:$port" ${threads:+--threads "$threads"} "$@" \
    >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  # Warm the page cache and the statement caches with one untimed pass.
  QUERIES=$queries TOKEN=$token THINK=0 wrk -t2 -c4 -d3s -s "$lua" "http://127.0.0.1:$port" >/dev/null
  printf '%-34s' "  $label"
  QUERIES=$queries TOKEN=$token THINK=$think_ms wrk -t"$((clients < 2 ? 1 : 2))" -c"$clients" -d"${seconds}s" --timeout 10s -s "$lua" \
    "http://127.0.0.1:$port" | tail -n 1
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

echo
echo "== HTTP API: GET /api/search, bearer token, archivist of the province, ${seconds} s each"
run_api "1 client, no think time" 1 0
run_api "$clients clients, audit on" "$clients" "$think"
run_api "$clients clients, audit off" "$clients" "$think" --audit off
run_api "$clients clients, no think time" "$clients" 0
echo
echo "goal                 p95 <= 50 ms at $clients clients (think time ${think} ms), audit on"
