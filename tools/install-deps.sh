#!/usr/bin/env bash
# Installs the Debian 12 packages sohoa builds, tests and benchmarks with.
# Safe to run again: apt-get skips what is already installed.
#
#   tools/install-deps.sh [--production]
#
# --production installs only what the sohoa binary needs to build and run
# (tools/install.sh): no GoogleTest, no Cairo/Pango/qrencode, no fuzzing or
# benchmark tools.
set -euo pipefail

# What the sohoa binary needs, to build and at run time.
packages=(
  build-essential cmake ninja-build pkg-config
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd
  libjpeg62-turbo-dev libjbig2dec0-dev libsqlite3-dev libarchive-dev libpodofo-dev libzxing-dev
  nlohmann-json3-dev libcli11-dev libutf8proc-dev libsodium-dev
  libpugixml-dev  # METS.xml read back on import
  libcpp-httplib-dev  # sohoa serve: the HTTP API and the web pages
  libpq-dev  # the PostgreSQL catalog (archive/postgres/)
  libcurl4-openssl-dev  # the S3 blob store (archive/s3/): Signature V4 requests
  fonts-dejavu-core  # embedded in searchable PDFs and reports
  acl  # setfacl: the inbox open to the staff group (tools/install.sh)
)
case "${1:-}" in
  --production) ;;
  "")
    packages+=(
      git
      libgtest-dev libgmock-dev                     # the tests
      libqrencode-dev libcairo2-dev libpango1.0-dev  # the sample generator sohoa-gen
      fonts-liberation2 fonts-noto-core             # fonts the generator draws pages in
      fonts-urw-base35  # Z003, the hand the tests write register pages in (without it fontconfig gives Noto Sans, and rows split)
      poppler-utils qpdf jq
      unzip zstd time  # bags checked by unzip and tar --zstd in tests; /usr/bin/time in export_bench.sh
      clang libfuzzer-14-dev  # the fuzz harnesses (tools/fuzz.sh)
      chromium chromium-driver  # the web pages driven end to end over WebDriver (tests/browser)
      wrk curl                  # the HTTP API under load (tools/bench/api_bench.sh)
      postgresql-15             # throwaway clusters for the PostgreSQL catalog's tests (tools/pg-cluster.sh)
      python3-swift             # a throwaway S3 endpoint, Swift's s3api (tools/s3-server.sh; curl too)
    )
    ;;
  -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
  *) echo "install-deps.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
