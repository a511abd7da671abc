#!/usr/bin/env bash
# Chaos benchmark: nothing handed in is lost, and no file stops the service.
#
#   tools/bench/chaos_bench.sh [--ci] [--dossiers N] [--kills N] [--seed S]
#                              [--build DIR] [--work DIR]
#
# Generated dossiers (folders, PDFs, TIFFs and stacks) and a few poisoned
# entries (a PDF of 20,000 nested dictionaries, a folder linked to its own
# parent, links out of the inbox, a FIFO, a truncated TIFF, a file that is no
# scan) are dropped into the inbox while `sohoa watch` is killed with SIGKILL
# at random moments, and at chosen ones through SOHOA_FAULT (inside a stack,
# between a blob write and its commit, during a set-aside); then, with the
# home on a tmpfs of its own (root only), the disk is filled to 300 KB and
# freed again. At the end it checks and prints: dossiers lost, dossiers
# doubled, poisoned entries in failed/ with their reason, good entries set
# aside, the catalog's integrity check and `sohoa verify`. Exit 0 only when
# nothing was lost or doubled and every check passed.
#
# The default (long) mode drops 210 dossiers and kills 30 times: about
# 20-25 minutes on 2 cores. --ci drops 10 and kills 6: about 3 minutes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dossiers=210
kills=30
seed=11
build="${BUILD_DIR:-$repo/build}"
work="${WORK_DIR:-${TMPDIR:-/tmp}/sohoa-chaos}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ci) dossiers=10; kills=6; shift ;;
    --dossiers) dossiers="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
export OMP_THREAD_LIMIT=1
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
RANDOM=$seed
started=$(date +%s)

# --- build -------------------------------------------------------------------
if [[ ! -x "$build/sohoa" || ! -x "$build/sohoa-gen" ]]; then
  log "building sohoa and sohoa-gen in $build"
  # Configured as tools/build.sh configures build/, so the two share objects.
  [[ -f "$build/build.ninja" ]] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >/dev/null
  ninja -C "$build" sohoa sohoa-gen >/dev/null
fi
sohoa="$build/sohoa"

# --- the home, on a file system of its own when we may mount one ---------------
cleanup() {
  [[ -n "${watcher:-}" ]] && kill -9 "$watcher" 2>/dev/null || true
  [[ -n "${dropper:-}" ]] && kill "$dropper" 2>/dev/null || true
  wait 2>/dev/null || true
  # What was set aside, and the event log, outlive the tmpfs for a look.
  [[ -d "$work/disk/home/failed" ]] && cp -a "$work/disk/home/failed" "$work/failed" 2>/dev/null
  [[ -x "${sohoa:-}" && -d "$work/disk/home" ]] && "$sohoa" --home "$work/disk/home" log >"$work/log.txt" 2>/dev/null
  mountpoint -q "$work/disk" 2>/dev/null && umount "$work/disk"
  return 0
}
trap cleanup EXIT
mountpoint -q "$work/disk" 2>/dev/null && umount "$work/disk"
rm -rf "$work"
mkdir -p "$work/disk"
tmpfs=0
if [[ $(id -u) == 0 ]] && mount -t tmpfs -o size=$((dossiers * 12 + 400))m tmpfs "$work/disk" 2>/dev/null; then
  tmpfs=1
else
  log "no tmpfs (needs root): the full-disk phase is skipped"
fi
home="$work/disk/home"
"$sohoa" --home "$home" init >/dev/null
S() { "$sohoa" --home "$home" "$@"; }

# --- what is dropped -------------------------------------------------------------
log "generating $dossiers dossiers (seed $seed)"
corpus="$work/corpus"
"$build/sohoa-gen" --out "$corpus" --seed "$seed" --dossiers "$dossiers" --dpi 200 \
  --formats folder,pdf,tiff,stack --stack 3 >/dev/null
truth="$corpus/ground-truth.json"
mapfile -t good < <(cd "$corpus" && ls -1 | grep -v -e '^ground-truth.json$' -e '^register.csv$')

poison="$work/poison"
mkdir -p "$poison"
python3 - "$poison" <<'EOF'
import sys
out = sys.argv[1]
inner = "<< /A " * 20000 + "1" + " >>" * 20000
objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /X %s >>" % inner]
pdf, offs = "%PDF-1.4\n", []
for i, o in enumerate(objs):
    offs.append(len(pdf)); pdf += "%d 0 obj\n%s\nendobj\n" % (i + 1, o)
