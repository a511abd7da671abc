#!/usr/bin/env bash
# Cluster chaos benchmark (issue 16): the national deployment's moving parts
# on loopback — a PostgreSQL catalog (tools/pg-cluster.sh), an S3 blob store
# that checks signatures (tools/s3-server.sh: Swift's s3api), `sohoa watch
# --queue` uploading inbox entries and queueing them, and 3 `sohoa worker`s
# taking jobs — while workers are killed with SIGKILL at random and started
# again, and the S3 server is stopped and started once mid-run. At the end it
# checks and prints: pages lost and doubled (each page of each generated file
# archived exactly once), jobs failed, a full `sohoa verify` against S3 (every
# blob read back and its SHA-256 compared), and what is left in the inbox.
# Then (not with --ci) the pages per second of 1, 2 and 3 workers beside one
# `sohoa ingest` process on the same files, in the same run.
#
#   tools/bench/cluster_chaos_bench.sh [--ci] [--files N] [--kills N] [--seed S]
#                                      [--speed-files N] [--s3-down SECONDS]
#                                      [--build DIR] [--work DIR]
#
# Default (long) mode: 200 files, 30 kills, then the speed runs on 24 files:
# about 30-40 minutes on 2 cores. --ci: 12 files, 6 kills, no speed runs:
# about 3-4 minutes. --s3-down: how long the S3 server stays stopped (5 s;
# longer outages outlast the S3 client's own retries, so every caller sees
# the store fail). Exit 0 only when nothing was lost or doubled, no job
# failed, nothing was set aside and verify is clean; otherwise what went
# missing is printed with the events that touched it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
files=200
kills=30
speed_files=24
seed=16
s3_down=5
ci=0
build="${BUILD_DIR:-$repo/build}"
work="${WORK_DIR:-${TMPDIR:-/tmp}/sohoa-cluster-chaos}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ci) ci=1; files=12; kills=6; speed_files=0; shift ;;
    --files) files="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --speed-files) speed_files="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --s3-down) s3_down="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
export OMP_THREAD_LIMIT=1 SOHOA_LANG=en
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
RANDOM=$seed
started=$(date +%s)

if [[ ! -x "$build/sohoa" || ! -x "$build/sohoa-gen" ]]; then
  log "building sohoa and sohoa-gen in $build"
  [[ -f "$build/build.ninja" ]] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >/dev/null
  ninja -C "$build" sohoa sohoa-gen >/dev/null
fi
sohoa="$build/sohoa"

# --- the servers, each in a folder of its own, stopped however this ends --------
workers=()
watcher=""
cleanup() {
  for pid in "${workers[@]}" $watcher; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$repo/tools/s3-server.sh" stop "$work/s3" >/dev/null 2>&1 || true
  "$repo/tools/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  return 0
}
trap cleanup EXIT
cleanup
rm -rf "$work"
mkdir -p "$work"
log "starting PostgreSQL and the S3 server (Swift s3api) on loopback"
catalog=$("$repo/tools/pg-cluster.sh" start "$work/pg")
set -a
eval "$("$repo/tools/s3-server.sh" start "$work/s3" sohoa-chaos)"
set +a
blobs="s3://sohoa-chaos/home"

# A home: a folder for the inbox and work, the catalog and blobs on the servers.
new_home() {  # new_home DIR DATABASE PREFIX
  psql -q "$catalog" -c "CREATE DATABASE $2" >/dev/null
  "$sohoa" --home "$1" --catalog "$(sed "s|/sohoa?|/$2?|" <<<"$catalog")" --blobs "s3://sohoa-chaos/$3" init >/dev/null
}
home="$work/home"
new_home "$home" chaos home
S() { "$sohoa" --home "$home" "$@"; }

log "generating $files files (seed $seed)"
corpus="$work/corpus"
"$build/sohoa-gen" --out "$corpus" --seed "$seed" --dossiers "$files" --dpi 200 --formats folder,pdf,tiff \
  >/dev/null
truth="$corpus/ground-truth.json"
mapfile -t good < <(cd "$corpus" && ls -1 | grep -v -e '^ground-truth.json$' -e '^register.csv$')

# --- the run ------------------------------------------------------------------------
events="$work/events.jsonl"
start_watcher() {
  "$sohoa" --home "$home" watch --queue --max-attempts 8 --settle 0.5 --poll 0.3 --retry 2 --json \
    >>"$events" 2>>"$work/watch.err" &
  watcher=$!
}
start_worker() {  # start_worker SLOT
  "$sohoa" --home "$home" worker --id "w$1" --lease 20 --poll 0.5 --retry 2 --workers 1 --json \
    >>"$work/worker-$1.jsonl" 2>>"$work/worker-$1.err" &
  workers[$1]=$!
}
queue_busy() {
  # The watcher's claims in work/ (not the workers' own work/jobs/).
  [[ -n "$(ls -A "$home/inbox" 2>/dev/null)" || -n "$(ls -A "$home/work" 2>/dev/null | grep -v -e '^\.' -e '^jobs$')" ]] &&
    return 0
  local totals
  totals=$(S status --json 2>/dev/null | jq -r '.totals | "\(.waiting) \(.leased)"') || return 0
  [[ "$totals" != "0 0" ]]
}

