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
// while a page of text scores over 30. Tesseract reads a line turned less
// than 0.3 degrees as well as a straight one; rotating a page costs ~30 ms.
constexpr float kMinSkewConfidence = 5.0f;
constexpr float kMinDeskewDegrees = 0.3f;
// pixOrientDetect is tuned for text at 150 to 300 ppi; pixFindSkew finds
// skew to 0.05 degrees there when it sweeps at half that resolution.
constexpr int kSketchDpi = 150;
// Leptonica's defaults (8 and 2.5) left half the pages of a generated corpus
// unsure, and Tesseract's OSD then cost 0.23 s a page. On 244 samples (61
// pages, each turned four ways) these gave 182 right, 0 wrong, 62 unsure
// (tools/bench: sohoa-ocr-floor --mode orient-samples); 3 and 1.5 already
// gave 3 wrong.
constexpr float kMinOrientConfidence = 4.0f;
constexpr float kMinOrientRatio = 2.0f;
// Letters (their connected components) of body text at 300 dpi are about 20
// pixels tall. Measured on OCRmyPDF's samples: enlarging pages whose median
// was 7 or 10 raised Tesseract's mean word confidence from 79 to 91 and 75
// to 78 (and found a heading it had missed); enlarging pages at 13 and 20
// lowered it slightly and doubled the time. But where letters are 10-11
// pixels (×1.8-2), enlarging cost more than it gave: generated 150-dpi
// dossiers (held-out font, seeds 509 and 510) read with 7.92 and 8.11%
// order-free WER enlarged against 7.86 and 7.72% as they were (CER 5.59 vs
// 4.65%, 5.83 vs 7.06%: reading order swings it), for 14-19% more CPU; and a
// held-out set of scans went from 1.1 to 5.5% CER on its 7 enlarged pages.
// So only print smaller than that, the 7-pixel kind, is enlarged.
constexpr int kMinGlyphHeight = 9;
constexpr int kGoodGlyphHeight = 20;
// A dark run this long (9 mm) across or down the page is a rule: longer
// than any letter's stroke, shorter than a form's shortest ruled field.
constexpr double kRuleLengthInches = 0.35;
// A dark shape whose ink is at least this many tenths rule is a frame and
// goes whole.
constexpr int kRuleShareOfShapeTenths = 6;
// Gray below this is ink dark enough to be a rule.
constexpr int kRuleDarkerThan = 128;
// On gray, print is darker than kSealInkLighterThan; a seal's or a
// signature's ink lies between that and the paper's level less
// kInkBelowPaper (the generator's gray scans: print near 20, a red seal
// 125, blue ballpoint 80, paper 235). The paper's level is taken in blocks
// of 1/kPaperBlocksPerInch inch, each block's mean gray: the kPaperRank
// rank of the blocks within kPaperWindowInches (a tenth of a window is
// paper, even round a seal over a column of print; a window is wider than
// a portrait, so its middle is measured against the paper round it). A
// block kBeyondTheSheet or lighter is white beyond the sheet (the scanner's
// lid, a deskew's corners) and counts as the page's median block.
constexpr int kSealInkLighterThan = 64;
constexpr int kInkBelowPaper = 45;
constexpr int kPaperBlocksPerInch = 20;
constexpr float kPaperRank = 0.9f;
constexpr double kPaperWindowInches = 1.0;
constexpr int kBeyondTheSheet = 250;
// A seal is 0.5 to 2.5 inches across (13-64 mm; the state's are 30-45 mm),
// its strokes covering at most this share of its box. Gaps print cut in
// its rings up to 1/25 inch are bridged.
constexpr double kSealMinInches = 0.5;
constexpr double kSealMaxInches = 2.5;
constexpr double kMarkMaxFill = 0.5;
constexpr int kSealJoinPerInch = 25;
// A signature has a stroke at least 0.8 inch (20 mm) across, longer than
// any letter and than a handwritten Vietnamese word, which is one syllable
// (10-15 mm), and not straight (at most half its box inked; a straight
// rule fills its box): a looped scrawl, a flat one, the line drawn under
// it. With a seal it touches, it makes a patch up to 3.5 inches across.
constexpr double kSignatureStrokeMinWidthInches = 0.8;
constexpr double kSignatureStrokeMaxFill = 0.5;
constexpr double kSignedPatchMaxInches = 3.5;
// A solid patch of that gray (more than kMarkMaxFill of its box) 0.3 to
// 2.5 inches across is a picture: a card copy's portrait. Tesseract read
// its edges as letters ("TƯ, Ẫ", "/AAA(4").
constexpr double kPictureMinInches = 0.3;
// Marks have at most this many times the pixels of print: a page printed
// light (faded, a pale copy, a blurred scan) has next to no print darker,
// and only its solid pictures are painted out.
constexpr int kMarksPerPrintAtMost = 4;
// A blurred letter's gray edge reaches this many pixels (a square's side)
// round its dark core.
constexpr int kPrintEdgeReach = 5;
// Pages stated at this resolution or more are not measured.
constexpr int kCheckGlyphsBelowDpi = 250;
// Red above both green and blue by this much is seal ink (the generator's
// seal: 205/35/45; paper and black print differ by less than 30).
constexpr int kSealRedExcess = 60;

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

