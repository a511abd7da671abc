#include "ocr/barcodes.h"

// zxing-cpp 1.4 returns std::wstring from Result::text() unless asked for UTF-8.
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "ocr/leptonica_ptr.h"

namespace sohoa::ocr {
namespace {

// zxing finds a QR's finder patterns from about 2 pixels a module, and the
// time goes with the pixels read. A page is halved (cheap and clean in
// Leptonica, unlike other factors) while it stays at or over this resolution:
// 300 dpi is read at 150, 250 at 125, 200 as it is. The receipt's code is
// ~1.6 cm of 25 modules: 3.8 px a module at 125 dpi. A Code128 of 0.25 mm bars
// still reads at 150 dpi (1.5 px a bar).
constexpr int kMinReadDpi = 120;
// Pages that do not say their resolution are taken to be A4 (8.27 in wide).
constexpr double kAssumedPageWidthIn = 8.27;

struct LeptBoxDeleter {
  void operator()(::Box* box) const noexcept { boxDestroy(&box); }
};

const ZXing::BarcodeFormats kFormats =
    ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::PDF417 |
    ZXing::BarcodeFormat::Aztec | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::Code39 |
    ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::EAN8 | ZXing::BarcodeFormat::UPCA |
    ZXing::BarcodeFormat::UPCE | ZXing::BarcodeFormat::ITF;

// The stated resolution, or a guess from the width of an A4 page.
int PageDpi(Pix* pix) {
  const int stated = std::max(pixGetXRes(pix), pixGetYRes(pix));
  if (stated >= 50 && stated <= 4800) return stated;
  const int short_side = std::min(pixGetWidth(pix), pixGetHeight(pix));
  return static_cast<int>(short_side / kAssumedPageWidthIn);
}

// An 8-bit gray copy of `pix`, halved `halvings` times, paper white.
PixPtr GrayHalved(Pix* pix, int halvings) {
  const int depth = pixGetDepth(pix);
  if (depth == 1 && halvings >= 1 && halvings <= 3) {
    // Straight from 1 bit to anti-aliased gray.
    if (halvings == 1) return PixPtr(pixScaleToGray2(pix));
    if (halvings == 2) return PixPtr(pixScaleToGray4(pix));
    return PixPtr(pixScaleToGray8(pix));
  }
  PixPtr page(pixClone(pix));
  // Colour is averaged before it is turned gray: a quarter of the work.
  const bool plain = (depth == 8 || depth == 32) && pixGetColormap(pix) == nullptr;
  if (!plain) page.reset(pixConvertTo8(pix, 0));
  for (int i = 0; i < halvings && page; ++i) page.reset(pixScaleAreaMap2(page.get()));
  if (page && pixGetDepth(page.get()) != 8) page.reset(pixConvertTo8(page.get(), 0));
  return page;
}

// Leptonica keeps 8-bit pixels inside native-endian 32-bit words (byte 0 of a
// row is the most significant byte of its first word), so the rows are copied
// out byte by byte rather than viewed in place.
std::vector<std::uint8_t> PackedBytes(Pix* gray) {
  const int w = pixGetWidth(gray);
  const int h = pixGetHeight(gray);
  const int wpl = pixGetWpl(gray);
  const l_uint32* data = pixGetData(gray);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    std::uint8_t* out = bytes.data() + static_cast<std::ptrdiff_t>(y) * w;
    for (int x = 0; x < w; ++x) out[x] = static_cast<std::uint8_t>(GET_DATA_BYTE(line, x));
  }
  return bytes;
}

// The axis-aligned hull of the code's corners, taken back to the page's
// pixels (the read image was `shrink` times smaller) and clipped to it.
Box PageBox(const ZXing::Position& corners, int shrink, int page_w, int page_h) {
  int x0 = corners[0].x, x1 = corners[0].x, y0 = corners[0].y, y1 = corners[0].y;
  for (const auto& p : corners) {
    x0 = std::min(x0, p.x);
    x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y);
    y1 = std::max(y1, p.y);
  }
  const int left = std::clamp(x0 * shrink, 0, page_w);
  const int top = std::clamp(y0 * shrink, 0, page_h);
  const int right = std::clamp((x1 + 1) * shrink, 0, page_w);
  const int bottom = std::clamp((y1 + 1) * shrink, 0, page_h);
  return Box{left, top, right - left, bottom - top};
}

}  // namespace

std::vector<Barcode> ReadBarcodes(Pix* pix) {
  std::vector<Barcode> found;
  if (pix == nullptr || pixGetWidth(pix) < 1 || pixGetHeight(pix) < 1) return found;
  LeptonicaMessages quiet;
  int halvings = 0;
  for (int dpi = PageDpi(pix); dpi / 2 >= kMinReadDpi && halvings < 3; dpi /= 2) ++halvings;
  PixPtr gray = GrayHalved(pix, halvings);
  if (!gray) return found;
  const std::vector<std::uint8_t> bytes = PackedBytes(gray.get());
  const ZXing::ImageView view(bytes.data(), pixGetWidth(gray.get()), pixGetHeight(gray.get()),
                              ZXing::ImageFormat::Lum);

  ZXing::DecodeHints hints;
  hints.setFormats(kFormats);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  hints.setTryDownscale(false);
  for (const ZXing::Result& result : ZXing::ReadBarcodes(view, hints)) {
    if (!result.isValid()) continue;
    Barcode code;
    code.format = ZXing::ToString(result.format());
    code.text = result.text();
    code.box = PageBox(result.position(), 1 << halvings, pixGetWidth(pix), pixGetHeight(pix));
    found.push_back(std::move(code));
  }
  return found;
}

void BlankRegions(Pix* pix, const std::vector<Box>& boxes, int margin) {
  if (pix == nullptr) return;
  LeptonicaMessages quiet;
  const int page_w = pixGetWidth(pix);
  const int page_h = pixGetHeight(pix);
  const int depth = pixGetDepth(pix);
  // White is 0 in a 1-bit page and all ones at other depths; a colormapped
  // page needs the index of its white entry.
  l_uint32 white = depth == 1 ? 0 : (depth == 32 ? 0xffffffffu : (1u << depth) - 1);
  if (PIXCMAP* cmap = pixGetColormap(pix); cmap != nullptr) {
    l_int32 index = 0;
    if (pixcmapAddBlackOrWhite(cmap, 1, &index) != 0) return;
    white = static_cast<l_uint32>(index);
  }
  for (const Box& b : boxes) {
    const int left = std::max(0, b.x - margin);
    const int top = std::max(0, b.y - margin);
    const int right = std::min(page_w, b.x + b.w + margin);
    const int bottom = std::min(page_h, b.y + b.h + margin);
    if (right <= left || bottom <= top) continue;
    std::unique_ptr<::Box, LeptBoxDeleter> rect(boxCreate(left, top, right - left, bottom - top));
    pixSetInRectArbitrary(pix, rect.get(), white);
  }
}

}  // namespace sohoa::ocr