start_watcher
for slot in 0 1 2; do start_worker "$slot"; done
log "dropping ${#good[@]} files while workers are killed $kills times at random"
(
  for g in "${good[@]}"; do
    cp -r "$corpus/$g" "$home/inbox/.$g.part" && mv "$home/inbox/.$g.part" "$home/inbox/$g"
    sleep "0.$((RANDOM % 5))"
  done
) &
dropper=$!
s3_restarted=0
for ((i = 1; i <= kills; i++)); do
  sleep "$((1 + RANDOM % 6)).$((RANDOM % 10))"
  slot=$((RANDOM % 3))
  kill -9 "${workers[$slot]}" 2>/dev/null || true
  wait "${workers[$slot]}" 2>/dev/null || true
  start_worker "$slot"
  if ((i == kills / 2)); then
    log "  stopping the S3 server for $s3_down s"
    "$repo/tools/s3-server.sh" stop "$work/s3" >/dev/null
    sleep "$s3_down"
    "$repo/tools/s3-server.sh" start "$work/s3" sohoa-chaos >/dev/null
    s3_restarted=1
  fi
done
wait "$dropper" 2>/dev/null || true
log "letting the workers finish the queue"
for ((t = 0; t < 7200; t++)); do
  queue_busy || break
  kill -0 "$watcher" 2>/dev/null || start_watcher
  for slot in 0 1 2; do kill -0 "${workers[$slot]}" 2>/dev/null || start_worker "$slot"; done
  sleep 1
done
for pid in "${workers[@]}" "$watcher"; do kill -TERM "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
workers=()
watcher=""
run_seconds=$(( $(date +%s) - started ))

# --- the checks ------------------------------------------------------------------------
log "checking"
(cd "$corpus" && find . -type f ! -name ground-truth.json ! -name register.csv -printf '%P\n' |
  xargs -d '\n' sha256sum) | awk '{ print $2 "\t" $1 }' >"$work/corpus.sha"
jq -r '.dossiers[] | .documents[].pages[] | [.file, .page_index] | @tsv' "$truth" |
  awk -F'\t' 'NR == FNR { sha[$1] = $2; next } { print sha[$1] "#" $2 }' "$work/corpus.sha" - |
  sort >"$work/pages.expected"
mkdir -p "$work/dossiers"
S log --json --type ingestion | jq -r '.[].object' | sort -u >"$work/codes.archived"
while read -r code; do
  S show "$code" --json >"$work/dossiers/$code.json" 2>/dev/null || continue
  jq -r '.documents[] | .source_sha256 as $s | .pages[] | $s + "#" + (.source_page | tostring)' \
    "$work/dossiers/$code.json"
done <"$work/codes.archived" | sort >"$work/pages.archived"
lost=$(comm -23 "$work/pages.expected" <(sort -u "$work/pages.archived") | wc -l)
doubled=$(uniq -d "$work/pages.archived" | wc -l)
dossiers_doubled=$(jq -r '.dossiers[].code' "$truth" | sort | uniq -d | wc -l)
codes_expected=$(jq -r '.dossiers[].code' "$truth" | sort -u | wc -l)
codes_found=$(jq -r '.dossiers[].code' "$truth" | sort -u | comm -12 - "$work/codes.archived" | wc -l)
status_json=$(S status --json)
jobs_failed=$(jq '.totals.failed' <<<"$status_json")
stops=$(S jobs --list done --limit 100000 --json 2>/dev/null | jq '[.[] | .stopped // 0] | add // 0')
verify_json=$(S verify --json 2>/dev/null) && verify_ok=1 || verify_ok=0
verify_out=$(jq -r '"\(if .ok then "ok" else "FAILED" end): checked \(.checked) of \(.referenced) blobs in S3 (\(.bytes_checked / 1048576 | floor) MB), \(.problems | length) problem(s)"' \
  <<<"$verify_json" 2>/dev/null || echo "FAILED: verify printed no report")
pages=$(wc -l <"$work/pages.archived")
inbox_left=$(ls -A "$home/inbox" | wc -l)
# Files set aside (a copy under failed/ with its note): none of these files is
# bad, so each one is a service fault taken for the file's.
set_aside=$(cat "$events" "$work"/worker-*.jsonl 2>/dev/null | jq -c 'select(.event == "set_aside")' | wc -l)

