#!/usr/bin/env bash
# Fuzzes sohoa's parsers of outside input with libFuzzer (tests/fuzz/).
#
#   tools/fuzz.sh [--seconds N] [--jobs J] [NAME...]
#
# Builds build-asan/ (clang, -DSOHOA_FUZZ=ON; tools/test.sh runs the
# sanitized suites from the same build; SOHOA_FUZZ_BUILD_DIR picks another)
# if needed, then runs each harness NAME (default: all of
# tests/fuzz/*_fuzz.cc) for N seconds (default 30), J at a time (default:
# one per core), under nice, on a copy of its seed
# corpus in a temporary folder: the corpus in the repository never grows.
# Prints per harness the executions, executions per second and new crashes;
# a crash's reproducer and log are kept and named, and the exit code is 1.
# Needs what tools/install-deps.sh installs (clang, libfuzzer-14-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=30
parallel=$(getconf _NPROCESSORS_ONLN)
names=()
while (($#)); do
  case "$1" in
    --seconds)
      seconds=${2:?--seconds needs a number}
      shift 2
      ;;
    --seconds=*)
      seconds=${1#--seconds=}
      shift
      ;;
    --jobs)
      parallel=${2:?--jobs needs a number}
      shift 2
      ;;
    --jobs=*)
      parallel=${1#--jobs=}
      shift
      ;;
    -h | --help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*)
      echo "unknown option $1 (see --help)" >&2
      exit 2
      ;;
    *)
      names+=("$1")
      shift
      ;;
  esac
done
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "--seconds wants a whole number of seconds, not '$seconds'" >&2
  exit 2
fi
if ! [[ "$parallel" =~ ^[0-9]+$ ]] || ((parallel < 1)); then
  echo "--jobs wants a whole number of harnesses at a time, not '$parallel'" >&2
  exit 2
fi

all=()
for f in tests/fuzz/*_fuzz.cc; do
  n=${f##*/}
  all+=("${n%_fuzz.cc}")
done
((${#names[@]})) || names=("${all[@]}")
for n in "${names[@]}"; do
  if [[ ! -f tests/fuzz/${n}_fuzz.cc ]]; then
    echo "no harness '$n'; there are: ${all[*]}" >&2
    exit 2
  fi
done

build=${SOHOA_FUZZ_BUILD_DIR:-build-asan}
if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSOHOA_FUZZ=ON >/dev/null
fi
targets=()
for n in "${names[@]}"; do targets+=("${n}_fuzz"); done
nice -n 10 cmake --build "$build" --target "${targets[@]}"

work=$(mktemp -d "${TMPDIR:-/tmp}/sohoa-fuzz.XXXXXX")
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export OMP_THREAD_LIMIT=1
# fuzz_one NAME: fuzzes one harness; writes its report line(s) to
# $work/NAME/report and its verdict (0 clean, 1 crashed) to $work/NAME/verdict.
fuzz_one() {
  local n=$1 dir=$work/$1
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -r "tests/fuzz/corpus/$n/." "$dir/corpus/" 2>/dev/null || true
  local flags=(-rss_limit_mb=2560 -timeout=10 -max_total_time="$seconds" -print_final_stats=1
    -workers=1 -jobs=1 -artifact_prefix="$dir/artifacts/")
  [[ -f tests/fuzz/$n.dict ]] && flags+=(-dict="$PWD/tests/fuzz/$n.dict")
  if [[ -f tests/fuzz/$n.options ]]; then
    while read -r flag; do flags+=("$flag"); done < <(grep -v '^\s*\(#\|$\)' "tests/fuzz/$n.options")
  fi
  # -jobs=1: one fuzzing process, whose output libFuzzer writes to fuzz-0.log.
  local started=$SECONDS
  (cd "$dir" && nice -n 10 "$OLDPWD/$build/fuzz/${n}_fuzz" "${flags[@]}" corpus >/dev/null 2>&1) || true
  local took=$((SECONDS - started)) log=$dir/fuzz-0.log runs rate found verdict=0
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  found=$(find "$dir/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  {
    printf '%-13s %12s executions %8s exec/s %3d new crashes (%d s fuzzed)\n' "$n" "${runs:-?}" \
      "${rate:-?}" "$found" "$took"
    if ((found > 0)); then
      verdict=1
      find "$dir/artifacts" -type f -printf '  reproducer: %p\n'
      echo "  log: $log"
      grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|sohoa fuzz:)|runtime error' "$log" | sed 's/^/  /' || true
    elif [[ -z $runs ]]; then
      verdict=1
      echo "  the harness did not run; its log: $log"
      tail -5 "$log" | sed 's/^/  /'
    fi
  } >"$dir/report"
  echo "$verdict" >"$dir/verdict"
}

# --jobs harnesses at a time; the reports print in the harnesses' order.
for n in "${names[@]}"; do
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
  fuzz_one "$n" &
done
wait
crashed=0
for n in "${names[@]}"; do
  cat "$work/$n/report"
  [[ "$(cat "$work/$n/verdict" 2>/dev/null)" == 0 ]] || crashed=1
done
if ((crashed)); then
  echo "crashes found; reproducers and logs kept in $work" >&2
  exit 1
fi
rm -rf "$work"
