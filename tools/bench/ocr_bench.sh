#!/usr/bin/env bash
# OCR benchmark: sohoa against the tesseract CLI, OCRmyPDF and bare
# libtesseract (the floor), on one fixed generated corpus, in one run.
#
#   tools/bench/ocr_bench.sh [--dossiers 12] [--seed 4] [--jobs N] [--build DIR]
#                            [--work DIR] [--skip-ocrmypdf] [--skip-tesseract-pdf]
#                            [--report-only]   (print the last run's report again)
#
# Environment: DOSSIERS, SEED, JOBS, BUILD_DIR, WORK_DIR do the same.
# Needs: apt-get install -y tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd \
#          ocrmypdf poppler-utils time
# The default (12 dossiers, 46 pages) takes about 8-10 minutes on 2 cores,
# most of it OCRmyPDF. Systems run one after the other, each using all cores:
# run it on a quiet machine, or read the CPU-time ratios, which other load
# disturbs less than wall time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dossiers="${DOSSIERS:-12}"
seed="${SEED:-4}"
jobs="${JOBS:-$(getconf _NPROCESSORS_ONLN)}"
build="${BUILD_DIR:-$repo/build-bench}"
work="${WORK_DIR:-${TMPDIR:-/tmp}/sohoa-ocr-bench}"
skip_ocrmypdf=0
skip_tesseract_pdf=0
report_only=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dossiers) dossiers="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --skip-ocrmypdf) skip_ocrmypdf=1; shift ;;
    --skip-tesseract-pdf) skip_tesseract_pdf=1; shift ;;
    --report-only) report_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

# Later steps change directory: make both paths absolute.
mkdir -p "$build" "$work"
build="$(cd "$build" && pwd)"
work="$(cd "$work" && pwd)"

for tool in tesseract pdfimages pdfinfo /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    echo "missing $tool: apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils time" >&2
    exit 2
  }
done
if [[ $skip_ocrmypdf == 0 ]] && ! command -v ocrmypdf >/dev/null; then
  echo "missing ocrmypdf: apt-get install -y ocrmypdf (or pass --skip-ocrmypdf)" >&2
  exit 2
fi

# libgomp reads this when Tesseract loads; every system gets the same.
export OMP_THREAD_LIMIT=1

