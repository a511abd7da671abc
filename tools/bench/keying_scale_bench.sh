#!/usr/bin/env bash
# The keying workbench's catalog work at province scale (keying_scale_bench.cc):
# 1,275,000 entry rows in a temporary catalog, each request timed against a
# slot read by id in the same run.
#   tools/bench/keying_scale_bench.sh [--build DIR] [sohoa-keying-scale-bench options: --books N --rows N --runs N]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=$here/build
if [[ "${1:-}" == "--build" ]]; then
  build=$2
  shift 2
fi
ninja -C "$build" sohoa-keying-scale-bench >&2
echo "machine: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg)"
"$build/sohoa-keying-scale-bench" "$@"
