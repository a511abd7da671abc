#!/usr/bin/env bash
# Runs a generated corpus with ground truth through sohoa and scores the
# understanding stage. Defaults evaluate on what development never saw: a
# fresh seed and the held-out font "Noto Serif".
#
#   tools/bench/understand_eval.sh [--build DIR] [--seed N] [--dossiers N]
#                                  [--font FAMILY] [--workers N] [--keep DIR] [--verbose]
set -euo pipefail

build=build
seed=90417
dossiers=40
font="Noto Serif"
workers=2
keep=""
verbose=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --dossiers) dossiers=$2; shift 2 ;;
    --font) font=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --verbose) verbose=--verbose; shift ;;
    *) echo "understand_eval.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

work=${keep:-$(mktemp -d)}
[[ -z "$keep" ]] && trap 'rm -rf "$work"' EXIT
rm -rf "$work/corpus" "$work/home"
export OMP_THREAD_LIMIT=1

ninja -C "$build" sohoa sohoa-gen sohoa-understand-eval >&2
"$build/sohoa-gen" --out "$work/corpus" --seed "$seed" --dossiers "$dossiers" \
  --fonts "$font" --formats folder,pdf,tiff,stack --stack 5 >&2
mapfile -t paths < <(python3 -c '
import json, sys
seen = []
for d in json.load(open(sys.argv[1]))["dossiers"]:
    if d["path"] not in seen: seen.append(d["path"])
print("\n".join(sys.argv[2] + "/" + p for p in seen))' "$work/corpus/ground-truth.json" "$work/corpus")
start=$(date +%s)
"$build/sohoa" --home "$work/home" init >/dev/null
"$build/sohoa" --home "$work/home" ingest --quiet --workers "$workers" "${paths[@]}" >&2 || true
echo "ingest took $(( $(date +%s) - start )) s" >&2
"$build/sohoa-understand-eval" --corpus "$work/corpus" --home "$work/home" $verbose
