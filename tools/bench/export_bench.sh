#!/usr/bin/env bash
# Export throughput: `sohoa export` of a home of synthetic dossiers into a
# BagIt .tar, against GNU `tar -cf` of the same blob files in the same run
# (goal: sohoa >= 0.8x tar's MB/s); and peak RSS of the export at two home
# sizes, to show memory does not grow with the bytes exported.
#   tools/bench/export_bench.sh [BUILD_DIR=build] [MEGABYTES=400] [RUNS=3]
set -euo pipefail
build=${1:-build}
megabytes=${2:-400}
runs=${3:-3}
export OMP_THREAD_LIMIT=1
sohoa="$build/sohoa"
filler="$build/sohoa-export-bench"
ninja -C "$build" sohoa sohoa-export-bench >&2
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sohoa-export-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
small=$((megabytes / 4))
echo "== building homes of $small MB and $megabytes MB of blobs in $work"
"$filler" --home "$work/small" --megabytes "$small" --seed 1
"$filler" --home "$work/large" --megabytes "$megabytes" --seed 2
blob_bytes=$(du -sb "$work/large/blobs" | cut -f1)
blob_files=$(find "$work/large/blobs" -type f | wc -l)

# Both read the blobs from the page cache: warm it once, then alternate.
cat "$work"/large/blobs/sha256/*/*/* > /dev/null

# "<seconds> <peak RSS KB>" of one command.
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null; cat "$work/time"; }

best() { sort -n | head -1; }
: > "$work/sohoa.times"; : > "$work/verify.times"; : > "$work/tar.times"
for ((i = 1; i <= runs; i++)); do
  rm -f "$work/out.tar" "$work/plain.tar" "$work/verify.tar"
  measure "$sohoa" --home "$work/large" export --all --out "$work/out.tar" >> "$work/sohoa.times"
  measure tar -cf "$work/plain.tar" -C "$work/large/blobs" sha256 >> "$work/tar.times"
  measure "$sohoa" --home "$work/large" export --all --verify --out "$work/verify.tar" >> "$work/verify.times"
done
bag_bytes=$(stat -c %s "$work/out.tar")
tar_bytes=$(stat -c %s "$work/plain.tar")
sohoa_s=$(cut -d' ' -f1 "$work/sohoa.times" | best)
verify_s=$(cut -d' ' -f1 "$work/verify.times" | best)
tar_s=$(cut -d' ' -f1 "$work/tar.times" | best)

rm -f "$work/small.tar" "$work/large-rss.tar"
read -r _ rss_small < <(measure "$sohoa" --home "$work/small" export --all --out "$work/small.tar")
read -r _ rss_large < <(measure "$sohoa" --home "$work/large" export --all --out "$work/large-rss.tar")
small_bytes=$(du -sb "$work/small/blobs" | cut -f1)

echo "== sohoa export benchmark"
echo "machine   $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "payload   $blob_files blobs, $((blob_bytes / 1048576)) MB (bag file $((bag_bytes / 1048576)) MB, tar file $((tar_bytes / 1048576)) MB); best of $runs runs"
awk -v b="$blob_bytes" -v s="$sohoa_s" -v v="$verify_s" -v t="$tar_s" 'BEGIN {
  mb = b / 1048576
  printf "  %-44s %7s %9s\n", "", "wall s", "MB/s"
  printf "  %-44s %7.2f %9.1f\n", "sohoa export --all --out x.tar", s, mb / s
  printf "  %-44s %7.2f %9.1f\n", "sohoa export --verify (re-hash every blob)", v, mb / v
  printf "  %-44s %7.2f %9.1f\n", "tar -cf of the same blob files", t, mb / t
  printf "ratio     sohoa / tar MB/s: %.2fx (goal >= 0.8x); with --verify %.2fx\n", t / s, t / v
}'
echo "memory    peak RSS of sohoa export: $((rss_small / 1024)) MB for $((small_bytes / 1048576)) MB of blobs, $((rss_large / 1024)) MB for $((blob_bytes / 1048576)) MB"
