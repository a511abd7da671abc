// Entry rows cut from register pages drawn with Cairo, turned slightly as a
// scanner would: a ruled ledger, and handwriting-like lines with no rules.
// Each row must hold the whole of its own line and no other line.
#include "ocr/entry_rows.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "ocr/ledger.h"
#include "tests/ocr/render.h"

namespace sohoa::ocr {
namespace {

using testing::CairoFree;
using testing::CairoSurfaceFree;
using testing::FontDescriptionFree;
using testing::GObjectUnref;

constexpr int kDpi = 200;
constexpr int kWidth = 2339, kHeight = 1654;  // landscape A4 at 200 dpi
// A handwriting-like face (URW Z003, Zapf Chancery); Pango fills the
// Vietnamese letters it lacks from another font, as uneven as a hand.
constexpr const char* kHand = "Z003";

// A page drawn turned by `skew_degrees` clockwise about its centre.
class Sheet {
 public:
  explicit Sheet(double skew_degrees)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight)),
        cr_(cairo_create(surface_.get())) {
    cairo_set_source_rgb(cr_.get(), 1, 1, 1);
    cairo_paint(cr_.get());
    cairo_translate(cr_.get(), kWidth / 2.0, kHeight / 2.0);
    cairo_rotate(cr_.get(), skew_degrees * std::numbers::pi / 180);
    cairo_translate(cr_.get(), -kWidth / 2.0, -kHeight / 2.0);
  }

  // Draws one line of text at (x, y) and returns its ink's box on the page.
  Box Text(const std::string& text, double x, double y, const char* font, double pt) {
    std::unique_ptr<PangoLayout, GObjectUnref> layout(pango_cairo_create_layout(cr_.get()));
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), kDpi);
    pango_layout_context_changed(layout.get());
    std::unique_ptr<PangoFontDescription, FontDescriptionFree> desc(
        pango_font_description_from_string(font));
    pango_font_description_set_size(desc.get(), static_cast<int>(pt * PANGO_SCALE));
    pango_layout_set_font_description(layout.get(), desc.get());
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    PangoRectangle ink{};
    pango_layout_get_pixel_extents(layout.get(), &ink, nullptr);
    cairo_set_source_rgb(cr_.get(), 0.05, 0.05, 0.15);
    cairo_move_to(cr_.get(), x, y);
    pango_cairo_show_layout(cr_.get(), layout.get());
    return OnPage(x + ink.x, y + ink.y, ink.width, ink.height);
  }

  void Line(double x0, double y0, double x1, double y1, double width, double gray) {
    cairo_set_source_rgb(cr_.get(), gray, gray, gray);
    cairo_set_line_width(cr_.get(), width);
    cairo_move_to(cr_.get(), x0, y0);
    cairo_line_to(cr_.get(), x1, y1);
    cairo_stroke(cr_.get());
  }

  PageImage Finish() {
    PageImage page;
    page.pix = testing::SurfaceToGray(surface_.get(), kDpi);
    page.dpi = kDpi;
    return page;
  }

 private:
  // The bounding box on the page of a rectangle drawn under the turn.
  Box OnPage(double x, double y, double w, double h) {
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int k = 0; k < 4; ++k) {
      double px = x + ((k & 1) ? w : 0), py = y + ((k & 2) ? h : 0);
      cairo_user_to_device(cr_.get(), &px, &py);
      x0 = std::min(x0, px), y0 = std::min(y0, py), x1 = std::max(x1, px), y1 = std::max(y1, py);
    }
    return {static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0)),
            static_cast<int>(std::ceil(x1 - x0)), static_cast<int>(std::ceil(y1 - y0))};
  }

  std::unique_ptr<cairo_surface_t, CairoSurfaceFree> surface_;
  std::unique_ptr<cairo_t, CairoFree> cr_;
};

bool Contains(const Box& outer, const Box& inner) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
         inner.y + inner.h <= outer.y + outer.h;
}

bool HoldsCentreOf(const Box& row, const Box& line) {
  const int cx = line.x + line.w / 2, cy = line.y + line.h / 2;
  return cx >= row.x && cx < row.x + row.w && cy >= row.y && cy < row.y + row.h;
}

// Every row holds the whole of its own line and the centre of no other.
// Straight rows of a page turned by `skew` degrees overlap, as boxes on the
// turned page, by their width times the sine of the turn; no more.
void ExpectOneLinePerRow(const std::vector<Box>& rows, const std::vector<Box>& lines, double skew) {
  ASSERT_EQ(rows.size(), lines.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_TRUE(Contains(rows[i], lines[i]))
        << "row " << i + 1 << " (" << rows[i].x << "," << rows[i].y << " " << rows[i].w << "x"
        << rows[i].h << ") misses its line (" << lines[i].x << "," << lines[i].y << " "
        << lines[i].w << "x" << lines[i].h << ")";
    for (std::size_t j = 0; j < lines.size(); ++j) {
      if (j == i) continue;
      EXPECT_FALSE(HoldsCentreOf(rows[i], lines[j])) << "row " << i + 1 << ", line " << j + 1;
    }
    if (i == 0) continue;
    const double slant = rows[i].w * std::sin(std::abs(skew) * std::numbers::pi / 180);
    EXPECT_LE(rows[i - 1].y + rows[i - 1].h, rows[i].y + slant + 3) << "rows overlap at " << i + 1;
  }
}

