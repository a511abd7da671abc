#include "tools/gen/render.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <string_view>
#include <utility>

#include "schema/text.h"
#include "tools/gen/cairo_ptr.h"
#include "tools/gen/marks.h"
#include "tools/gen/qr.h"
#include "tools/gen/rng.h"

namespace sohoa::gen {
namespace {


constexpr const char* kMonoFamily = "DejaVu Sans Mono";
constexpr double kParagraphGapMm = 0.9;
constexpr double kCardGapMm = 0.25;
constexpr float kLineSpacing = 1.05f;

// An A8 surface over a buffer we own, so the finished page keeps the pixels
// without a copy.
class Canvas {
 public:
  Canvas(int width, int height) {
    layer_.width = width;
    layer_.height = height;
    layer_.stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, width);
    layer_.alpha.assign(static_cast<size_t>(layer_.stride) * static_cast<size_t>(height), 0);
    surface_.reset(cairo_image_surface_create_for_data(layer_.alpha.data(), CAIRO_FORMAT_A8, width,
                                                       height, layer_.stride));
    cr_.reset(cairo_create(surface_.get()));
    cairo_set_source_rgba(cr_.get(), 0, 0, 0, 1);
  }
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_.get(); }

  Layer Finish() {
    cairo_surface_flush(surface_.get());
    cr_.reset();
    surface_.reset();
    return std::move(layer_);
  }

 private:
  Layer layer_;
  SurfacePtr surface_;
  CairoPtr cr_;
};

// A line of text as drawn, in page pixels.
struct DrawnLine {
  double baseline = 0, height = 0, x = 0;
  std::string text;
};

// A paragraph laid out for a given width, with its height in pixels.
struct Measured {
  LayoutPtr layout;   // null for a gap
  double before = 0;  // space above
  double height = 0;
};

class Renderer {
 public:
  Renderer(const RenderStyle& style, PangoContext* context)
      : style_(style), context_(context), rng_(style.seed) {
    width_ = static_cast<int>(std::lround(kA4WidthMm / 25.4 * style.dpi));
    height_ = static_cast<int>(std::lround(kA4HeightMm / 25.4 * style.dpi));
    left_ = Px(style.margin_left_mm);
    right_ = width_ - Px(style.margin_right_mm);
  }

  Result<std::vector<RenderedPage>> Run(const DocumentLayout& layout) {
    StartPage();
    for (const Element& element : layout.elements) {
      if (const Row* row = std::get_if<Row>(&element)) SOHOA_RETURN_IF_ERROR(DrawRow(*row));
      if (const Card* card = std::get_if<Card>(&element)) DrawCard(*card);
    }
    FinishPage();
    return std::move(pages_);
  }

 private:
  double Px(double mm) const { return mm * style_.dpi / 25.4; }

  void StartPage() {
    ink_ = std::make_unique<Canvas>(width_, height_);
    red_.reset();
    blue_.reset();
    lines_.clear();
    qr_.reset();
    y_ = Px(style_.margin_top_mm);
    bottom_ = height_ - Px(style_.margin_bottom_mm);
    empty_ = true;
  }

  void FinishPage() {
    RenderedPage page;
    page.width = width_;
    page.height = height_;
    page.dpi = style_.dpi;
    page.ink = ink_->Finish();
    if (red_) page.red = red_->Finish();
    if (blue_) page.blue = blue_->Finish();
    page.text = PageText();
    page.qr = std::move(qr_);
    pages_.push_back(std::move(page));
  }

  // Where an element `height` pixels tall goes, `before` below the previous
  // one; starts a new page when it does not fit (no space on top of a page).
  double Place(double before, double height) {
    if (empty_) {
      before = 0;
    } else if (y_ + before + height > bottom_) {
      FinishPage();
      StartPage();
      before = 0;
    }
    empty_ = false;
    y_ += before;
    return y_;
  }

  Canvas& Red() {
    if (!red_) red_ = std::make_unique<Canvas>(width_, height_);
    return *red_;
  }
  Canvas& Blue() {
    if (!blue_) blue_ = std::make_unique<Canvas>(width_, height_);
    return *blue_;
  }