// A colour scan in gray, with its red seals dropped: where a pixel is far
// redder than it is green or blue (seal ink), its red channel, lightened by
// that excess, stands for it: red ink is nearly as light as the paper in red
// light. Black print under a seal is dark in every channel and stays. Blue is kept: forms are filled in
// by hand in blue ballpoint.
PixPtr GrayWithoutRedSeals(Pix* rgb) {
  const int w = pixGetWidth(rgb), h = pixGetHeight(rgb);
  PixPtr gray(pixCreate(w, h, 8));
  if (!gray) return gray;
  pixCopyResolution(gray.get(), rgb);
  const l_uint32* in = pixGetData(rgb);
  l_uint32* out = pixGetData(gray.get());
  const int in_wpl = pixGetWpl(rgb), out_wpl = pixGetWpl(gray.get());
  for (int y = 0; y < h; ++y) {
    const l_uint32* src = in + static_cast<long>(y) * in_wpl;
    l_uint32* dst = out + static_cast<long>(y) * out_wpl;
    for (int x = 0; x < w; ++x) {
      l_int32 r = 0, g = 0, b = 0;
      extractRGBValues(src[x], &r, &g, &b);
      int v = (r * 77 + g * 128 + b * 51 + 128) >> 8;  // pixConvertTo8's 0.3/0.5/0.2
      const int excess = r - std::max(g, b);
      if (excess > kSealRedExcess) v = std::min(255, r + excess);
      SET_DATA_BYTE(dst, x, v);
    }
  }
  return gray;
}

