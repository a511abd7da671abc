#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every
# test suite. .ci/run calls exactly this.
#
#   build/        the suites that need no sanitizer (cli, integration, report,
#                 serve, browser, tools) and the fuzz harnesses replaying
#                 their corpora
#   build-asan/   clang, AddressSanitizer + UndefinedBehaviorSanitizer and
#                 libFuzzer coverage (SOHOA_FUZZ): the suites schema, archive,
#                 layering, ocr, ingest and server (not the sohoa binary,
#                 which the serve suite runs in build/), then every fuzz
#                 harness for a few seconds (tools/fuzz.sh uses the same build)
#   build-tsan/   ThreadSanitizer: the inbox service and the OCR engine pool
#                 (sohoa_threads_tests, their test files alone)
#   and the chaos benchmarks in their short modes: the inbox service
#   (tools/bench/chaos_bench.sh --ci) and the queue's workers on PostgreSQL
#   and S3 (tools/bench/cluster_chaos_bench.sh --ci, phase "cluster").
#
# build/ is configured as tools/build.sh configures it (Release, warnings as
# errors), so what tools/run-sample.sh built there is reused, not rebuilt.
#
# Each phase prints its time. SOHOA_TEST_PHASES="main asan tsan fuzz chaos cluster"
# (the default) picks phases; SOHOA_FUZZ_SECONDS (default 5: a smoke run; the
# corpora replay in the main phase, and tools/fuzz.sh fuzzes for long) sets the
# fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
  "") ;;
  *) echo "test.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac
tools/install-deps.sh
export OMP_THREAD_LIMIT=1
jobs=$(getconf _NPROCESSORS_ONLN)
phases=" ${SOHOA_TEST_PHASES:-main asan tsan fuzz chaos cluster} "
failed=()
declare -A took

# phase NAME COMMAND...: runs it, times it, remembers a failure and goes on.
phase() {
  local name="$1"; shift
  [[ "$phases" == *" $name "* ]] || return 0
  local start=$SECONDS
  echo "== $name"
  if ! "$@"; then failed+=("$name"); fi
  took[$name]=$((SECONDS - start))
  echo "== $name: ${took[$name]} s"
}

sanitized_suites() {  # sanitized_suites DIR SANITIZERS FILTER SUITE[:SHARDS]...
  local dir="$1" sanitize="$2" filter="$3"; shift 3
  if [[ $sanitize == thread ]]; then
    cmake -S . -B "$dir" -G Ninja -DSOHOA_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSOHOA_SANITIZE=thread >/dev/null
  else  # the build tools/fuzz.sh fuzzes with
    CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSOHOA_FUZZ=ON >/dev/null
  fi
  local targets=() runs=()
  # SUITE[:SHARDS]: a suite that takes much longer than the others runs as
  # GoogleTest shards, so that the cores finish together.
  local suite name shards shard
  for suite in "$@"; do
    name=${suite%%:*} shards=1
    [[ $suite == *:* ]] && shards=${suite#*:}
    targets+=("sohoa_${name}_tests")
    for ((shard = 0; shard < shards; shard++)); do runs+=("$name $shard $shards"); done
  done
  cmake --build "$dir" --target "${targets[@]}" || return 1
  # The runs go $jobs at a time, in the order given (longest first), each
  # into its own log, printed whole when it ends: the suites, one process
  # each, used one core at a time and took 240 s of the asan phase in turn.
  local logs
  logs=$(mktemp -d)
  local i=0 status=0
  for run in "${runs[@]}"; do
    read -r name shard shards <<<"$run"
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
    (
      label="$name${filter:+ ($filter)}"
      ((shards > 1)) && label="$label, shard $((shard + 1)) of $shards"
      start=$SECONDS
      rc=0
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp \
        LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
        GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$shard \
        "$dir/tests/sohoa_${name}_tests" --gtest_brief=1 ${filter:+--gtest_filter="$filter"} \
        >"$logs/$i.log" 2>&1 || rc=$?
      { echo "-- $label tests under $sanitize: $((SECONDS - start)) s, exit $rc"; cat "$logs/$i.log"; }
      echo "$rc" >"$logs/$i.rc"
    ) &
    i=$((i + 1))
  done
  wait
  for ((j = 0; j < i; j++)); do
    [[ "$(cat "$logs/$j.rc" 2>/dev/null)" == 0 ]] || status=1
  done
  rm -rf "$logs"
  return $status
}

# The suites the sanitizer builds run (labelled by suite in tests/CMakeLists.txt)
# are not run twice.
sanitized='^(schema|archive|layering|ocr|ingest|server)$'

main_suites() {
  SOHOA_BUILD_DIR=${SOHOA_BUILD_DIR:-build} tools/build.sh || return 1
  ctest --test-dir "${SOHOA_BUILD_DIR:-build}" --output-on-failure -j "$jobs" --timeout 900 -LE "$sanitized"
}

phase main main_suites
phase asan sanitized_suites build-asan address,undefined "" ingest:3 archive ocr:2 server layering schema
phase tsan sanitized_suites build-tsan thread "InboxService*:EnginePool*:PageCache*" threads:2
phase fuzz env SOHOA_FUZZ_BUILD_DIR=build-asan tools/fuzz.sh --seconds "${SOHOA_FUZZ_SECONDS:-5}"
phase chaos env BUILD_DIR="${SOHOA_BUILD_DIR:-build}" tools/bench/chaos_bench.sh --ci
phase cluster env BUILD_DIR="${SOHOA_BUILD_DIR:-build}" WORK_DIR="${TMPDIR:-/tmp}/sohoa-cluster-chaos-ci" \
  tools/bench/cluster_chaos_bench.sh --ci

echo
for name in main asan tsan fuzz chaos cluster; do
  [[ -n "${took[$name]:-}" ]] && printf '%-7s %5d s\n' "$name" "${took[$name]}"
done
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "All phases passed."
