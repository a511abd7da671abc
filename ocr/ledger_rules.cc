#include "ocr/ledger_rules.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "ocr/leptonica_ptr.h"

namespace sohoa::ocr {
namespace {

// Pages above this are read at 300 dpi: the cells do not need more.
constexpr int kMaxReadDpi = 400;
// How far around a found rule the ink is painted out (anti-aliased edges).
constexpr int kRuleHalo = 2;

PixPtr Binarize(Pix* gray) {
  l_int32 threshold = 0;
  PixPtr bin(
      pixOtsuThreshOnBackgroundNorm(gray, nullptr, 10, 15, 100, 50, 255, 2, 2, 0.1f, &threshold));
  if (!bin) bin.reset(pixConvertTo1(gray, 128));
  return bin;
}

// The long straight components of a line mask, merged when they lie on one
// line (a rule broken by noise or a faint stretch).
std::vector<Rule> FindRules(Pix* mask, bool horizontal, int min_length) {
  std::vector<Rule> rules;
  BoxaPtr boxes(pixConnCompBB(mask, 8));
  if (!boxes) return rules;
  for (int i = 0; i < boxaGetCount(boxes.get()); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
    Rule r = horizontal ? Rule{y, y + h - 1, x, x + w - 1} : Rule{x, x + w - 1, y, y + h - 1};
    if (r.to - r.from + 1 < min_length) continue;
    rules.push_back(r);
  }
  std::sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.lo < b.lo; });
  std::vector<Rule> merged;
  for (const Rule& r : rules) {
    if (!merged.empty() && r.lo <= merged.back().hi + 3) {
      Rule& m = merged.back();
      m.hi = std::max(m.hi, r.hi);
      m.from = std::min(m.from, r.from);
      m.to = std::max(m.to, r.to);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

// Keeps the rules that run along most of the table.
std::vector<Rule> Spanning(const std::vector<Rule>& rules, int from, int to) {
  std::vector<Rule> out;
  const int span = to - from;
  for (const Rule& r : rules) {
    if (std::min(r.to, to) - std::max(r.from, from) >= span * 6 / 10) out.push_back(r);
  }
  return out;
}

struct LineMasks {
  PixPtr horizontal, vertical;
};

// Rules: binary openings with lines longer than any letter. A short
// vertical closing first bridges a rule that residual skew has stepped.
Result<LineMasks> FindLines(const LedgerImage& p) {
  const int w = p.width(), h = p.height();
  LineMasks m;
  PixPtr bridged(pixCloseBrick(nullptr, p.bin.get(), 1, 3));
  m.horizontal.reset(bridged ? pixOpenBrick(nullptr, bridged.get(), std::max(60, w / 6), 1)
                             : nullptr);
  bridged.reset(pixCloseBrick(nullptr, p.bin.get(), 3, 1));
  m.vertical.reset(bridged ? pixOpenBrick(nullptr, bridged.get(), 1, std::max(60, h / 8))
                           : nullptr);
  if (!m.horizontal || !m.vertical) return Internal("line finding failed on the register page");
  return m;
}

// Both masks in one, grown by the halo the rules' anti-aliased edges need.
PixPtr Halo(const LineMasks& m) {
  PixPtr rules(pixOr(nullptr, m.horizontal.get(), m.vertical.get()));
  if (rules)
    rules.reset(pixDilateBrick(nullptr, rules.get(), 2 * kRuleHalo + 1, 2 * kRuleHalo + 1));
  return rules;
}

// `bin` without `rules` and without specks under 3 px either way.
Result<PixPtr> Subtract(Pix* bin, Pix* rules) {
  PixPtr rest(pixSubtract(nullptr, bin, rules));
  // Specks left by noise are not ink: keep components at least 3 px either way.
  PixPtr ink(
      rest ? pixSelectBySize(rest.get(), 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr)
           : nullptr);
  if (!ink) return Internal("cannot clean the register page");
  return ink;
}

}  // namespace

int LedgerImage::width() const { return gray ? static_cast<int>(pixGetWidth(gray.get())) : 0; }
int LedgerImage::height() const { return gray ? static_cast<int>(pixGetHeight(gray.get())) : 0; }

Box LedgerImage::ToOriginal(int x, int y, int w, int h) const {
  const double a = -skew * std::numbers::pi / 180.0;
  const double cx = width() / 2.0, cy = height() / 2.0;
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (int k = 0; k < 4; ++k) {
    double px = x + ((k & 1) ? w : 0) - cx, py = y + ((k & 2) ? h : 0) - cy;
    double rx = cx + px * std::cos(a) - py * std::sin(a);
    double ry = cy + px * std::sin(a) + py * std::cos(a);
    x0 = std::min(x0, rx), x1 = std::max(x1, rx), y0 = std::min(y0, ry), y1 = std::max(y1, ry);
  }
  Box b;
  b.x = std::clamp(static_cast<int>(x0 / scale), 0, original_w);
  b.y = std::clamp(static_cast<int>(y0 / scale), 0, original_h);
  b.w = std::clamp(static_cast<int>(std::ceil(x1 / scale)), 0, original_w) - b.x;
  b.h = std::clamp(static_cast<int>(std::ceil(y1 / scale)), 0, original_h) - b.y;
  return b;
}

Result<LedgerImage> PrepareLedgerImage(const PageImage& page) {
  if (!page.pix) return InvalidArgument("page has no image");
  LeptonicaMessages messages;
  LedgerImage p;
  p.original_w = pixGetWidth(page.pix.get());
  p.original_h = pixGetHeight(page.pix.get());
  p.dpi = page.dpi >= 50 && page.dpi <= 4800 ? page.dpi : 300;
  PixPtr gray(pixConvertTo8(page.pix.get(), 0));
  if (!gray) return Internal("cannot convert the register page to gray");
  if (p.dpi > kMaxReadDpi) {
    p.scale = 300.0 / p.dpi;
    auto s = static_cast<l_float32>(p.scale);
    gray.reset(pixScale(gray.get(), s, s));
    p.dpi = 300;
    if (!gray) return Internal("cannot scale the register page");
  }
  PixPtr bin = Binarize(gray.get());
  if (!bin) return Internal("cannot binarize the register page");
  l_float32 angle = 0, confidence = 0;
  if (pixFindSkew(bin.get(), &angle, &confidence) == 0 && confidence > 2.0f &&
      std::abs(angle) > 0.03f) {
    const auto radians = static_cast<l_float32>(angle * std::numbers::pi / 180.0);
    PixPtr turned(pixRotate(gray.get(), radians, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
    if (!turned) return Internal("cannot deskew the register page");
    gray = std::move(turned);
    bin = Binarize(gray.get());
    if (!bin) return Internal("cannot binarize the register page");
    p.skew = angle;
  }
  pixSetResolution(gray.get(), p.dpi, p.dpi);
  p.gray = std::move(gray);
  p.bin = std::move(bin);
  return p;
}

RuledTable::Rect RuledTable::Cell(int r, int c) const {
  return {vrules[c].hi + kCellInset, hrules[r].hi + kCellInset, vrules[c + 1].lo - kCellInset,
          hrules[r + 1].lo - kCellInset};
}

RuledTable::Rect RuledTable::Row(int r) const {
  return {vrules.front().hi, hrules[r].hi + kCellInset, vrules.back().lo,
          hrules[r + 1].lo - kCellInset};
}

Result<RuledTable> FindRuledTable(const LedgerImage& p) {
  LeptonicaMessages messages;
  const int w = p.width(), h = p.height();
  SOHOA_ASSIGN_OR_RETURN(LineMasks masks, FindLines(p));
  RuledTable t;
  t.hrules = FindRules(masks.horizontal.get(), true, w / 5);
  t.vrules = FindRules(masks.vertical.get(), false, h / 8);
  if (t.hrules.size() < 2 || t.vrules.size() < 2) {
    return NotFound("no ruled table on this page (" + std::to_string(t.hrules.size()) +
                    " row rules, " + std::to_string(t.vrules.size()) + " column rules)");
  }
  t.hrules = Spanning(t.hrules, t.vrules.front().center(), t.vrules.back().center());
  t.vrules = Spanning(t.vrules, t.hrules.empty() ? 0 : t.hrules.front().center(),
                      t.hrules.empty() ? h : t.hrules.back().center());
  if (t.hrules.size() < 3 || t.vrules.size() < 2) {
    return NotFound("no ruled table with headings on this page");
  }
  t.rules = Halo(masks);
  if (!t.rules) return Internal("cannot build the rule mask");
  return t;
}

Result<PixPtr> InkWithoutRules(const LedgerImage& page, const RuledTable& table) {
  return Subtract(page.bin.get(), table.rules.get());
}

Result<PixPtr> InkWithoutLines(const LedgerImage& page) {
  LeptonicaMessages messages;
  SOHOA_ASSIGN_OR_RETURN(LineMasks masks, FindLines(page));
  PixPtr lines = Halo(masks);
  if (!lines) return Internal("cannot build the rule mask");
  return Subtract(page.bin.get(), lines.get());
}

int CountInk(Pix* ink, const RuledTable::Rect& rect) {
  if (rect.x1 <= rect.x0 || rect.y1 <= rect.y0) return 0;
  BOX* area = boxCreate(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
  PixPtr part(area ? pixClipRectangle(ink, area, nullptr) : nullptr);
  boxDestroy(&area);
  l_int32 count = 0;
  if (part) pixCountPixels(part.get(), &count, nullptr);
  return count;
}

int MinCellInk(int dpi) { return std::max(20, dpi * dpi / 2000); }

}  // namespace sohoa::ocr