x = len(pdf)
pdf += "xref\n0 4\n0000000000 65535 f \n" + "".join("%010d 00000 n \n" % o for o in offs)
pdf += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
open(out + "/deep-nested.pdf", "w").write(pdf)
open(out + "/not-a-scan.pdf", "wb").write(b"PK\x03\x04" + b"word/document.xml" * 100)
EOF
tiff=$(cd "$corpus" && ls -1 ./*.tif | head -1)
head -c $(( $(stat -c %s "$corpus/$tiff") * 4 / 10 )) "$corpus/$tiff" >"$poison/truncated.tif"
folder=$(cd "$corpus" && for f in *; do [[ -d $f ]] && echo "$f" && break; done)
mkdir -p "$poison/loop-folder"
cp "$corpus/$folder"/* "$poison/loop-folder/"
poisoned=(deep-nested.pdf not-a-scan.pdf truncated.tif loop-folder passwd-link outside-link pipe)

# Entries in a random order, poison among them.
entries=()
for g in "${good[@]}"; do entries+=("good:$g"); done
for p in "${poisoned[@]}"; do entries+=("poison:$p"); done
mapfile -t entries < <(printf '%s\n' "${entries[@]}" | shuf --random-source=<(yes "$seed"))
# The chosen faults come first and need their moments early: a stack and a
# file to set aside go in first.
stack=$(cd "$corpus" && ls -1 | grep '^stack-' | head -1)
front=("poison:not-a-scan.pdf" ${stack:+"good:$stack"})
mapfile -t entries < <(printf '%s\n' "${front[@]}"; printf '%s\n' "${entries[@]}" | grep -v -x -F -f <(printf '%s\n' "${front[@]}"))
log "${#entries[@]} entries: ${#good[@]} generated (${dossiers} dossiers), ${#poisoned[@]} poisoned"

# Four in five are dropped while the watcher is being killed, the rest when
# the disk is full.
held_back=$(( ${#entries[@]} / 5 ))
first=("${entries[@]:0:${#entries[@]}-held_back}")
rest=("${entries[@]:${#entries[@]}-held_back}")

drop() {  # drop ENTRY...
  local inbox="$home/inbox" kind name
  for e in "$@"; do
    kind=${e%%:*}; name=${e#*:}
    case "$kind:$name" in
      poison:passwd-link) ln -s /etc/passwd "$inbox/$name" ;;
      poison:outside-link) ln -s "$corpus/$folder" "$inbox/$name" ;;
      poison:pipe) mkfifo "$inbox/$name" ;;
      poison:loop-folder) cp -r "$poison/$name" "$inbox/$name"; ln -s .. "$inbox/$name/loop" ;;
      poison:*) cp -r "$poison/$name" "$inbox/$name" ;;
      good:*) cp -r "$corpus/$name" "$inbox/$name" ;;
    esac
    sleep "0.$((RANDOM % 4))"
  done
}

# --- the run -----------------------------------------------------------------------
watcher=""
events="$work/events.jsonl"
start_watcher() {  # start_watcher [SOHOA_FAULT spec]
  SOHOA_FAULT="${1:-}" "$sohoa" --home "$home" watch --settle 0.5 --poll 0.3 --retry 2 --json \
    >>"$events" 2>>"$work/watch.err" &
  watcher=$!
}
stop_watcher_hard() { kill -9 "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true; watcher=""; }
inbox_busy() { [[ -n "$(ls -A "$home/inbox" 2>/dev/null)" || -n "$(ls -A "$home/work" 2>/dev/null)" ]]; }

log "dropping while the watcher is killed $kills times at random and 3 times at chosen moments"
drop "${first[@]}" &
dropper=$!
stack_code=$(jq -r --arg s "$stack" '[.dossiers[] | select(.path == $s)][0].code // empty' "$truth")
chosen=("kill:during-set-aside" "kill:after-dossier-commit@${stack_code:-000}" "kill:after-blob-write")
random_kills=0
chosen_fired=0
chosen_missed=0
for fault in "${chosen[@]}"; do
  start_watcher "$fault"
  for ((t = 0; t < 1200; t++)); do kill -0 "$watcher" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$watcher" 2>/dev/null; then
    chosen_missed=$((chosen_missed + 1))
    log "  fault $fault not reached in 120 s"
    stop_watcher_hard
  else
    wait "$watcher" 2>/dev/null || true
    chosen_fired=$((chosen_fired + 1))
    log "  fault $fault fired"
    watcher=""
  fi
done
for ((i = 1; i <= kills; i++)); do
  start_watcher
  sleep "$((2 + RANDOM % 10)).$((RANDOM % 10))"
  stop_watcher_hard
  random_kills=$((random_kills + 1))
done
wait "$dropper" 2>/dev/null || true
dropper=""

waits=0
if [[ $tmpfs == 0 ]]; then drop "${rest[@]}"; fi
if [[ $tmpfs == 1 ]]; then
  log "dropping the last ${#rest[@]} entries, filling the disk to 300 KB free, and starting the watcher"
  drop "${rest[@]}"
  free=$(df --output=avail -B1 "$work/disk" | tail -1)
  if ((free > 400000)); then fallocate -l $((free - 300000)) "$work/disk/filler"; fi
  start_watcher
  sleep 20
  kill -0 "$watcher" 2>/dev/null || { echo "the watcher died on a full disk" >&2; exit 1; }
  rm -f "$work/disk/filler"
  log "disk freed"
  waits=$(grep -c '"event":"waiting"' "$events" || true)
fi

log "letting the watcher finish the inbox"
[[ -n "$watcher" ]] || start_watcher
for ((t = 0; t < 7200; t++)); do
  inbox_busy || break
  kill -0 "$watcher" 2>/dev/null || start_watcher
  sleep 1
done
kill -TERM "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true
watcher=""

# --- the checks ------------------------------------------------------------------------
log "checking"
# Counted by page: every page of every generated file must be archived
# exactly once, whichever dossier it went to (how a stack is split is the
# understanding's business, measured by understand_eval, not this).
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
extra=$(comm -13 "$work/pages.expected" <(sort -u "$work/pages.archived") | wc -l)
codes_expected=$(jq -r '.dossiers[].code' "$truth" | sort -u | wc -l)
codes_found=$(jq -r '.dossiers[].code' "$truth" | sort -u | comm -12 - "$work/codes.archived" | wc -l)

poison_ok=0
for p in "${poisoned[@]}"; do
  case $p in
    loop-folder) note="$home/failed/$p/loop.error.txt" ;;
    *) note="$home/failed/$p.error.txt" ;;
  esac
  if [[ -f "$note" ]] && grep -q -e '^reason:  .' -e '^lý do:   .' "$note"; then poison_ok=$((poison_ok + 1)); else log "  no note for $p"; fi
done
good_set_aside=0
for g in "${good[@]}"; do
  [[ -e "$home/failed/$g" ]] && good_set_aside=$((good_set_aside + 1))
done
# One full re-hash, read from the JSON's keys (the summary's words follow
# the language).
verify_json=$(S verify --json 2>/dev/null) && verify_ok=1 || verify_ok=0
integrity=$(jq -r 'if .catalog_problems == [] then "ok" else "FAILED" end' <<<"$verify_json" 2>/dev/null ||
  echo FAILED)
[[ $integrity == ok ]] || verify_ok=0
verify_out=$(jq -r '"\(if .ok then "ok" else "FAILED" end): checked \(.checked) of \(.referenced) blobs (\(.bytes_checked / 1048576 | floor) MB), \(.problems | length) problem(s), \(.leftovers | length) leftover temporary file(s)"' \
  <<<"$verify_json" 2>/dev/null || echo "FAILED: verify printed no report")
pages=$(S log --json --type ingestion | jq '[.[] | .detail | capture("\\((?<n>[0-9]+) page") | .n | tonumber] | add // 0')
set_asides=$(grep -c '"event":"set_aside"' "$events" || true)
elapsed=$(( $(date +%s) - started ))
inbox_left=$(ls -A "$home/inbox" | wc -l)
work_left=$(ls -A "$home/work" | wc -l)

cat <<EOF

== sohoa chaos benchmark ==
dropped        ${#entries[@]} entries: ${#good[@]} generated holding $dossiers dossiers (folders, PDFs, TIFFs, stacks of 3), ${#poisoned[@]} poisoned
kills          $random_kills SIGKILLs at random moments; chosen faults: $chosen_fired fired, $chosen_missed not reached
               (inside a stack, between a blob write and its commit, during a set-aside)
disk full      $( ((tmpfs)) && echo "filled to 300 KB for 20 s and freed; 'cannot archive now' reported $waits time(s)" || echo "skipped (needs root)")
result         pages lost $lost, doubled $doubled of $(wc -l <"$work/pages.expected") scanned   (goal 0 and 0); pages from nowhere: $extra
               dossier codes as generated: $codes_found of $codes_expected
               poisoned entries in failed/ with their reason: $poison_ok of ${#poisoned[@]}
               generated entries set aside: $good_set_aside; set-aside events: $set_asides
               left behind: $inbox_left in inbox/, $work_left in work/
catalog        integrity check $integrity
verify         $verify_out
pages          $pages archived in ${elapsed} s in all ($(awk "BEGIN { printf \"%.2f\", $pages / $elapsed }") pages/s, kills and restarts included)
outputs in $work
EOF
((lost == 0 && doubled == 0 && extra == 0 && poison_ok == ${#poisoned[@]} && verify_ok == 1 && inbox_left == 0 && work_left == 0))
