#include "tools/gen/register_render.h"

#include "tools/gen/cairo_ptr.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace sohoa::gen {
namespace {


constexpr double kMarginSideMm = 15;
constexpr double kMarginTopMm = 14;
constexpr double kMarginBottomMm = 12;
constexpr double kHeaderGapMm = 7;       // header baseline area to the table
constexpr double kHeadingRowMm = 12;     // the row of column headings
constexpr double kMaxRowMm = 20;
constexpr double kCellPadMm = 1.6;
constexpr double kRuleMm = 0.28;

class LedgerCanvas {
 public:
  LedgerCanvas(const LedgerPageLayout& layout, PangoFontMap* map)
      : layout_(layout), context_(pango_font_map_create_context(map)) {
    pango_cairo_context_set_resolution(context_.get(), layout.dpi);
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context_.get(), options.get());
    width_ = static_cast<int>(std::lround(Px(kLandscapeWidthMm)));
    height_ = static_cast<int>(std::lround(Px(kLandscapeHeightMm)));
    ink_.width = width_;
    ink_.height = height_;
    ink_.stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, width_);
    ink_.alpha.assign(static_cast<size_t>(ink_.stride) * static_cast<size_t>(height_), 0);
    surface_.reset(cairo_image_surface_create_for_data(ink_.alpha.data(), CAIRO_FORMAT_A8, width_,
                                                       height_, ink_.stride));
    cr_.reset(cairo_create(surface_.get()));
    cairo_set_source_rgba(cr_.get(), 0, 0, 0, 1);
  }

  RenderedPage Draw() {
    const double left = Px(kMarginSideMm), right = width_ - Px(kMarginSideMm);
    double y = Px(kMarginTopMm);
    // The page label sits at the top right, the header centred under it.
    LayoutPtr label = Text(layout_.page_label, layout_.body_pt * 0.9, false, right - left,
                           PANGO_ALIGN_RIGHT);
    Show(label.get(), left, y - Px(6));
    LayoutPtr header = Text(layout_.header, layout_.body_pt * 1.25, true, right - left,
                            PANGO_ALIGN_CENTER);
    Show(header.get(), left, y);
    y += HeightOf(header.get()) + Px(kHeaderGapMm);

    const double table_top = y;
    const double bottom = height_ - Px(kMarginBottomMm);
    const int rows = std::max(1, layout_.rows_per_page);
    const double row_h =
        std::min(Px(kMaxRowMm), (bottom - table_top - Px(kHeadingRowMm)) / rows);
    std::vector<double> xs = {left};
    for (const BookColumn& c : layout_.columns) xs.push_back(xs.back() + Px(c.width_mm));

    std::string text = layout_.header;
    DrawRow(HeadingTexts(), xs, table_top, Px(kHeadingRowMm), true, nullptr);
    double row_y = table_top + Px(kHeadingRowMm);
    for (int r = 0; r < rows; ++r) {
      if (static_cast<size_t>(r) < layout_.rows.size()) {
        std::string line;
        DrawRow(layout_.rows[static_cast<size_t>(r)], xs, row_y, row_h, false, &line);
        text += "\n" + line;
      }
      row_y += row_h;
    }
    // Rules last, over everything: full-width lines and full-height columns.
    cairo_t* cr = cr_.get();
    cairo_set_line_width(cr, Px(kRuleMm));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    std::vector<double> ys = {table_top, table_top + Px(kHeadingRowMm)};
    for (int r = 1; r <= rows; ++r) ys.push_back(table_top + Px(kHeadingRowMm) + r * row_h);
    for (double ry : ys) {
      cairo_move_to(cr, xs.front(), ry);
      cairo_line_to(cr, xs.back(), ry);
    }
    for (double rx : xs) {
      cairo_move_to(cr, rx, ys.front());
      cairo_line_to(cr, rx, ys.back());
    }
    cairo_stroke(cr);

    cairo_surface_flush(surface_.get());
    cr_.reset();
    surface_.reset();
    RenderedPage page;
    page.width = width_;
    page.height = height_;
    page.dpi = layout_.dpi;
    page.ink = std::move(ink_);
    page.text = std::move(text);
    return page;
  }

 private:
  double Px(double mm) const { return mm * layout_.dpi / 25.4; }

  std::vector<std::string> HeadingTexts() const {
    std::vector<std::string> out;
    for (const BookColumn& c : layout_.columns) out.push_back(c.title);
    return out;
  }

  LayoutPtr Text(const std::string& s, double pt, bool bold, double width_px,
                 PangoAlignment align) const {
    LayoutPtr layout(pango_layout_new(context_.get()));
    FontDescPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), layout_.font.c_str());
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(font.get(), static_cast<int>(pt * PANGO_SCALE));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width_px * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), s.data(), static_cast<int>(s.size()));
    return layout;
  }

  static double HeightOf(PangoLayout* layout) {
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void Show(PangoLayout* layout, double x, double y) {
    cairo_move_to(cr_.get(), x, y);
    pango_cairo_show_layout(cr_.get(), layout);
  }

  // Cell text is centred vertically; headings are centred, entries start left
  // (the number and the dates centred, as clerks write them).
  void DrawRow(const std::vector<std::string>& cells, const std::vector<double>& xs, double y,
               double h, bool heading, std::string* line) {
    const double pad = Px(kCellPadMm);
    for (size_t c = 0; c < cells.size() && c + 1 < xs.size(); ++c) {
      if (line != nullptr && c > 0) *line += " | ";
      if (line != nullptr) *line += cells[c];
      if (cells[c].empty()) continue;
      const std::string& key = layout_.columns[c].key;
      bool centred = heading || key == "no" || key == "sex" || key == "registered" ||
                     key.find("dob") != std::string::npos || key == "died";
      LayoutPtr t = Text(cells[c], layout_.body_pt * (heading ? 0.95 : 1.0), heading,
                         xs[c + 1] - xs[c] - 2 * pad,
                         centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
      double th = HeightOf(t.get());
      Show(t.get(), xs[c] + pad, y + std::max(pad * 0.5, (h - th) / 2));
    }
  }

  const LedgerPageLayout& layout_;
  ContextPtr context_;
  int width_ = 0, height_ = 0;
  Layer ink_;
  SurfacePtr surface_;
  CairoPtr cr_;
};

}  // namespace

Result<RenderedPage> RenderLedgerPage(const LedgerPageLayout& layout) {
  if (layout.dpi < 50 || layout.dpi > 1200) {
    return InvalidArgument("dpi " + std::to_string(layout.dpi) + " is outside 50..1200");
  }
  if (layout.columns.empty()) return InvalidArgument("a ledger page needs columns");
  // A font map of its own, so no font cache outlives the page.
  FontMapPtr map(pango_cairo_font_map_new());
  LedgerCanvas canvas(layout, map.get());
  return canvas.Draw();
}

}  // namespace sohoa::gen
