#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the
# GoogleTest suite through CTest. .ci/run calls exactly this.
#
# First the suites without OCR (schema, archive, layering) run under
# AddressSanitizer + UndefinedBehaviorSanitizer (about 3 minutes on 2 cores;
# SOHOA_SANITIZE_TESTS=0 skips it), then the whole suite in a normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
export OMP_THREAD_LIMIT=1

if [ "${SOHOA_SANITIZE_TESTS:-1}" = 1 ]; then
  asan_dir=${SOHOA_ASAN_BUILD_DIR:-build-asan}
  cmake -S . -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSOHOA_WERROR=ON \
    -DSOHOA_SANITIZE=address,undefined >/dev/null
  cmake --build "$asan_dir" --target sohoa_schema_tests sohoa_archive_tests sohoa_layering_tests
  for suite in schema archive layering; do
    echo "== $suite tests under ASan+UBSan"
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$asan_dir/tests/sohoa_${suite}_tests" --gtest_brief=1
  done
fi

SOHOA_BUILD_DIR=${SOHOA_BUILD_DIR:-build} tools/build.sh -DSOHOA_WERROR=ON
ctest --test-dir "${SOHOA_BUILD_DIR:-build}" --output-on-failure -j "$(getconf _NPROCESSORS_ONLN)" --timeout 600
