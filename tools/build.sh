#!/usr/bin/env bash
# Configures and builds sohoa into build/ with CMake + Ninja.
# SOHOA_BUILD_DIR, SOHOA_BUILD_TYPE and extra CMake arguments may be given.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${SOHOA_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${SOHOA_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build_dir"