const std::vector<std::string>& Names() {
  static const std::vector<std::string> names = {
      "Nguyễn Văn Đức", "Lê Thị Mai",     "Trần Minh Khang", "Phạm Thị Lan",
      "Võ Văn Hùng",    "Đặng Thu Trang", "Hoàng Gia Bảo",   "Bùi Thị Ngọc Ánh"};
  return names;
}

// A register page: header line, a table of a heading row and eight rows of
// which the first `filled` hold an entry.
PageImage DrawLedger(int filled, double skew, std::vector<Box>& entry_lines) {
  Sheet sheet(skew);
  sheet.Text("SỔ ĐĂNG KÝ KHAI SINH - XÃ VĨNH PHƯƠNG - QUYỂN SỐ 01/2012", 450, 90,
             "DejaVu Sans Bold", 13);
  const std::vector<double> xs = {120, 220, 480, 900, 1200, 2220};
  const double top = 220, row_h = 130;
  const std::vector<std::string> headings = {"Số", "Ngày đăng ký", "Họ và tên", "Giới tính",
                                             "Nơi sinh"};
  for (std::size_t c = 0; c < headings.size(); ++c) {
    sheet.Text(headings[c], xs[c] + 15, top + 40, "DejaVu Sans Bold", 10);
  }
  for (int r = 0; r < filled; ++r) {
    const double y = top + (r + 1) * row_h + 40;
    Box no = sheet.Text(std::to_string(r + 1), xs[0] + 15, y, "DejaVu Sans", 11);
    sheet.Text("0" + std::to_string(r + 2) + "/01/2012", xs[1] + 15, y, "DejaVu Sans", 11);
    sheet.Text(Names()[r], xs[2] + 15, y, "DejaVu Sans", 11);
    sheet.Text(r % 2 ? "Nữ" : "Nam", xs[3] + 15, y, "DejaVu Sans", 11);
    Box place = sheet.Text("Trạm y tế xã Vĩnh Phương", xs[4] + 15, y, "DejaVu Sans", 11);
    // The entry's line: from its number to its last cell.
    const int x1 = std::max(place.x + place.w, no.x + no.w), y0 = std::min(no.y, place.y);
    const int y1 = std::max(no.y + no.h, place.y + place.h);
    entry_lines.push_back({no.x, y0, x1 - no.x, y1 - y0});
  }
  for (int r = 0; r <= 9; ++r)
    sheet.Line(xs.front(), top + r * row_h, xs.back(), top + r * row_h, 3, 0);
  for (double x : xs) sheet.Line(x, top, x, top + 9 * row_h, 3, 0);
  return sheet.Finish();
}

// `count` lines of handwriting-like text, unevenly spaced and indented, under
// an optional title line set apart by a wide gap, and optionally on a ruled
// (lined, but not tabled) sheet.
PageImage DrawHandwritten(int count, double skew, bool title, bool lined, std::vector<Box>& lines,
                          double spacing = 112 /* 14 mm */, double pt = 16) {
  Sheet sheet(skew);
  double y = 120;
  if (title) {
    sheet.Text("Sổ đăng ký khai tử năm 1987", 700, y, kHand, 20);
    y += 280;
  }
  for (int i = 0; i < count; ++i) {
    const double jitter = (i * 37 % 11) - 5;
    const std::string entry = std::to_string(i + 1) + ". " + Names()[i % Names().size()] +
                              ", sinh ngày " + std::to_string(3 + i) + " tháng " +
                              std::to_string(1 + i % 12) + " năm 1962, chết tại nhà";
    if (lined) sheet.Line(100, y + 75, kWidth - 100, y + 75, 2, 0.55);
    lines.push_back(sheet.Text(entry, 180 + 4 * jitter, y + jitter, kHand, pt));
    y += spacing;
  }
  return sheet.Finish();
}

TEST(EntryRowsTest, ARuledLedgerGivesOneRowPerWrittenTableRow) {
  std::vector<Box> lines;
  PageImage page = DrawLedger(5, 0.8, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_TRUE(cut->ruled);
  EXPECT_NEAR(cut->skew_degrees, -0.8, 0.15);  // the turn that straightens it
  // Header and headings are not entries; the three empty rows are left out.
  ExpectOneLinePerRow(cut->rows, lines, 0.8);
}

void ExpectSameBoxes(const std::vector<Box>& a, const std::vector<Box>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].x, b[i].x) << i;
    EXPECT_EQ(a[i].y, b[i].y) << i;
    EXPECT_EQ(a[i].w, b[i].w) << i;
    EXPECT_EQ(a[i].h, b[i].h) << i;
  }
}

