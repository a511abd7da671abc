#!/usr/bin/env bash
# Installs the Debian 12 packages sohoa builds, tests and benchmarks with.
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd
  libjpeg62-turbo-dev libjbig2dec0-dev libsqlite3-dev libarchive-dev libpodofo-dev libzxing-dev libqrencode-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev libutf8proc-dev libsodium-dev
  libcairo2-dev libpango1.0-dev
  fonts-dejavu-core fonts-liberation2 fonts-noto-core
  poppler-utils qpdf jq
  unzip zstd time  # bags checked by unzip and tar --zstd in tests; /usr/bin/time in export_bench.sh
  libpugixml-dev  # METS.xml read back on import
  clang libfuzzer-14-dev  # the fuzz harnesses (tools/fuzz.sh)
)

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
