#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the
# GoogleTest suite through CTest. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
SOHOA_BUILD_DIR=${SOHOA_BUILD_DIR:-build} tools/build.sh -DSOHOA_WERROR=ON
export OMP_THREAD_LIMIT=1
ctest --test-dir "${SOHOA_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)" --timeout 600
