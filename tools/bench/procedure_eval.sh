#!/usr/bin/env bash
# The procedure decision on dossiers whose pages name no procedure (issue 17):
# confident wrong answers (goal: none) and the share sent to review, for a
# learned classifier trained on 1 to 50 confirmed dossiers per procedure while
# 0, 2 or 4 procedures of the catalog have no example at all. The calibration
# constants (ingest/naive_bayes.cc) were tuned on seed 17; seed 18 is the
# report. Text only: a run takes seconds.
#   tools/bench/procedure_eval.sh [BUILD_DIR=build] [TUNE_SEED=17] [REPORT_SEED=18]
set -euo pipefail
build=${1:-build}
tune=${2:-17}
report=${3:-18}
ninja -C "$build" sohoa-procedure-eval >&2
status=0
for seed in "$tune" "$report"; do
  role=$([[ $seed == "$tune" ]] && echo "tuned on" || echo "reported")
  for unknown in 0 2 4; do
    echo "== seed $seed ($role), $unknown procedure(s) never learned"
    "$build/sohoa-procedure-eval" --seed "$seed" --unknown "$unknown" | sed -n '2,$p' | grep -v '^decided:\|^WRONG:\|^share whose\|^procedure never' || status=1
  done
done
exit $status