calc() { awk "BEGIN { print $1 }"; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- report ----------------------------------------------------------------
report() {
  rate() { calc "$pages / $1"; }
  ratio() { calc "$1 / $2"; }
  row() { printf '  %-34s %8.1f %8.3f %9.1f %10.2f\n' "$1" "$2" "$(rate "$2")" "$3" "$(calc "$3 / $pages")"; }
  cat <<EOF

== sohoa OCR benchmark ==
corpus    sohoa-gen --seed $seed --dossiers $dossiers --formats pdf: ${#pdfs[@]} PDFs, $pages pages
machine   $(getconf _NPROCESSORS_ONLN) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $jobs jobs per system
load      $load_before before, $load_after after (1/5/15-min load average)
versions  $(tesseract --version 2>&1 | head -1), $(tesseract --version 2>&1 | sed -n 's/^ *\(leptonica-[0-9.]*\).*/\1/p')$( [[ $skip_ocrmypdf == 0 ]] && echo ", ocrmypdf $(ocrmypdf --version 2>/dev/null)")

throughput (wall: all cores busy; CPU: user+sys of every process)
  system                               wall s   pages/s     CPU s  CPU s/page
EOF
  row "sohoa ingest (archive included)" "$sohoa_wall" "$sohoa_cpu"
  row "  the same, decoding in process" "$inproc_wall" "$inproc_cpu"
  row "sohoa OCR stage (decoded pages)" "$pool_wall" "$pool_cpu"
  row "floor: bare libtesseract" "$floor_ocr_wall" "$floor_ocr_cpu"
  row "tesseract CLI, text" "$tess_wall" "$tess_cpu"
  [[ $skip_tesseract_pdf == 0 ]] && row "tesseract CLI, text + PDF" "$tesspdf_wall" "$tesspdf_cpu"
  [[ $skip_ocrmypdf == 0 ]] && row "ocrmypdf (turn, deskew, PDF)" "$ocrmypdf_wall" "$ocrmypdf_cpu"
  echo
  echo "ratios (goal)"
  [[ $skip_ocrmypdf == 0 ]] && printf '  sohoa pages/s / ocrmypdf pages/s    %6.1fx wall, %6.1fx CPU   (goal >= 10x)\n' \
    "$(ratio "$ocrmypdf_wall" "$sohoa_wall")" "$(ratio "$ocrmypdf_cpu" "$sohoa_cpu")"
  printf '  sohoa ingest time / floor time      %6.2fx wall, %6.2fx CPU   (goal <= 1.3x)\n' \
    "$(ratio "$sohoa_wall" "$floor_ocr_wall")" "$(ratio "$sohoa_cpu" "$floor_ocr_cpu")"
  printf '  isolation cost: decoding in a child  %+5.1f%% of the ingest CPU   (goal < 3%%)\n' \
    "$(calc "($decode_child_cpu - $decode_inproc_cpu) / $sohoa_cpu * 100")"
  printf '    (decoding alone: %.2f CPU s in a child, %.2f in process, fastest of 5 rounds;\n' \
    "$decode_child_cpu" "$decode_inproc_cpu"
  printf '     the two whole ingests differ by %+.1f%% wall, %+.1f%% CPU, within their own noise)\n' \
    "$(calc "($sohoa_wall / $inproc_wall - 1) * 100")" "$(calc "($sohoa_cpu / $inproc_cpu - 1) * 100")"
  printf '  sohoa OCR stage time / floor time   %6.2fx wall, %6.2fx CPU\n' \
    "$(ratio "$pool_wall" "$floor_ocr_wall")" "$(ratio "$pool_cpu" "$floor_ocr_cpu")"
  printf '  sohoa time / tesseract CLI time     %6.2fx wall, %6.2fx CPU\n' \
    "$(ratio "$sohoa_wall" "$tess_wall")" "$(ratio "$sohoa_cpu" "$tess_cpu")"
  echo
  echo "memory"
  printf '  sohoa ingest peak RSS %s MB, %s workers: %s MB per worker   (goal <= 150 MB per worker)\n' \
    "$sohoa_rss_mb" "$jobs" "$(calc "int($sohoa_rss_mb / $jobs)")"
  echo
  echo "character error rate per page class (upright: |skew| < 0.5 deg; low dpi: 200 dpi)"
  grep -v '^JSON' "$work/cer.txt" | sed 's/^/  /'
  echo
  sed 's/^/  /' "$work/orient.txt"
  echo
  echo "outputs in $work"
}

if [[ $report_only == 1 ]]; then
  source "$work/results.sh"
  report
  exit 0
fi

# --- build -----------------------------------------------------------------
log "building in $build"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOHOA_WERROR=ON >/dev/null  # as tools/build.sh
fi
binaries=(sohoa sohoa-gen sohoa-ocr-eval sohoa-ocr-floor sohoa-decode-bench)
if ! ninja -C "$build" "${binaries[@]}" >"$build/ocr-bench-build.log" 2>&1; then
  grep -E -A3 'error|FAILED' "$build/ocr-bench-build.log" | head -20 >&2
  for b in "${binaries[@]}"; do
    [[ -x "$build/$b" ]] || { echo "build failed and $build/$b is missing" >&2; exit 1; }
  done
  log "BUILD FAILED (above); measuring the binaries already in $build"
fi

# --- corpus ----------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work"
corpus="$work/corpus"
log "generating $dossiers dossiers (seed $seed)"
"$build/sohoa-gen" --out "$corpus" --seed "$seed" --dossiers "$dossiers" --formats pdf >&2
truth="$corpus/ground-truth.json"
mapfile -t pdfs < <(cd "$corpus" && ls -1 ./*.pdf | sed 's|^\./||' | sort)
pages=0
for f in "${pdfs[@]}"; do
  pages=$((pages + $(pdfinfo "$corpus/$f" | awk '/^Pages:/ {print $2}')))
done
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# `timed NAME CMD...` runs CMD under GNU time; sets NAME_wall, NAME_cpu, NAME_rss_mb.
timed() {
  local name="$1"; shift
  local out="$work/$name.time"
  /usr/bin/time -f '%e %U %S %M' -o "$out" "$@"
  read -r wall user sys rss <"$out"
  printf -v "${name}_wall" '%s' "$wall"
  printf -v "${name}_cpu" '%s' "$(calc "$user + $sys")"
  printf -v "${name}_rss_mb" '%s' "$(calc "int($rss / 1024)")"
}

# --- sohoa -----------------------------------------------------------------
# sohoa decodes each file in a child process that contains hostile files
# (ocr/isolated_reader.h); --decode-in-process measures what that costs. The
# two alternate, twice each, and each keeps its faster run, so neither gains
# from the other having warmed the caches.
home="$work/sohoa-home"
keep_min() {  # keep_min NAME RUN: NAME_* := RUN_* when RUN was faster
  local name="$1" run="$2" w c r
  w="${run}_wall"; c="${run}_cpu"; r="${run}_rss_mb"
  if [[ -z "${!name+x}" ]] || awk "BEGIN { exit !(${!c} < ${!name}) }"; then
    printf -v "$name" '%s' "${!c}"
    printf -v "${name%_cpu}_wall" '%s' "${!w}"
    printf -v "${name%_cpu}_rss_mb" '%s' "${!r}"
  fi
}
for round in 1 2; do
  log "sohoa ingest, decoding in process ($jobs workers), round $round"
  rm -rf "$work/inproc-home"
  "$build/sohoa" --home "$work/inproc-home" init >/dev/null
  timed inproc_run "$build/sohoa" --home "$work/inproc-home" ingest --json --quiet --workers "$jobs" \
    --decode-in-process "${pdfs[@]/#/$corpus/}" >"$work/inproc-ingest.json"
  keep_min inproc_cpu inproc_run
  log "sohoa ingest ($jobs workers), round $round"
  rm -rf "$home"
  "$build/sohoa" --home "$home" init >/dev/null
  timed sohoa_run "$build/sohoa" --home "$home" ingest --json --quiet --workers "$jobs" \
    "${pdfs[@]/#/$corpus/}" >"$work/sohoa-ingest.json"
  keep_min sohoa_cpu sohoa_run
done

# Two whole ingests differ by a few per cent from run to run, as much as the
# isolation costs: decoding alone, in a child and in process, measures it.
log "decoding alone, in a child and in process"
"$build/sohoa-decode-bench" --rounds 5 --program "$build/sohoa" "${pdfs[@]/#/$corpus/}" \
  >"$work/decode.txt"
decode_inproc_cpu="$(sed -n 's/^RESULT.* inproc_cpu=\([0-9.]*\).*/\1/p' "$work/decode.txt")"
decode_child_cpu="$(sed -n 's/^RESULT.* child_cpu=\([0-9.]*\).*/\1/p' "$work/decode.txt")"

# --- the floor: bare libtesseract on the same decoded pages -----------------
log "bare libtesseract ($jobs threads)"
timed floor "$build/sohoa-ocr-floor" --truth "$truth" --mode floor --threads "$jobs" \
  --out "$work/floor" >"$work/floor.txt" 2>/dev/null
floor_ocr_wall="$(sed -n 's/.*mode=floor.* wall=\([0-9.]*\).*/\1/p' "$work/floor.txt")"
floor_ocr_cpu="$(sed -n 's/.*mode=floor.* cpu=\([0-9.]*\).*/\1/p' "$work/floor.txt")"
log "sohoa OCR stage alone ($jobs workers, same decoded pages)"
"$build/sohoa-ocr-floor" --truth "$truth" --mode pool --threads "$jobs" \
  >"$work/pool.txt" 2>/dev/null
pool_wall="$(sed -n 's/.*mode=pool.* wall=\([0-9.]*\).*/\1/p' "$work/pool.txt")"
pool_cpu="$(sed -n 's/.*mode=pool.* cpu=\([0-9.]*\).*/\1/p' "$work/pool.txt")"

# --- tesseract CLI ---------------------------------------------------------
log "tesseract CLI ($jobs in parallel)"
images="$work/images"
mkdir -p "$images" "$work/tesseract" "$work/tesseract-pdf"
for f in "${pdfs[@]}"; do
  mkdir -p "$images/$f"
  pdfimages -j "$corpus/$f" "$images/$f/p"  # JPEG passthrough: p-000.jpg, ...
done
# One image per page: "<file>/p-NNN.jpg" is page NNN of <file>.
(cd "$images" && find . -type f -name 'p-*' | sed 's|^\./||' | sort) >"$work/images.list"
# tess.sh LIST OUT CONFIG...: every image of LIST, $JOBS at a time.
cat >"$work/tess.sh" <<'EOF'
list="$1"; out="$2"; shift 2
xargs -P "$JOBS" -I{} sh -c '
  img="$1"; out="$2"; shift 2
  file="${img%/*}"; n="${img##*/p-}"; n="${n%%.*}"; n="$(expr "$n" + 0)"
  tesseract "$img" "$out/$file.$n" -l vie "$@" 2>/dev/null' _ {} "$out" "$@" <"$list"
EOF
for f in "${pdfs[@]}"; do mkdir -p "$work/tesseract/$f" "$work/tesseract-pdf/$f"; done
cd "$images"
JOBS="$jobs" timed tess bash "$work/tess.sh" "$work/images.list" "$work/tesseract" txt
if [[ $skip_tesseract_pdf == 0 ]]; then
  log "tesseract CLI, text + PDF"
  JOBS="$jobs" timed tesspdf bash "$work/tess.sh" "$work/images.list" "$work/tesseract-pdf" txt pdf
fi
cd "$work"

# --- OCRmyPDF --------------------------------------------------------------
if [[ $skip_ocrmypdf == 0 ]]; then
  log "ocrmypdf (--jobs $jobs), one dossier PDF after another"
  mkdir -p "$work/ocrmypdf-out" "$work/ocrmypdf"
  cat >"$work/ocrmypdf.sh" <<EOF
set -e
cd "$corpus"
for f in ${pdfs[*]}; do
  ocrmypdf -q -l vie --rotate-pages --deskew --jobs $jobs --output-type pdf \
    --sidecar "$work/ocrmypdf-out/\$f.txt" "\$f" "$work/ocrmypdf-out/\$f" 2>>"$work/ocrmypdf.log"
done
EOF
  timed ocrmypdf bash "$work/ocrmypdf.sh"
  # The sidecar separates pages with a form feed.
  for f in "${pdfs[@]}"; do
    awk -v out="$work/ocrmypdf/$f" 'BEGIN { RS = "\f" } { printf "%s", $0 > (out "." (NR - 1) ".txt") }' \
      "$work/ocrmypdf-out/$f.txt"
  done
fi

# --- orientation methods ---------------------------------------------------
log "orientation: Leptonica against Tesseract OSD"
"$build/sohoa-ocr-floor" --truth "$truth" --mode orient >"$work/orient.txt" 2>&1 ||
  log "the orientation comparison failed (see $work/orient.txt)"

# --- accuracy --------------------------------------------------------------
log "character error rates"
systems=(--system "tesseract=$work/tesseract" --system "floor=$work/floor")
[[ $skip_ocrmypdf == 0 ]] && systems+=(--system "ocrmypdf=$work/ocrmypdf")
"$build/sohoa-ocr-eval" --truth "$truth" --home "$home" "${systems[@]}" >"$work/cer.txt"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -p seed dossiers jobs pdfs pages load_before load_after skip_ocrmypdf skip_tesseract_pdf \
  sohoa_wall sohoa_cpu sohoa_rss_mb inproc_wall inproc_cpu decode_inproc_cpu decode_child_cpu floor_ocr_wall floor_ocr_cpu pool_wall pool_cpu \
  tess_wall tess_cpu ${tesspdf_wall+tesspdf_wall tesspdf_cpu} \
  ${ocrmypdf_wall+ocrmypdf_wall ocrmypdf_cpu} >"$work/results.sh"
report

