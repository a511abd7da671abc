#!/usr/bin/env bash
# The README's figures that the build can state: how many CTest tests there
# are, in all and per suite (label).
#
#   tools/readme-figures.sh [BUILD_DIR]          prints them (default build/)
#   tools/readme-figures.sh --check [BUILD_DIR]  fails when README.md states a
#                                                test count the build contradicts
#
# The README gives no test count of its own so that none goes stale; --check
# (the CTest test `readme_figures`) keeps it that way: a number written as
# "N tests" must be the build's count, and "about N tests" within 10% of it.
# Timings are not checked: the README gives them as measurements, with the
# date, the commit and the machine's load.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
check=0
case "${1:-}" in
  -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
  --check) check=1; shift ;;
esac
build=${1:-$repo/build}
if [[ ! -f $build/CTestTestfile.cmake ]]; then
  echo "readme-figures.sh: $build has no tests; build it first (tools/build.sh)" >&2
  exit 2
fi

json=$(ctest --test-dir "$build" -N --show-only=json-v1)
total=$(jq '.tests | length' <<<"$json")

if ((!check)); then
  echo "CTest tests in $build: $total"
  jq -r '.tests[] | ((.properties // [])[] | select(.name == "LABELS") | .value[0]) // "(no label)"' \
    <<<"$json" | sort | uniq -c | sort -rn | awk '{n = $1; $1 = ""; printf "  %-14s %5d\n", substr($0, 2), n}'
  exit 0
fi

status=0
pattern='(about |around |~)?([0-9][0-9,]*) (CTest |GoogleTest )?tests'
while IFS= read -r hit; do
  line=${hit%%:*}
  [[ ${hit#*:} =~ $pattern ]] || continue
  about=${BASH_REMATCH[1]} number=${BASH_REMATCH[2]//,/}
  if [[ -n $about ]]; then
    ((number * 10 >= total * 9 && number * 10 <= total * 11)) && continue
  else
    ((number == total)) && continue
  fi
  echo "README.md:$line says '${BASH_REMATCH[0]}', but $build has $total CTest tests." >&2
  echo "  Update the number or remove it (tools/readme-figures.sh prints the current figures)." >&2
  status=1
done < <(grep -noE "$pattern" "$repo/README.md" || true)
((status)) || echo "README.md states no test count that differs from the build's $total tests"
exit $status
