#include "ocr/entry_rows.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstddef>

#include "ocr/entry_rows_internal.h"
#include "ocr/ledger_rules.h"
#include "ocr/leptonica_ptr.h"

namespace sohoa::ocr {
namespace {

// A page more than this share ink holds no lines of writing to key.
constexpr double kMaxInkShare = 0.4;
// A band this much taller than the page's usual line is two lines touching
// (a handwritten descender meeting the next line's capitals).
constexpr double kTallBand = 1.8;
// A band under this share of the usual line height is not a line of its
// own: tone marks above capitals, a dot, a stroke that strayed.
constexpr double kThinBand = 0.4;

struct Band {
  int y0 = 0, y1 = 0;  // y0 <= y < y1
  int height() const { return y1 - y0; }
};

int Median(std::vector<int> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

std::vector<int> RowProfile(Pix* ink) {
  std::vector<int> profile(static_cast<std::size_t>(pixGetHeight(ink)), 0);
  NUMA* counts = pixCountPixelsByRow(ink, nullptr);
  if (counts == nullptr) return profile;
  for (std::size_t y = 0; y < profile.size(); ++y) {
    l_int32 v = 0;
    numaGetIValue(counts, static_cast<l_int32>(y), &v);
    profile[y] = v;
  }
  numaDestroy(&counts);
  return profile;
}

// Runs of rows holding more than a trace of ink. The threshold is a small
// share of a well-inked row, so the stray descenders between two lines do
// not join them.
std::vector<Band> InkedRuns(const std::vector<int>& profile) {
  std::vector<int> inked;
  for (int v : profile) {
    if (v > 0) inked.push_back(v);
  }
  std::vector<Band> bands;
  if (inked.empty()) return bands;
  std::sort(inked.begin(), inked.end());
  const int strong = inked[inked.size() * 9 / 10];
  const int threshold = std::max(2, strong / 20);
  int start = -1;
  for (int y = 0; y <= static_cast<int>(profile.size()); ++y) {
    const bool on = y < static_cast<int>(profile.size()) && profile[y] >= threshold;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      bands.push_back({start, y});
      start = -1;
    }
  }
  return bands;
}

// Joins each thin band to the nearer of its neighbours.
std::vector<Band> JoinThin(std::vector<Band> bands) {
  for (bool changed = true; changed && bands.size() > 1;) {
    changed = false;
    std::vector<int> heights;
    for (const Band& b : bands) heights.push_back(b.height());
    const int usual = Median(heights);
    for (std::size_t i = 0; i < bands.size(); ++i) {
      if (bands[i].height() >= kThinBand * usual) continue;
      const int above = i > 0 ? bands[i].y0 - bands[i - 1].y1 : 1 << 30;
      const int below = i + 1 < bands.size() ? bands[i + 1].y0 - bands[i].y1 : 1 << 30;
      const std::size_t into = above <= below ? i - 1 : i + 1;
      bands[into].y0 = std::min(bands[into].y0, bands[i].y0);
      bands[into].y1 = std::max(bands[into].y1, bands[i].y1);
      bands.erase(bands.begin() + static_cast<std::ptrdiff_t>(i));
      changed = true;
      break;
    }
  }
  return bands;
}

// Splits a band as tall as two lines at its thinnest row in the middle.
std::vector<Band> SplitTall(const std::vector<Band>& bands, const std::vector<int>& profile) {
  std::vector<int> heights;
  for (const Band& b : bands) heights.push_back(b.height());
  const int usual = Median(heights);
  if (bands.size() < 3 || usual <= 0) return bands;
  std::vector<Band> out;
  std::vector<Band> todo(bands.rbegin(), bands.rend());
  while (!todo.empty()) {
    Band b = todo.back();
    todo.pop_back();
    if (b.height() <= kTallBand * usual) {
      out.push_back(b);
      continue;
    }
    // Only where both halves can be a line.
    const int lo = b.y0 + usual / 2, hi = b.y1 - usual / 2;
    int cut = lo;
    for (int y = lo; y < hi; ++y) {
      if (profile[y] < profile[cut]) cut = y;
    }
    todo.push_back({cut, b.y1});
    todo.push_back({b.y0, cut});
  }
  return out;
}

// How many top lines are a title: those above the lower of the first two
// gaps that is much wider than the page's usual gap, with two lines or more
// below it.
int DetectTitleLines(const std::vector<Band>& bands) {
  if (bands.size() < 3) return 0;
  std::vector<int> gaps;
  for (std::size_t i = 1; i < bands.size(); ++i) gaps.push_back(bands[i].y0 - bands[i - 1].y1);
  // The usual gap from below the candidates, so a wide title gap does not
  // raise it.
  std::vector<int> body(gaps.begin() + 2, gaps.end());
  const int usual = body.size() >= 2 ? Median(body) : *std::min_element(gaps.begin(), gaps.end());
  int skip = 0;
  for (std::size_t i = 0; i < 2 && i + 3 <= bands.size(); ++i) {
    if (gaps[i] >= EntryRowOptions::kTitleGapRatio * std::max(usual, 1)) {
      skip = static_cast<int>(i) + 1;
    }
  }
  return skip;
}

}  // namespace

EntryRows RuledEntryRows(const LedgerImage& p, const RuledTable& table, Pix* ink) {
  EntryRows out;
  out.ruled = true;
  out.skew_degrees = p.skew;
  const int min_ink = MinCellInk(p.dpi);
  // Row 0 holds the column headings.
  for (int r = 1; r < table.rows(); ++r) {
    bool written = false;
    for (int c = 0; c < table.columns() && !written; ++c) {
      written = CountInk(ink, table.Cell(r, c)) >= min_ink;
    }
    if (!written) continue;
    const RuledTable::Rect row = table.Row(r);
    out.rows.push_back(p.ToOriginal(row.x0, row.y0, row.x1 - row.x0, row.y1 - row.y0));
  }
  return out;
}

Result<EntryRows> UnruledEntryRows(const LedgerImage& p, const EntryRowOptions& options) {
  EntryRows out;
  out.skew_degrees = p.skew;
  SOHOA_ASSIGN_OR_RETURN(PixPtr ink, InkWithoutLines(p));
  const std::vector<int> profile = RowProfile(ink.get());
  std::vector<Band> bands = SplitTall(JoinThin(InkedRuns(profile)), profile);
  // A band with less ink than a letter is noise, not a line.
  const int min_ink = MinCellInk(p.dpi);
  const int w = p.width();
  std::vector<Band> lines;
  for (const Band& b : bands) {
    if (CountInk(ink.get(), {0, b.y0, w, b.y1}) >= min_ink) lines.push_back(b);
  }
  if (lines.empty()) return out;

  out.skipped_top_lines =
      options.skip_top_lines == EntryRowOptions::kDetectTitle
          ? DetectTitleLines(lines)
          : std::min<int>(options.skip_top_lines, static_cast<int>(lines.size()));
  const std::size_t first = static_cast<std::size_t>(std::max(0, out.skipped_top_lines));
  if (first >= lines.size()) return out;

  // Every row as wide as the writing of all the entry lines, 1 mm beyond it.
  int x0 = w, x1 = 0;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const Band& b = lines[i];
    BOX* area = boxCreate(0, b.y0, w, b.height());
    PixPtr part(area ? pixClipRectangle(ink.get(), area, nullptr) : nullptr);
    boxDestroy(&area);
    BOX* fg = nullptr;
    if (part && pixClipToForeground(part.get(), nullptr, &fg) == 0 && fg) {
      l_int32 bx = 0, by = 0, bw = 0, bh = 0;
      boxGetGeometry(fg, &bx, &by, &bw, &bh);
      x0 = std::min(x0, static_cast<int>(bx));
      x1 = std::max(x1, static_cast<int>(bx + bw));
    }
    boxDestroy(&fg);
  }
  if (x1 <= x0) return out;
  const int pad = p.dpi / 25;
  x0 = std::max(0, x0 - pad);
  x1 = std::min(w, x1 + pad);