# What went missing, with every event that touched it: a failed CI run must be
# readable from its log alone.
explain() {
  echo
  echo "== what went wrong =="
  if ((lost > 0)); then
    echo "pages lost (file#page, and the file's events):"
    comm -23 "$work/pages.expected" <(sort -u "$work/pages.archived") | while IFS='#' read -r sha page; do
      file=$(awk -F'\t' -v s="$sha" '$2 == s { print $1; exit }' "$work/corpus.sha")
      echo "  $file page $page"
    done
    comm -23 "$work/pages.expected" <(sort -u "$work/pages.archived") | cut -d'#' -f1 | sort -u |
      while read -r sha; do
        file=$(awk -F'\t' -v s="$sha" '$2 == s { print $1; exit }' "$work/corpus.sha")
        entry=${file%%/*}
        echo "  -- $entry"
        { grep -h -F "\"inbox/$entry" "$events" "$work"/worker-*.jsonl 2>/dev/null || true; } | sort | sed 's/^/     /'
        for state in waiting leased done failed; do
          { S jobs --list "$state" --limit 100000 --json 2>/dev/null || echo '[]'; } |
            jq -c --arg e "$entry" '.[] | select(tostring | contains($e))' | sed 's/^/     job /' || true
        done
      done
  fi
  if ((set_aside > 0)); then
    echo "set aside:"
    cat "$events" "$work"/worker-*.jsonl | jq -c 'select(.event == "set_aside")' | sed 's/^/  /'
  fi
  if ((verify_ok == 0)); then
    echo "verify's problems:"
    { jq -c '.problems[]?' <<<"$verify_json" 2>/dev/null || true; } | head -20 | sed 's/^/  /'
  fi
  for f in "$work"/worker-*.err "$work/watch.err"; do
    [[ -s "$f" ]] || continue
    echo "$(basename "$f") (last lines):"
    tail -n 15 "$f" | sed 's/^/  /'
  done
}

# --- speed: 1, 2 and 3 workers beside one ingest process, on the same files --------
speed=""
if ((speed_files > 0)); then
  mapfile -t sample < <(printf '%s\n' "${good[@]}" | head -n "$speed_files")
  sample_pages=$(jq '[.dossiers[] | select(.path as $p | $ARGS.positional | index($p)) | .documents[].pages[]]
    | length' "$truth" --args "${sample[@]}")
  mkdir -p "$work/speed-in"
  for s in "${sample[@]}"; do cp -r "$corpus/$s" "$work/speed-in/"; done
  log "speed: one 'sohoa ingest' process on ${#sample[@]} files ($sample_pages pages), SQLite and a folder"
  "$sohoa" --home "$work/speed-ingest" init >/dev/null
  t0=$(date +%s.%N)
  "$sohoa" --home "$work/speed-ingest" ingest "$work/speed-in" >/dev/null 2>&1
  ingest_s=$(awk "BEGIN { print $(date +%s.%N) - $t0 }")
  speed="ingest (1 process)   $(awk "BEGIN { printf \"%6.2f pages/s  %6.1f s\", $sample_pages / $ingest_s, $ingest_s }")"
  for n in 1 2 3; do
    log "speed: $n worker(s) on PostgreSQL + S3"
    h="$work/speed-$n"
    new_home "$h" "speed$n" "speed$n"
    for s in "${sample[@]}"; do cp -r "$corpus/$s" "$h/inbox/"; done
    "$sohoa" --home "$h" watch --queue --once --settle 0 >/dev/null 2>&1
    t0=$(date +%s.%N)
    pids=()
    for ((k = 0; k < n; k++)); do
      "$sohoa" --home "$h" worker --once --id "s$k" --poll 0.2 --workers 1 >/dev/null 2>&1 &
      pids+=($!)
    done
    wait "${pids[@]}"
    secs=$(awk "BEGIN { print $(date +%s.%N) - $t0 }")
    speed+=$'\n'"               $n worker(s)          $(awk "BEGIN { printf \"%6.2f pages/s  %6.1f s  (%.2fx one ingest process)\", $sample_pages / $secs, $secs, $ingest_s / $secs }")"
  done
fi

cat <<EOF

== sohoa cluster chaos benchmark ==
setup          PostgreSQL 15 catalog + Swift s3api blob store on loopback; 1 'watch --queue', 3 workers
dropped        ${#good[@]} generated files holding $codes_expected dossiers (folders, PDFs, TIFFs)
chaos          $kills workers killed with SIGKILL at random and restarted; S3 server stopped and started: $s3_restarted time(s)
               leases that ran out and were taken again: $stops
result         pages lost $lost, doubled $doubled of $(wc -l <"$work/pages.expected") scanned   (goal 0 and 0)
               dossier codes as generated: $codes_found of $codes_expected; jobs failed: $jobs_failed; left in inbox/: $inbox_left; set aside: $set_aside
verify         $verify_out
run            $pages pages archived in $run_seconds s, kills and restarts included
EOF
[[ -n "$speed" ]] && echo "speed          $speed"
echo "outputs in $work"
ok=0
((lost == 0 && doubled == 0 && jobs_failed == 0 && verify_ok == 1 && inbox_left == 0 && dossiers_doubled == 0 &&
  set_aside == 0)) && ok=1
((ok == 1)) || explain
((ok == 1))
