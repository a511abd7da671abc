#include "ocr/cleanup.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "ocr/leptonica_ptr.h"

namespace sohoa::ocr {
namespace {

constexpr double kPi = std::numbers::pi;
// Below these a page is left as it is. Leptonica's pixDeskew uses 3.0 for the
// confidence; a lone solid block already scores 3.1 (at a false 0.56 degrees)
// while a page of text scores over 30.
constexpr float kMinDeskewDegrees = 0.1f;
constexpr float kMinSkewConfidence = 5.0f;
// pixOrientDetect is tuned for text at 150 to 300 ppi.
constexpr int kOrientationDpi = 150;
// Letters (their connected components) of body text at 300 dpi are about 20
// pixels tall. Measured on OCRmyPDF's samples: enlarging pages whose median
// was 7 or 10 raised Tesseract's mean word confidence from 79 to 91 and 75
// to 78 (and found a heading it had missed); enlarging pages at 13 and 20
// lowered it slightly and doubled the time.
constexpr int kMinGlyphHeight = 12;
constexpr int kGoodGlyphHeight = 20;
// Pages stated at this resolution or more are not measured.
constexpr int kCheckGlyphsBelowDpi = 250;

std::string Because(const LeptonicaMessages& messages) {
  std::string summary = messages.Summary();
  return summary.empty() ? std::string() : " (" + summary + ")";
}

// Text dark, paper white, 1 bit: for measuring, never for reading.
PixPtr Binarize(Pix* gray) {
  if (pixGetDepth(gray) == 1) return PixPtr(pixClone(gray));
  l_int32 threshold = 0;
  PixPtr bin(
      pixOtsuThreshOnBackgroundNorm(gray, nullptr, 10, 15, 100, 50, 255, 2, 2, 0.1f, &threshold));
  if (!bin) bin.reset(pixConvertTo1(gray, 128));
  return bin;
}

}  // namespace

Result<GrayPage> ToGrayForOcr(Pix* original, int dpi) {
  LeptonicaMessages messages;
  if (original == nullptr) return InvalidArgument("no page image");
  GrayPage page;
  PageTransform& t = page.transform;
  t.original_width = pixGetWidth(original);
  t.original_height = pixGetHeight(original);

  const bool known = dpi >= 50 && dpi <= 4800;
  page.dpi = known ? dpi : kAssumedDpi;
  if (known && dpi > 450) t.scale = 300.0 / dpi;

  PixPtr gray;
  if (pixGetDepth(original) == 1 && t.scale < 1) {
    // Scaling bilevel straight to gray keeps thin strokes that a 1-bit
    // downscale would lose.
    gray.reset(pixScaleToGray(original, static_cast<l_float32>(t.scale)));
  } else {
    gray.reset(pixConvertTo8(original, 0));
    if (gray && t.scale != 1) {
      gray.reset(
          pixScale(gray.get(), static_cast<l_float32>(t.scale), static_cast<l_float32>(t.scale)));
    }
  }
  if (!gray) return Internal("cannot convert the page to gray" + Because(messages));

  // Small print on a low-resolution page reads better enlarged. Whether
  // print is small is measured, not inferred from the resolution alone: a
  // 300-dpi scan placed on a poster-sized PDF page says 100 dpi.
  if (t.scale == 1 && (!known || dpi < kCheckGlyphsBelowDpi)) {
    const int glyph = MedianGlyphHeight(gray.get());
    if (glyph > 0 && glyph < kMinGlyphHeight) {
      t.scale = std::min(2.0, static_cast<double>(kGoodGlyphHeight) / glyph);
      PixPtr larger(
          pixScale(gray.get(), static_cast<l_float32>(t.scale), static_cast<l_float32>(t.scale)));
      if (!larger) return Internal("cannot enlarge the page" + Because(messages));
      gray = std::move(larger);
    }
  }
  if (t.scale != 1) page.dpi = static_cast<int>(std::lround(page.dpi * t.scale));
  t.scaled_width = pixGetWidth(gray.get());
  t.scaled_height = pixGetHeight(gray.get());
  t.width = t.scaled_width;
  t.height = t.scaled_height;
  pixSetResolution(gray.get(), page.dpi, page.dpi);
  page.pix = std::move(gray);
  return page;
}

int MedianGlyphHeight(Pix* gray) {
  PixPtr bin = Binarize(gray);
  if (!bin) return 0;
  BoxaPtr boxes(pixConnCompBB(bin.get(), 8));
  if (!boxes) return 0;
  std::vector<int> heights;
  for (int i = 0; i < boxaGetCount(boxes.get()); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
    // Specks, rules and pictures are not letters.
    if (h >= 4 && h <= 300 && w <= 3 * h) heights.push_back(h);
  }
  if (heights.size() < 30) return 0;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  return heights[heights.size() / 2];
}

OrientationGuess GuessOrientation(Pix* gray, int dpi) {
  LeptonicaMessages messages;
  OrientationGuess guess;
  PixPtr small;
  if (dpi > kOrientationDpi + 30) {
    const auto f = static_cast<l_float32>(static_cast<double>(kOrientationDpi) / dpi);
    small.reset(pixScale(gray, f, f));
  } else {
    small.reset(pixClone(gray));
  }
  if (!small) return guess;
  PixPtr bin = Binarize(small.get());
  if (!bin) return guess;
  l_float32 up = 0, left = 0;
  if (pixOrientDetect(bin.get(), &up, &left, 0, 0) != 0) return guess;
  guess.up_confidence = up;
  guess.left_confidence = left;
  l_int32 orient = L_TEXT_ORIENT_UNKNOWN;
  makeOrientDecision(up, left, 0, 0, &orient, 0);
  switch (orient) {
    case L_TEXT_ORIENT_UP:
      guess.quarter_turns = 0;
      break;
    case L_TEXT_ORIENT_LEFT:
      guess.quarter_turns = 1;
      break;  // tops point left: turn cw
    case L_TEXT_ORIENT_DOWN:
      guess.quarter_turns = 2;
      break;
    case L_TEXT_ORIENT_RIGHT:
      guess.quarter_turns = 3;
      break;  // tops point right: turn ccw
    default:
      return guess;
  }
  guess.sure = true;
  return guess;
}

float MeasureSkewDegrees(Pix* pix, float* confidence) {
  LeptonicaMessages messages;
  *confidence = 0;
  PixPtr bin = Binarize(pix);
  if (!bin) return 0;
  l_float32 angle = 0, conf = 0;
  if (pixFindSkew(bin.get(), &angle, &conf) != 0) return 0;
  *confidence = conf;
  if (conf < kMinSkewConfidence || std::abs(angle) < kMinDeskewDegrees) return 0;
  return angle;
}

Result<PreparedPage> Prepare(GrayPage gray, int quarter_turns) {
  LeptonicaMessages messages;
  PreparedPage out;
  out.dpi = gray.dpi;
  out.transform = gray.transform;
  PageTransform& t = out.transform;
  t.quarter_turns = ((quarter_turns % 4) + 4) % 4;

  PixPtr page = std::move(gray.pix);
  if (t.quarter_turns != 0) {
    page.reset(pixRotateOrth(page.get(), t.quarter_turns));
    if (!page) return Internal("cannot turn the page" + Because(messages));
  }

  // Evening out the background lets a plain threshold find the text for the
  // skew measurement and helps Sauvola on faint, unevenly lit pages (word
  // recall 0.951 -> 0.988 on a synthetic low-contrast page losing half its
  // light across the width); on a heavily shaded, noisy page it cost recall
  // (0.905 -> 0.852). Scanners give the first kind far more often.
  PixPtr flat(pixBackgroundNormSimple(page.get(), nullptr, nullptr));
  if (flat) page = std::move(flat);

  const float skew = MeasureSkewDegrees(page.get(), &out.skew_confidence);
  if (skew != 0) {
    PixPtr straight(pixRotate(page.get(), static_cast<l_float32>(skew * kPi / 180.0),
                              L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
    if (!straight) return Internal("cannot deskew the page" + Because(messages));
    page = std::move(straight);
    t.deskew_degrees = skew;
  }
  t.width = pixGetWidth(page.get());
  t.height = pixGetHeight(page.get());
  pixSetResolution(page.get(), out.dpi, out.dpi);
  out.pix = std::move(page);
  return out;
}

Box MapToOriginal(const Box& box, const PageTransform& t) {
  // Undo the deskew: rotate the corners back about the centre.
  double x0 = box.x, y0 = box.y, x1 = box.x + box.w, y1 = box.y + box.h;
  if (t.deskew_degrees != 0) {
    const double a = -t.deskew_degrees * kPi / 180.0;
    const double c = std::cos(a), s = std::sin(a);
    const double cx = t.width / 2.0, cy = t.height / 2.0;
    double xs[4] = {x0, x1, x1, x0}, ys[4] = {y0, y0, y1, y1};
    x0 = y0 = 1e18;
    x1 = y1 = -1e18;
    for (int i = 0; i < 4; ++i) {
      const double dx = xs[i] - cx, dy = ys[i] - cy;
      const double x = cx + dx * c - dy * s, y = cy + dx * s + dy * c;
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  }
  // Undo the quarter turns (pixRotateOrth turns clockwise); the scaled
  // image is scaled_width x scaled_height.
  const double ws = t.scaled_width, hs = t.scaled_height;
  double sx0 = x0, sy0 = y0, sx1 = x1, sy1 = y1;
  switch (t.quarter_turns) {
    case 1:
      sx0 = y0;
      sx1 = y1;
      sy0 = hs - x1;
      sy1 = hs - x0;
      break;
    case 2:
      sx0 = ws - x1;
      sx1 = ws - x0;
      sy0 = hs - y1;
      sy1 = hs - y0;
      break;
    case 3:
      sx0 = ws - y1;
      sx1 = ws - y0;
      sy0 = x0;
      sy1 = x1;
      break;
    default:
      break;
  }
  // Undo the scale, growing the box to whole pixels, and clip.
  const double k = t.scale > 0 ? 1.0 / t.scale : 1.0;
  const int left = std::clamp(static_cast<int>(std::floor(sx0 * k)), 0, t.original_width);
  const int top = std::clamp(static_cast<int>(std::floor(sy0 * k)), 0, t.original_height);
  const int right = std::clamp(static_cast<int>(std::ceil(sx1 * k)), 0, t.original_width);
  const int bottom = std::clamp(static_cast<int>(std::ceil(sy1 * k)), 0, t.original_height);
  return Box{left, top, std::max(0, right - left), std::max(0, bottom - top)};
}

}  // namespace sohoa::ocr
