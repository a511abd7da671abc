// Internal to sohoa-gen: draws one ledger page of a register book (landscape
// A4: a centred header line, a ruled table with column headings, one row per
// entry) with Pango and Cairo into the ink layer of a RenderedPage.
#pragma once

#include <string>
#include <vector>

#include "schema/status.h"
#include "tools/gen/register.h"
#include "tools/gen/render.h"

namespace sohoa::gen {

inline constexpr double kLandscapeWidthMm = 297;
inline constexpr double kLandscapeHeightMm = 210;

struct LedgerPageLayout {
  std::string header;  // "SỔ ĐĂNG KÝ KHAI SINH - XÃ VĨNH PHƯƠNG - QUYỂN SỐ 01/2012"
  std::string page_label;  // "Trang 01", printed small at the top right
  std::vector<BookColumn> columns;
  std::vector<std::vector<std::string>> rows;  // one text per column; "" for a blank cell
  int rows_per_page = 8;  // the table always has this many rows, filled or not
  std::string font = "DejaVu Sans";
  double body_pt = 11;
  int dpi = 300;
};

// RenderedPage::text holds the header and then each row's cells, one line per
// row, cells joined by " | ".
Result<RenderedPage> RenderLedgerPage(const LedgerPageLayout& layout);

}  // namespace sohoa::gen