  LayoutPtr MakeLayout(const Para& p, double width_px, double size_pt) const {
    LayoutPtr layout(pango_layout_new(context_));
    FontDescPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), p.style.mono ? kMonoFamily : style_.font.c_str());
    pango_font_description_set_weight(font.get(),
                                      p.style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font.get(),
                                     p.style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_size(font.get(), static_cast<int>(size_pt * PANGO_SCALE));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width_px * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_line_spacing(layout.get(), p.style.mono ? 1.0f : kLineSpacing);
    switch (p.style.align) {
      case Align::kLeft:
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_LEFT);
        break;
      case Align::kCenter:
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
        break;
      case Align::kRight:
        pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
        break;
      case Align::kJustify:
        pango_layout_set_justify(layout.get(), TRUE);
        break;
    }
    if (p.style.indent_mm > 0) {
      pango_layout_set_indent(layout.get(), static_cast<int>(Px(p.style.indent_mm) * PANGO_SCALE));
    }
    if (int tabs = static_cast<int>(std::count(p.text.begin(), p.text.end(), '\t')); tabs > 0) {
      // n tabs split the width evenly; later stops catch a cell that runs past its own.
      std::vector<double> stops;
      for (int k = 1; k <= tabs; ++k) stops.push_back(static_cast<double>(k) / (tabs + 1));
      for (double extra : {0.625, 0.75, 0.85}) {
        if (extra > stops.back() + 0.01) stops.push_back(extra);
      }
      TabArrayPtr array(pango_tab_array_new(static_cast<int>(stops.size()), FALSE));
      for (size_t k = 0; k < stops.size(); ++k) {
        pango_tab_array_set_tab(array.get(), static_cast<int>(k), PANGO_TAB_LEFT,
                                static_cast<int>(width_px * stops[k] * PANGO_SCALE));
      }
      pango_layout_set_tabs(layout.get(), array.get());
    }
    if (!p.bold.empty()) {
      AttrListPtr attrs(pango_attr_list_new());
      for (const auto& [first, last] : p.bold) {
        PangoAttribute* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        bold->start_index = static_cast<guint>(first);
        bold->end_index = static_cast<guint>(last);
        pango_attr_list_insert(attrs.get(), bold);  // the list takes ownership
      }
      pango_layout_set_attributes(layout.get(), attrs.get());
    }
    pango_layout_set_text(layout.get(), p.text.data(), static_cast<int>(p.text.size()));
    return layout;
  }

  // `gap_mm` separates paragraphs; everything scales with `zoom` inside a card.
  std::vector<Measured> Measure(const std::vector<Para>& paras, double width_px, double base_pt,
                                double zoom, double gap_mm) const {
    std::vector<Measured> out;
    for (size_t i = 0; i < paras.size(); ++i) {
      const Para& p = paras[i];
      Measured m;
      m.before = Px(p.space_before_mm * zoom) + (i > 0 ? Px(gap_mm * zoom) : 0);
      if (p.gap_mm > 0) {
        m.height = Px(p.gap_mm * zoom);
      } else {
        m.layout = MakeLayout(p, width_px, base_pt * p.style.scale);
        int w = 0, h = 0;
        pango_layout_get_size(m.layout.get(), &w, &h);
        m.height = static_cast<double>(h) / PANGO_SCALE;
        if (p.style.rule_below) m.height += Px(1.6 * zoom);
      }
      out.push_back(std::move(m));
    }
    return out;
  }

  static double Height(const std::vector<Measured>& ms) {
    double h = 0;
    for (const auto& m : ms) h += m.before + m.height;
    return h;
  }

  void Draw(const std::vector<Para>& paras, const std::vector<Measured>& ms, double x, double y,
            double width_px, double zoom) {
    cairo_t* cr = ink_->cr();
    for (size_t i = 0; i < paras.size(); ++i) {
      const Para& p = paras[i];
      const Measured& m = ms[i];
      y += m.before;
      if (!m.layout) {
        DrawMark(p.mark, x + width_px / 2, y + m.height / 2, zoom);
        y += m.height;
        continue;
      }
      cairo_move_to(cr, x, y);
      pango_cairo_show_layout(cr, m.layout.get());
      CollectLines(m.layout.get(), p.text, x, y);
      if (p.style.rule_below) {
        PangoRectangle ink, logical;
        pango_layout_get_pixel_extents(m.layout.get(), &ink, &logical);
        double length = std::max(Px(15 * zoom), ink.width * p.style.rule_fraction);
        double cx = x + ink.x + ink.width / 2.0;
        double ry = y + ink.y + ink.height + Px(0.7 * zoom);
        cairo_set_line_width(cr, Px(0.25));
        cairo_move_to(cr, cx - length / 2, ry);
        cairo_line_to(cr, cx + length / 2, ry);
        cairo_stroke(cr);
      }
      y += m.height;
    }
  }

  // Records the layout's visual lines, drawn with its top left at (x, y).
  void CollectLines(PangoLayout* layout, const std::string& text, double x, double y) {
    IterPtr it(pango_layout_get_iter(layout));
    do {
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it.get());
      std::string s =
          text.substr(static_cast<size_t>(line->start_index), static_cast<size_t>(line->length));
      std::replace(s.begin(), s.end(), '\t', ' ');
      while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
      while (!s.empty() && s.front() == ' ') s.erase(s.begin());
      if (s.empty()) continue;
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
      DrawnLine drawn;
      drawn.baseline =
          y + static_cast<double>(pango_layout_iter_get_baseline(it.get())) / PANGO_SCALE;
      drawn.height = static_cast<double>(logical.height) / PANGO_SCALE;
      drawn.x = x + static_cast<double>(logical.x) / PANGO_SCALE;
      drawn.text = std::move(s);
      lines_.push_back(std::move(drawn));
    } while (pango_layout_iter_next_line(it.get()));
  }

  // The page text as a line-by-line reader sees it: top to bottom, and
  // lines of side-by-side cells that share a baseline joined left to right.
  std::string PageText() {
    std::stable_sort(lines_.begin(), lines_.end(), [](const DrawnLine& a, const DrawnLine& b) {
      return a.baseline < b.baseline;
    });
    std::string text;
    for (size_t i = 0; i < lines_.size();) {
      size_t j = i + 1;
      double tolerance = lines_[i].height * 0.5;
      while (j < lines_.size() && lines_[j].baseline - lines_[i].baseline < tolerance) {
        tolerance = std::min(tolerance, lines_[j].height * 0.5);
        ++j;
      }
      std::stable_sort(lines_.begin() + static_cast<std::ptrdiff_t>(i),
                       lines_.begin() + static_cast<std::ptrdiff_t>(j),
                       [](const DrawnLine& a, const DrawnLine& b) { return a.x < b.x; });
      if (!text.empty()) text += '\n';
      for (size_t k = i; k < j; ++k) {
        if (k > i) text += ' ';
        text += lines_[k].text;
      }
      i = j;
    }
    return text;
  }

  Status DrawRow(const Row& row) {
    std::vector<std::vector<Measured>> cells;
    double height = 0;
    for (const Cell& cell : row.cells) {
      double w = CellWidth(cell);
      cells.push_back(Measure(cell.paras, w, style_.body_pt, 1.0, kParagraphGapMm));
      height = std::max(height, cell.qr_text.empty() ? Height(cells.back()) : Px(cell.qr_mm));
    }
    Place(Px(row.space_before_mm + kParagraphGapMm), height);
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const Cell& cell = row.cells[i];
      if (!cell.qr_text.empty()) {
        SOHOA_RETURN_IF_ERROR(DrawQr(cell, left_ + Px(cell.x_mm), y_));
        continue;
      }
      Draw(cell.paras, cells[i], left_ + Px(cell.x_mm), y_, CellWidth(cell), 1.0);
    }
    y_ += height;
    return Status::Ok();
  }

  double CellWidth(const Cell& cell) const {
    double x = left_ + Px(cell.x_mm);
    return cell.width_mm > 0 ? std::min(Px(cell.width_mm), right_ - x) : right_ - x;
  }

  void DrawCard(const Card& card) {
    double z = card.zoom;
    double w = Px(card.width_mm * z), h = Px(card.height_mm * z);
    double y0 = Place(Px(card.space_before_mm), h);
    double x0 = left_ + (right_ - left_ - w) / 2;
    cairo_t* cr = ink_->cr();
    cairo_save(cr);
    cairo_set_source_rgba(cr, 0, 0, 0, 0.75);
    cairo_set_line_width(cr, Px(0.3));
    RoundedRect(cr, x0, y0, w, h, Px(3 * z));
    cairo_stroke(cr);
    cairo_restore(cr);
    auto at = [&](const Rect& r) {
      return PixelRect{x0 + Px(r.x_mm * z), y0 + Px(r.y_mm * z), Px(r.w_mm * z), Px(r.h_mm * z)};
    };
    double mm = Px(1);
    for (const Rect& r : card.photos) DrawPhoto(ink_->cr(), at(r));
    for (const Rect& r : card.frames) DrawFingerprint(ink_->cr(), at(r), mm);
    for (const Rect& r : card.emblems) DrawEmblem(Red().cr(), at(r));
    for (const Rect& r : card.signatures) {
      PixelRect b = at(r);
      DrawSignature(Blue().cr(), rng_, b.x + b.w / 2, b.y + b.h / 2, b.w, b.h, mm);
    }
    for (const Cell& cell : card.cells) {
      double cw = Px(cell.width_mm * z);
      auto ms = Measure(cell.paras, cw, card.text_pt * z, z, kCardGapMm);
      Draw(cell.paras, ms, x0 + Px(cell.x_mm * z), y0 + Px(cell.y_mm * z), cw, z);
    }
    y_ += h;
  }

  void DrawMark(Mark mark, double cx, double cy, double zoom) {
    if (mark == Mark::kNone) return;
    double mm = Px(1);
    if (mark == Mark::kSignatureAndStamp) {
      DrawStamp(Red().cr(), rng_, cx - Px(14 * zoom), cy - Px(3), Px(17 * zoom), mm);
    }
    double shift = Px(rng_.Real(-6, 6));
    DrawSignature(Blue().cr(), rng_, cx + shift, cy, Px(34 * zoom), Px(13 * zoom), mm);
  }

  // Modules land on whole pixels, so a reader sees crisp squares.
  Status DrawQr(const Cell& cell, double x_px, double y_px) {
    SOHOA_ASSIGN_OR_RETURN(QrMatrix matrix, EncodeQr(cell.qr_text));
    int module = std::max(2, static_cast<int>(Px(cell.qr_mm) / matrix.size));
    int x = static_cast<int>(std::lround(x_px)), y = static_cast<int>(std::lround(y_px));
    cairo_t* cr = ink_->cr();
    for (int j = 0; j < matrix.size; ++j) {
      for (int i = 0; i < matrix.size; ++i) {
        if (matrix.Dark(i, j)) cairo_rectangle(cr, x + i * module, y + j * module, module, module);
      }
    }
    cairo_fill(cr);
    qr_ = QrPlacement{cell.qr_text, x, y, module, matrix.size};
    return Status::Ok();
  }

  const RenderStyle& style_;
  PangoContext* context_;
  Rng rng_;
  int width_ = 0, height_ = 0;
  double left_ = 0, right_ = 0;
  std::unique_ptr<Canvas> ink_, red_, blue_;
  std::vector<DrawnLine> lines_;
  std::optional<QrPlacement> qr_;
  double y_ = 0, bottom_ = 0;
  bool empty_ = true;
  std::vector<RenderedPage> pages_;
};

