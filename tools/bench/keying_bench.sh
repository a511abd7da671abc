#!/usr/bin/env bash
# The keying workbench's latency as a clerk feels it (sohoa-keying-bench,
# tools/bench/keying_bench.cc): a generated printed khai sinh book ingested
# with `sohoa ingest --book` in a temporary home, with an identical copy for
# the baseline; `sohoa serve` on a free loopback port; a scripted clerk in
# headless Chromium keys --entries entries field by field at --cps
# characters a second (plus 0.05–0.2 s a field), and the page measures
# each Enter → next entry ready. Then an httplib client makes the same
# requests back to back on the copy: the floor without a browser.
# Goal: Enter → next entry ready under 100 ms.
#
#   tools/bench/keying_bench.sh [--entries N=40] [--cps N=30] [--build DIR] [--no-build] [--keep DIR]
#
# A clerk types about 5 characters a second; the default 30 keeps the run
# near four minutes on two cores (the typing is not what is measured: the
# browser is idle between fields either way). --cps 5 for a clerk's pace.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=$here/build
entries=40
cps=30
keep=""
no_build=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --entries) entries=$2; shift 2 ;;
    --cps) cps=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --no-build) no_build=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "keying_bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v chromium >/dev/null && command -v chromedriver >/dev/null ||
  { echo "keying_bench.sh: needs chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2; exit 2; }

if [[ -z "$no_build" ]]; then
  if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >&2  # as tools/build.sh
  fi
  ninja -C "$build" sohoa sohoa-gen sohoa-keying-bench >&2
fi

work=${keep:-$(mktemp -d)}
mkdir -p "$work"
cleanup() {
  [[ -z "$keep" ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
export SOHOA_LANG=vi OMP_THREAD_LIMIT=1
home=$work/home
sohoa=("$build/sohoa" --home "$home")
password="mật khẩu dài 2024"

# Ten entries a page, and one entry more than keyed so the last save has a next entry.
per_page=10
pages=$(( (entries + per_page) / per_page ))
"$build/sohoa-gen" --out "$work/gen" --seed 7 --dossiers 0 --books 1 --book-pages "$pages" \
  --entries-per-page "$per_page" >/dev/null
read -r book agency path < <(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["books"][0]
print(b["id"], b["agency_code"], b["path"])' "$work/gen/ground-truth.json")
copy=$book-B

"${sohoa[@]}" init >/dev/null
start=$(date +%s)
"${sohoa[@]}" ingest --book "$book" "$work/gen/$path" >/dev/null
"${sohoa[@]}" ingest --book "$copy" "$work/gen/$path" >/dev/null
printf 'ma_so,so_muc,co_quan\n%s,%d,%s\n%s,%d,%s\n' "$book" $((pages * per_page)) "$agency" \
  "$copy" $((pages * per_page)) "$agency" >"$work/books.csv"
"${sohoa[@]}" books import "$work/books.csv" >/dev/null
for clerk in nhap-1 nhap-2; do
  printf '%s\n' "$password" | "${sohoa[@]}" user add "$clerk" --role staff --agency "$agency" --password-stdin \
    --by keying_bench >/dev/null
done
"${sohoa[@]}" books assign "$book" --pages "1-$pages" --user nhap-1 --by keying_bench >/dev/null
"${sohoa[@]}" books assign "$copy" --pages "1-$pages" --user nhap-2 --by keying_bench >/dev/null
slots=$("${sohoa[@]}" books keying --json | python3 -c 'import json, sys; print(sum(b["slots"] for b in json.load(sys.stdin)["books"]))')
echo "home: 2 copies of $book, $pages pages each, $slots entry rows cut, ingested in $(( $(date +%s) - start )) s"
echo "machine: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $(chromium --version 2>/dev/null | head -n 1)"
echo

"$build/sohoa-keying-bench" --sohoa "$build/sohoa" --home "$home" --truth "$work/gen/ground-truth.json" \
  --work "$work" --book "$book" --baseline-book "$copy" --user nhap-1 --baseline-user nhap-2 \
  --password "$password" --entries "$entries" --cps "$cps"
