#!/usr/bin/env bash
# Configures and builds sohoa into build/ with CMake + Ninja.
#
#   tools/build.sh [--target NAME]... [CMAKE_ARGS...]
#
# build/ is configured one way (Release, warnings as errors), so that
# tools/run-sample.sh, which builds only `sohoa sohoa-gen`, and tools/test.sh,
# which builds everything, share its objects instead of rebuilding them.
# --target builds only the named targets (default: all). Extra CMake
# arguments are passed on (e.g. -DSOHOA_BUILD_BENCH=OFF); SOHOA_BUILD_DIR and
# SOHOA_BUILD_TYPE pick another folder or build type.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=()
cmake_args=()
while (($#)); do
  case "$1" in
    --target) targets+=("${2:?--target needs a target name}"); shift 2 ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) cmake_args+=("$1"); shift ;;
  esac
done
build_dir=${SOHOA_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${SOHOA_BUILD_TYPE:-Release}" \
  -DSOHOA_WERROR=ON "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" ${targets[@]:+--target "${targets[@]}"}