ContextPtr MakeContext(PangoFontMap* map, int dpi) {
  ContextPtr context(pango_font_map_create_context(map));
  pango_cairo_context_set_resolution(context.get(), dpi);
  FontOptionsPtr options(cairo_font_options_create());
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(context.get(), options.get());
  return context;
}

}  // namespace

struct FontSession::Impl {
  std::unique_ptr<PangoFontMap, GObjectDeleter> map;
};

FontSession::FontSession() : impl_(std::make_unique<Impl>()) {}
FontSession::FontSession(FontSession&&) noexcept = default;
FontSession& FontSession::operator=(FontSession&&) noexcept = default;
FontSession::~FontSession() = default;

Result<FontSession> FontSession::Create(const std::vector<std::string>& families) {
  FontSession session;
  session.impl_->map.reset(pango_cairo_font_map_new());
  PangoFontFamily** list = nullptr;
  int n = 0;
  pango_font_map_list_families(session.impl_->map.get(), &list, &n);
  std::unique_ptr<PangoFontFamily*, FamiliesDeleter> owned(list);
  for (const auto& wanted : families) {
    bool found = false;
    for (int i = 0; i < n && !found; ++i) {
      found = FoldForSearch(pango_font_family_get_name(list[i])) == FoldForSearch(wanted);
    }
    if (!found) {
      return NotFound("font family \"" + wanted +
                      "\" is not installed (fc-list : family lists the installed ones)");
    }
  }
  return session;
}

Result<std::vector<RenderedPage>> RenderDocument(const DocumentLayout& layout,
                                                 const RenderStyle& style,
                                                 const FontSession& fonts) {
  if (style.dpi < 50 || style.dpi > 1200) {
    return InvalidArgument("dpi " + std::to_string(style.dpi) + " is outside 50..1200");
  }
  ContextPtr context = MakeContext(fonts.impl().map.get(), style.dpi);
  Renderer renderer(style, context.get());
  return renderer.Run(layout);
}

}  // namespace sohoa::gen