// The boxes of strokes long enough to be a signature's (see
// kSignatureStrokeMinWidthInches), among 1-bit `strokes`.
std::vector<Box> SignatureStrokes(Pix* strokes, int dpi) {
  std::vector<Box> out;
  const int min_w = static_cast<int>(std::lround(dpi * kSignatureStrokeMinWidthInches));
  // Boxes only: a noisy scan has thousands of specks, and an image of each
  // (pixConnCompPixa) cost 10-20 MB at the peak. A stroke's fill is taken
  // over its box, with whatever else lies inside it.
  BoxaPtr boxes(pixConnCompBB(strokes, 8));
  const int n = boxes ? boxaGetCount(boxes.get()) : 0;
  for (int i = 0; i < n; ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
    if (w < min_w) continue;
    PixPtr inside(pixCreate(w, h, 1));
    if (!inside) continue;
    pixRasterop(inside.get(), 0, 0, w, h, PIX_SRC, strokes, x, y);
    l_int32 ink = 0;
    if (pixCountPixels(inside.get(), &ink, nullptr) != 0) continue;
    if (static_cast<double>(ink) > kSignatureStrokeMaxFill * w * h) continue;
    out.push_back(Box{x, y, w, h});
  }
  return out;
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
    if (pixGetDepth(original) == 32) {
      gray = GrayWithoutRedSeals(original);
    } else {
      gray.reset(pixConvertTo8(original, 0));
    }
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

PageSketch MakeSketch(Pix* gray, int dpi) {
  LeptonicaMessages messages;
  PageSketch sketch;
  sketch.dpi = dpi > 0 ? dpi : kAssumedDpi;
  PixPtr eight(pixGetDepth(gray) == 8 && pixGetColormap(gray) == nullptr
                   ? pixClone(gray)
                   : pixConvertTo8(gray, 0));
  if (!eight) return sketch;
  PixPtr small;
  if (sketch.dpi > kSketchDpi + 30) {
    const auto f = static_cast<l_float32>(static_cast<double>(kSketchDpi) / sketch.dpi);
    small.reset(pixScale(eight.get(), f, f));
    sketch.dpi = kSketchDpi;
  } else {
    small = std::move(eight);
  }
  if (!small) return sketch;
  sketch.bin = Binarize(small.get());
  return sketch;
}

OrientationGuess GuessOrientation(const PageSketch& sketch) {
  LeptonicaMessages messages;
  OrientationGuess guess;
  if (!sketch.bin) return guess;
  l_float32 up = 0, left = 0;
  if (pixOrientDetect(sketch.bin.get(), &up, &left, 0, 0) != 0) return guess;
  guess.up_confidence = up;
  guess.left_confidence = left;
  l_int32 orient = L_TEXT_ORIENT_UNKNOWN;
  makeOrientDecision(up, left, kMinOrientConfidence, kMinOrientRatio, &orient, 0);
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

OrientationGuess GuessOrientation(Pix* gray, int dpi) {
  return GuessOrientation(MakeSketch(gray, dpi));
}

float MeasureSkewDegrees(const PageSketch& sketch, int quarter_turns, float* confidence) {
  LeptonicaMessages messages;
  *confidence = 0;
  if (!sketch.bin) return 0;
  PixPtr turned(((quarter_turns % 4) + 4) % 4 == 0
                    ? pixClone(sketch.bin.get())
                    : pixRotateOrth(sketch.bin.get(), ((quarter_turns % 4) + 4) % 4));
  if (!turned) return 0;
  // pixFindSkew sweeps at 4x and searches at 2x reduction of a 300 ppi page;
  // the sketch is already at half that.
  const int sweep = sketch.dpi >= 120 ? 2 : 1;
  l_float32 angle = 0, conf = 0;
  if (pixFindSkewSweepAndSearch(turned.get(), &angle, &conf, sweep, 1, 7.0f, 1.0f, 0.01f) != 0) {
    return 0;
  }
  *confidence = conf;
  if (conf < kMinSkewConfidence || std::abs(angle) < kMinDeskewDegrees) return 0;
  return angle;
}

float MeasureSkewDegrees(Pix* pix, float* confidence) {
  const int res = pixGetXRes(pix);
  return MeasureSkewDegrees(MakeSketch(pix, res >= 50 ? res : kAssumedDpi), 0, confidence);
}

Result<PreparedPage> Prepare(GrayPage gray, int quarter_turns) {
  float confidence = 0;
  const float skew =
      MeasureSkewDegrees(MakeSketch(gray.pix.get(), gray.dpi), quarter_turns, &confidence);
  return Prepare(std::move(gray), quarter_turns, skew, confidence);
}

Result<PreparedPage> Prepare(GrayPage gray, int quarter_turns, float skew_degrees,
                             float skew_confidence) {
  LeptonicaMessages messages;
  PreparedPage out;
  out.dpi = gray.dpi;
  out.transform = gray.transform;
  out.skew_confidence = skew_confidence;
  PageTransform& t = out.transform;
  t.quarter_turns = ((quarter_turns % 4) + 4) % 4;

  PixPtr page = std::move(gray.pix);
  if (t.quarter_turns != 0) {
    page.reset(pixRotateOrth(page.get(), t.quarter_turns));
    if (!page) return Internal("cannot turn the page" + Because(messages));
  }

  // No background normalisation: Tesseract's Sauvola threshold is already
  // local. On the benchmark corpus (46 pages, 200-300 dpi, uneven lighting on
  // many) pixBackgroundNormSimple before it cost 4% of the CPU time and made
  // the text worse (CER 6.5% -> 4.2% without it, order-free WER 5.8% -> 5.0%).
  // Deskewing by area mapping reads better than by shear (WER 6.4%) or not
  // at all (WER 6.6%).
  if (skew_degrees != 0) {
    PixPtr straight(pixRotate(page.get(), static_cast<l_float32>(skew_degrees * kPi / 180.0),
                              L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
    if (!straight) return Internal("cannot deskew the page" + Because(messages));
    page = std::move(straight);
    t.deskew_degrees = skew_degrees;
  }
  t.width = pixGetWidth(page.get());
  t.height = pixGetHeight(page.get());
  pixSetResolution(page.get(), out.dpi, out.dpi);
  out.pix = std::move(page);
  return out;
}

long BlankFrameCorners(Pix* gray, int dpi) {
  if (gray == nullptr || pixGetDepth(gray) != 8 || pixGetColormap(gray) != nullptr) return 0;
  LeptonicaMessages messages;
  const int length = std::max(24, static_cast<int>(std::lround(dpi * kRuleLengthInches)));
  // Rules are the darkest print on the page: a plain threshold finds them
  // (Tesseract binarises the page for reading on its own).
  PixPtr bin(pixConvertTo1(gray, kRuleDarkerThan));
  if (!bin) return 0;
  // Runs that long across or down: rules, frames' sides, and the insides
  // of large dark areas (a photo), never a letter or a word's strokes.
  PixPtr across(pixOpenCompBrick(nullptr, bin.get(), length, 1));
  PixPtr down(pixOpenCompBrick(nullptr, bin.get(), 1, length));
  if (!across || !down) return 0;
  PixPtr rules(pixOr(nullptr, across.get(), down.get()));
  if (!rules) return 0;
  l_int32 empty = 1;
  pixZero(rules.get(), &empty);
  if (empty) return 0;

  // The shapes a rule runs through: of a shape most of whose ink is rule (a
  // frame), all but the rules goes (its rounded corners, its ragged ends);
  // a shape that is mostly not (letters touching a rule) stays.
  PixPtr touched(pixSeedfillBinary(nullptr, rules.get(), bin.get(), 8));
  if (!touched) return 0;
  PixPtr mask(pixCreateTemplate(rules.get()));
  if (!mask) return 0;
  Pixa* shapes_raw = nullptr;
  BoxaPtr boxes(pixConnCompPixa(touched.get(), &shapes_raw, 8));
  PixaPtr shapes(shapes_raw);
  const int n = boxes ? boxaGetCount(boxes.get()) : 0;
  for (int i = 0; i < n; ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
    PixPtr shape(pixaGetPix(shapes.get(), i, L_CLONE));
    PixPtr inside(pixCreate(w, h, 1));
    if (!shape || !inside) continue;
    pixRasterop(inside.get(), 0, 0, w, h, PIX_SRC, rules.get(), x, y);
    pixAnd(inside.get(), inside.get(), shape.get());
    l_int32 ink = 0, rule = 0;
    pixCountPixels(shape.get(), &ink, nullptr);
    pixCountPixels(inside.get(), &rule, nullptr);
    if (ink > 0 && rule * 10 >= ink * kRuleShareOfShapeTenths) {
      pixRasterop(mask.get(), x, y, w, h, PIX_SRC | PIX_DST, shape.get(), 0, 0);
    }
  }
  // A pixel's width more, for the gray fringe the threshold left outside;
  // the straight rules stay, for Tesseract, which finds its own and takes
  // the page's layout from them (painting them out too put a card copy's
  // labels and values in separate columns: CER 2.1 -> 3.8% on seed 503).
  PixPtr wider(pixDilateBrick(nullptr, mask.get(), 3, 3));
  PixPtr straight(pixDilateBrick(nullptr, rules.get(), 3, 3));
  if (!wider || !straight) return 0;
  pixSubtract(wider.get(), wider.get(), straight.get());
  l_int32 painted = 0;
  pixCountPixels(wider.get(), &painted, nullptr);
  pixSetMasked(gray, wider.get(), 255);
  return painted;
}

// Ink: pixels more than kInkBelowPaper darker than the paper around them.
// On paper in shadow (a scan's uneven lighting) the paper is darker, and
// its ink with it. A fixed level took a shadowed corner of paper for marks
// (the page then had "more marks than print" and was left alone, and a
// card copy's portrait was read as "đế", "St", "& À" before each line).
PixPtr DarkerThanPaper(Pix* gray, int dpi) {
  const int block = std::max(2, dpi / kPaperBlocksPerInch);
  // Each block's mean, a scan's noise averaged out.
  const float scale = 1.0f / static_cast<float>(block);
  PixPtr means(pixScaleAreaMap(gray, scale, scale));
  if (!means) return nullptr;
  // White beyond the sheet is no paper: it takes the page's usual level.
  l_uint32 usual = 0;
  if (pixGetRankValue(means.get(), 1, 0.5f, &usual) != 0) return nullptr;
  PixPtr beyond(pixThresholdToBinary(means.get(), kBeyondTheSheet));
  if (!beyond) return nullptr;
  pixInvert(beyond.get(), beyond.get());
  pixSetMasked(means.get(), beyond.get(), usual);
  const int window = std::max(3, static_cast<int>(std::lround(kPaperWindowInches * kPaperBlocksPerInch))) | 1;
  PixPtr paper_small(pixRankFilterGray(means.get(), window, window, kPaperRank));
  if (!paper_small) return nullptr;
  // Each pixel against its block's paper, in one pass: full-size images of
  // the paper and of the difference cost 9 MB each on an A4 page at 300 dpi.
  const int w = pixGetWidth(gray), h = pixGetHeight(gray);
  PixPtr ink(pixCreate(w, h, 1));
  if (!ink) return nullptr;
  const int blocks_across = pixGetWidth(paper_small.get()), blocks_down = pixGetHeight(paper_small.get());
  const l_int32 gray_wpl = pixGetWpl(gray), ink_wpl = pixGetWpl(ink.get()), paper_wpl = pixGetWpl(paper_small.get());
  const l_uint32* gray_data = pixGetData(gray);
  const l_uint32* paper_data = pixGetData(paper_small.get());
  l_uint32* ink_data = pixGetData(ink.get());
  for (int y = 0; y < h; ++y) {
    const l_uint32* gray_row = gray_data + static_cast<std::ptrdiff_t>(y) * gray_wpl;
    const l_uint32* paper_row = paper_data + static_cast<std::ptrdiff_t>(std::min(y / block, blocks_down - 1)) * paper_wpl;
    l_uint32* ink_row = ink_data + static_cast<std::ptrdiff_t>(y) * ink_wpl;
    for (int x = 0; x < w; ++x) {
      const int paper = static_cast<int>(GET_DATA_BYTE(paper_row, std::min(x / block, blocks_across - 1)));
      if (paper - static_cast<int>(GET_DATA_BYTE(gray_row, x)) > kInkBelowPaper) SET_DATA_BIT(ink_row, x);
    }
  }
  return ink;
}

long BlankLightMarks(Pix* gray, int dpi) {
  if (gray == nullptr || pixGetDepth(gray) != 8 || pixGetColormap(gray) != nullptr) return 0;
  LeptonicaMessages messages;
  // Ink lighter than print and darker than the paper around it.
  PixPtr band = DarkerThanPaper(gray, dpi);  // all ink
  PixPtr dark(pixThresholdToBinary(gray, kSealInkLighterThan));  // print
  if (!band || !dark) return 0;
  pixSubtract(band.get(), band.get(), dark.get());
  // Strokes, not the gray fringe round printed letters.
  const int open = dpi >= 250 ? 3 : 2;  // a ballpoint line is 3.5 pixels at 200 dpi
  PixPtr strokes(pixOpenBrick(nullptr, band.get(), open, open));
  if (!strokes) return 0;
  // A page printed that light (faded, a pale copy, a blurred scan) has
  // next to no print to tell from marks: its thin strokes may be letters,
  // and only solid pictures are painted out. Strokes beside print are its
  // blurred edges, not marks, and are not counted.
  l_int32 stroke_pixels = 0, print_pixels = 0;
  pixCountPixels(strokes.get(), &stroke_pixels, nullptr);
  if (stroke_pixels == 0) return 0;
  PixPtr near_print(pixDilateBrick(nullptr, dark.get(), kPrintEdgeReach, kPrintEdgeReach));
  if (!near_print) return 0;
  PixPtr away(pixSubtract(nullptr, strokes.get(), near_print.get()));
  if (!away) return 0;
  l_int32 mark_pixels = 0;
  pixCountPixels(away.get(), &mark_pixels, nullptr);
  pixCountPixels(dark.get(), &print_pixels, nullptr);
  const bool pale = print_pixels * kMarksPerPrintAtMost < mark_pixels;
  // Print crossing a seal cuts its rings into arcs: joined again, a seal
  // is a round patch of strokes, about as tall as wide.
  const int join = std::max(3, dpi / kSealJoinPerInch) | 1;
  PixPtr joined(pixDilateBrick(nullptr, strokes.get(), join, join));
  if (!joined) return 0;
  BoxaPtr patches(pixConnCompBB(joined.get(), 8));
  PixPtr mask(pixCreateTemplate(strokes.get()));
  if (!mask) return 0;
  const int min_side = static_cast<int>(std::lround(dpi * kSealMinInches));
  const int max_side = static_cast<int>(std::lround(dpi * kSealMaxInches));
  const std::vector<Box> signatures = SignatureStrokes(strokes.get(), dpi);
  const int signed_max_side = static_cast<int>(std::lround(dpi * kSignedPatchMaxInches));
  const int picture_min = static_cast<int>(std::lround(dpi * kPictureMinInches));
  const int n = patches ? boxaGetCount(patches.get()) : 0;
  bool any = false;
  for (int i = 0; i < n; ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(patches.get(), i, &x, &y, &w, &h);
    const bool seal = std::min(w, h) >= min_side && std::max(w, h) <= max_side &&
                      std::max(w, h) * 3 <= std::min(w, h) * 4;  // round
    const bool signature =
        !seal && std::max(w, h) <= signed_max_side &&
        std::any_of(signatures.begin(), signatures.end(), [&](const Box& b) {
          return b.x >= x && b.y >= y && b.x + b.w <= x + w && b.y + b.h <= y + h;
        });
    const bool picture_sized = std::min(w, h) >= picture_min && std::max(w, h) <= max_side;
    if (!seal && !signature && !picture_sized) continue;
    PixPtr inside(pixCreate(w, h, 1));
    if (!inside) continue;
    pixRasterop(inside.get(), 0, 0, w, h, PIX_SRC, strokes.get(), x, y);
    l_int32 pixels = 0;
    pixCountPixels(inside.get(), &pixels, nullptr);
    // Rings, lettering, a star, a pen's loops are thin strokes across their
    // patch; a picture is solid.
    const bool solid = static_cast<double>(pixels) > kMarkMaxFill * w * h;
    if (solid ? !picture_sized : (pale || !(seal || signature))) continue;
    pixRasterop(mask.get(), x, y, w, h, PIX_SRC | PIX_DST, inside.get(), 0, 0);
    any = true;
  }
  if (!any) return 0;
  // The opening took a pixel off each side of the strokes: back, and one
  // more for their fringe. Print under the ink is darker and stays, with
  // the gray edge a blurred letter has (a tone mark's, which is all edge).
  PixPtr wider(pixDilateBrick(nullptr, mask.get(), 5, 5));
  PixPtr print_edge(pixDilateBrick(nullptr, dark.get(), 3, 3));
  if (!wider || !print_edge) return 0;
  pixSubtract(wider.get(), wider.get(), print_edge.get());
  l_int32 painted = 0;
  pixCountPixels(wider.get(), &painted, nullptr);
  pixSetMasked(gray, wider.get(), 255);
  return painted;
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