TEST(EntryRowsTest, TheLedgerReaderCutsTheSameRowsAndReadsThemOnARuledPage) {
  std::vector<Box> lines;
  PageImage page = DrawLedger(4, -0.5, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  auto reader = LedgerReader::Create({});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto both = (*reader)->ReadRows(page, true);
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_TRUE(both->rows.ruled);
  ExpectSameBoxes(both->rows.rows, cut->rows);
  ASSERT_TRUE(both->ledger.has_value());
  EXPECT_EQ(both->header.type, "khai_sinh");
  std::vector<Box> read;
  for (const LedgerRow& row : both->ledger->rows) read.push_back(row.box);
  ExpectSameBoxes(read, cut->rows);
  EXPECT_EQ(both->ledger->rows.at(2).Get("name"), Names()[2]);
}

TEST(EntryRowsTest, TheLedgerReaderOnlyCutsAnUnruledPage) {
  std::vector<Box> lines;
  PageImage page = DrawHandwritten(5, 0.4, false, false, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  auto reader = LedgerReader::Create({});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto both = (*reader)->ReadRows(page, false);
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_FALSE(both->rows.ruled);
  EXPECT_FALSE(both->ledger.has_value());
  EXPECT_FALSE(both->header.found());
  ExpectSameBoxes(both->rows.rows, cut->rows);
  EXPECT_EQ(cut->rows.size(), 5u);
}

TEST(EntryRowsTest, UnruledHandwritingGivesOneRowPerLine) {
  std::vector<Box> lines;
  PageImage page = DrawHandwritten(9, 0.7, false, false, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_FALSE(cut->ruled);
  EXPECT_EQ(cut->skipped_top_lines, 0);
  ExpectOneLinePerRow(cut->rows, lines, 0.7);
}

TEST(EntryRowsTest, LinedPaperWithoutATableIsCutByItsWriting) {
  std::vector<Box> lines;
  PageImage page = DrawHandwritten(7, -1.0, false, true, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_FALSE(cut->ruled);
  ExpectOneLinePerRow(cut->rows, lines, 1.0);
}

TEST(EntryRowsTest, ATitleSetApartByAWideGapIsNotAnEntry) {
  std::vector<Box> lines;
  PageImage page = DrawHandwritten(6, 0.5, true, false, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_EQ(cut->skipped_top_lines, 1);
  ExpectOneLinePerRow(cut->rows, lines, 0.5);

  EntryRowOptions keep_all;
  keep_all.skip_top_lines = 0;
  auto all = CutEntryRows(page, keep_all);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->rows.size(), lines.size() + 1);
  EntryRowOptions skip_three;
  skip_three.skip_top_lines = 3;
  auto fewer = CutEntryRows(page, skip_three);
  ASSERT_TRUE(fewer.ok());
  EXPECT_EQ(fewer->rows.size(), lines.size() - 2);
}

TEST(EntryRowsTest, LinesWhoseLettersReachIntoEachOtherAreStillOneRowEach) {
  std::vector<Box> lines;
  // 20 pt lines 7.9 mm apart: descenders reach below the next line's capitals.
  PageImage page = DrawHandwritten(12, 0.6, false, false, lines, 62, 20);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  ASSERT_EQ(cut->rows.size(), lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (std::size_t j = 0; j < lines.size(); ++j) {
      EXPECT_EQ(HoldsCentreOf(cut->rows[i], lines[j]), i == j)
          << "row " << i + 1 << ", line " << j + 1;
    }
  }
}

TEST(EntryRowsTest, EvenlySpacedLinesSkipNothing) {
  std::vector<Box> lines;
  PageImage page = DrawHandwritten(3, 0, false, false, lines);
  auto cut = CutEntryRows(page);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->skipped_top_lines, 0);
  EXPECT_EQ(cut->rows.size(), 3u);
}

TEST(EntryRowsTest, BlankTinyAndBlackPagesHaveNoRows) {
  PageImage blank = Sheet(0).Finish();
  auto none = CutEntryRows(blank);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->rows.empty());

  for (int side : {1, 3, 40}) {
    PageImage tiny;
    tiny.pix.reset(pixCreate(side, side, 8));
    pixSetAllArbitrary(tiny.pix.get(), 0);
    tiny.dpi = 300;
    auto cut = CutEntryRows(tiny);
    ASSERT_TRUE(cut.ok()) << side << ": " << cut.status().ToString();
    EXPECT_TRUE(cut->rows.empty());
  }

  PageImage black;
  black.pix.reset(pixCreate(kWidth, kHeight, 8));
  pixSetAllArbitrary(black.pix.get(), 0);
  black.dpi = kDpi;
  auto dark = CutEntryRows(black);
  ASSERT_TRUE(dark.ok()) << dark.status().ToString();
  EXPECT_TRUE(dark->rows.empty());

  PageImage bilevel;
  bilevel.pix.reset(pixCreate(kWidth, kHeight, 1));
  pixSetAll(bilevel.pix.get());
  auto ink = CutEntryRows(bilevel);
  ASSERT_TRUE(ink.ok()) << ink.status().ToString();
  EXPECT_TRUE(ink->rows.empty());

  EXPECT_EQ(CutEntryRows(PageImage{}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sohoa::ocr
