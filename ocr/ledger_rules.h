// Internal to ocr/: the image side of reading register pages, shared by the
// ledger reader (ledger.h) and the entry-row cutter (entry_rows.h): the page
// straightened and binarised, and the ruled table found on it by Leptonica
// morphology. Nothing here runs Tesseract.
#pragma once

#include <vector>

#include "ocr/page_source.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::ocr {

// Pixels kept clear inside each rule when a cell is cut out.
inline constexpr int kCellInset = 3;

// The page straightened, in gray and bi-level, with what it took to get there.
struct LedgerImage {
  PixPtr gray;
  PixPtr bin;
  int dpi = 300;
  double scale = 1;  // prepared pixels per original pixel
  float skew = 0;    // degrees clockwise
  int original_w = 0, original_h = 0;

  int width() const;
  int height() const;
  // A rectangle of the prepared page back on the original: the deskew undone
  // about the centre, then the scale; clamped to the original image.
  Box ToOriginal(int x, int y, int w, int h) const;
};

// Gray, scaled down to 300 dpi when finer than 400, binarised and deskewed
// (pixFindSkew). InvalidArgument for a page without an image.
Result<LedgerImage> PrepareLedgerImage(const PageImage& page);

struct Rule {
  int lo = 0, hi = 0;    // across the rule: its thickness
  int from = 0, to = 0;  // along it
  int center() const { return (lo + hi) / 2; }
};

// The rules of a ruled table on a prepared page. Row r of the table (0: the
// column headings) lies between hrules[r] and hrules[r + 1], column c
// between vrules[c] and vrules[c + 1].
struct RuledTable {
  std::vector<Rule> hrules;  // top to bottom, at least 3
  std::vector<Rule> vrules;  // left to right, at least 2
  PixPtr rules;              // every rule pixel with a small halo, 1 bpp, page size

  int rows() const { return static_cast<int>(hrules.size()) - 1; }
  int columns() const { return static_cast<int>(vrules.size()) - 1; }
  // The inside of row r, cell c, and of the whole row: x0 <= x < x1, y0 <= y < y1.
  struct Rect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  };
  Rect Cell(int r, int c) const;
  Rect Row(int r) const;
};

// Finds the table: long straight lines by binary openings, kept when they
// span most of the table. NotFound when the page has fewer than two row and
// two column rules, or no row below the headings.
Result<RuledTable> FindRuledTable(const LedgerImage& page);

// The bi-level page without the rules, and without specks under 3 px either
// way: what is left is writing.
Result<PixPtr> InkWithoutRules(const LedgerImage& page, const RuledTable& table);

// The bi-level page without any long straight line (rules that make no
// table, a scanner's dark edge) and without specks: the writing of a page
// that has no ruled table.
Result<PixPtr> InkWithoutLines(const LedgerImage& page);

// Black pixels of `ink` inside a rectangle; 0 for an empty one.
int CountInk(Pix* ink, const RuledTable::Rect& rect);

// Below this many black pixels a cell holds no letter.
int MinCellInk(int dpi);

}  // namespace sohoa::ocr