  // Half the gap to each neighbour, at most a line's height; half the usual
  // gap where there is no neighbour.
  std::vector<int> heights, gaps;
  for (std::size_t i = first; i < lines.size(); ++i) {
    heights.push_back(lines[i].height());
    if (i > first) gaps.push_back(lines[i].y0 - lines[i - 1].y1);
  }
  const int line_h = Median(heights);
  const int usual_gap = gaps.empty() ? line_h / 2 : Median(gaps);
  const int h = p.height();
  for (std::size_t i = first; i < lines.size(); ++i) {
    const int above = i > 0 ? lines[i].y0 - lines[i - 1].y1 : usual_gap;
    const int below = i + 1 < lines.size() ? lines[i + 1].y0 - lines[i].y1 : usual_gap;
    const int y0 = std::max(0, lines[i].y0 - std::min(above / 2, line_h));
    const int y1 = std::min(h, lines[i].y1 + std::min(below - below / 2, line_h));
    out.rows.push_back(p.ToOriginal(x0, y0, x1 - x0, y1 - y0));
  }
  return out;
}

bool MayHoldRows(const PageImage& page) {
  const int dpi = page.dpi >= 50 && page.dpi <= 4800 ? page.dpi : 300;
  const int min_side = dpi * 5 * 10 / 254;  // 5 mm
  return page.width() >= min_side && page.height() >= min_side;
}

bool MostlyInk(const LedgerImage& p) {
  l_int32 black = 0;
  pixCountPixels(p.bin.get(), &black, nullptr);
  return black > kMaxInkShare * p.width() * static_cast<double>(p.height());
}

Result<EntryRows> CutEntryRows(const PageImage& page, const EntryRowOptions& options) {
  if (!page.pix) return InvalidArgument("page has no image");
  if (!MayHoldRows(page)) return EntryRows{};
  SOHOA_ASSIGN_OR_RETURN(LedgerImage p, PrepareLedgerImage(page));
  LeptonicaMessages messages;
  if (MostlyInk(p)) return EntryRows{};
  Result<RuledTable> table = FindRuledTable(p);
  if (table.ok()) {
    SOHOA_ASSIGN_OR_RETURN(PixPtr ink, InkWithoutRules(p, *table));
    return RuledEntryRows(p, *table, ink.get());
  }
  if (table.status().code() != StatusCode::kNotFound) return table.status();
  return UnruledEntryRows(p, options);
}

}  // namespace sohoa::ocr
