#include "tools/gen/marks.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sohoa::gen {
namespace {

void Star(cairo_t* cr, double cx, double cy, double r) {
  for (int i = 0; i < 10; ++i) {
    double a = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
    double rr = (i % 2 == 0) ? r : r * 0.38;
    if (i == 0)
      cairo_move_to(cr, cx + rr * std::cos(a), cy + rr * std::sin(a));
    else
      cairo_line_to(cr, cx + rr * std::cos(a), cy + rr * std::sin(a));
  }
  cairo_close_path(cr);
}

}  // namespace

void RoundedRect(cairo_t* cr, double x, double y, double w, double h, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -std::numbers::pi / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, std::numbers::pi / 2);
  cairo_arc(cr, x + r, y + h - r, r, std::numbers::pi / 2, std::numbers::pi);
  cairo_arc(cr, x + r, y + r, r, std::numbers::pi, 3 * std::numbers::pi / 2);
  cairo_close_path(cr);
}

void DrawPhoto(cairo_t* cr, const PixelRect& r) {
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.16);
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  cairo_fill(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.45);
  cairo_arc(cr, r.x + r.w / 2, r.y + r.h * 0.38, r.w * 0.22, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
  cairo_save(cr);
  cairo_translate(cr, r.x + r.w / 2, r.y + r.h);
  cairo_scale(cr, r.w * 0.42, r.h * 0.3);
  cairo_arc(cr, 0, 0, 1, std::numbers::pi, 2 * std::numbers::pi);
  cairo_restore(cr);
  cairo_fill(cr);
  cairo_restore(cr);
}

void DrawFingerprint(cairo_t* cr, const PixelRect& r, double mm) {
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.6);
  cairo_set_line_width(cr, 0.2 * mm);
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  cairo_stroke(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.35);
  double cx = r.x + r.w / 2, cy = r.y + r.h / 2;
  for (int i = 1; i <= 9; ++i) {
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, r.w * 0.04 * i, r.h * 0.045 * i);
    cairo_arc(cr, 0, 0, 1, 0, 2 * std::numbers::pi);
    cairo_restore(cr);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

void DrawEmblem(cairo_t* cr, const PixelRect& r) {
  cairo_save(cr);
  double cx = r.x + r.w / 2, cy = r.y + r.h / 2, rad = std::min(r.w, r.h) / 2;
  cairo_set_source_rgba(cr, 0, 0, 0, 0.8);
  cairo_arc(cr, cx, cy, rad, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
  cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
  Star(cr, cx, cy - rad * 0.1, rad * 0.55);
  cairo_fill(cr);
  cairo_restore(cr);
}

void DrawStamp(cairo_t* cr, Rng& rng, double cx, double cy, double r, double mm) {
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.85);
  cairo_set_line_width(cr, 0.8 * mm);
  cairo_arc(cr, cx, cy, r, 0, 2 * std::numbers::pi);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.4 * mm);
  cairo_arc(cr, cx, cy, r - 4.2 * mm, 0, 2 * std::numbers::pi);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.45 * mm);
  for (int i = 0; i < 40; ++i) {
    if (i % 20 == 19) continue;
    double a = i * 2 * std::numbers::pi / 40 + rng.Real(-0.03, 0.03);
    double r1 = r - 1.2 * mm, r2 = r - 3.2 * mm;
    cairo_move_to(cr, cx + r1 * std::cos(a), cy + r1 * std::sin(a));
    cairo_line_to(cr, cx + r2 * std::cos(a + 0.04), cy + r2 * std::sin(a + 0.04));
    cairo_stroke(cr);
  }
  Star(cr, cx, cy, r * 0.3);
  cairo_fill(cr);
  cairo_restore(cr);
}

void DrawSignature(cairo_t* cr, Rng& rng, double cx, double cy, double w, double h, double mm) {
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 0.9);
  cairo_set_line_width(cr, 0.45 * mm);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  double x = cx - w / 2, y = cy + rng.Real(-0.2, 0.2) * h;
  cairo_move_to(cr, x, y);
  int strokes = static_cast<int>(rng.Int(3, 5));
  for (int i = 0; i < strokes; ++i) {
    double step = w / strokes;
    double x1 = x + step * rng.Real(0.1, 0.6), y1 = cy + rng.Real(-0.5, 0.5) * h;
    double x2 = x + step * rng.Real(0.4, 1.2), y2 = cy + rng.Real(-0.5, 0.5) * h;
    x += step;
    y = cy + rng.Real(-0.3, 0.3) * h;
    cairo_curve_to(cr, x1, y1, x2, y2, x, y);
  }
  cairo_stroke(cr);
  if (rng.Chance(0.6)) {
    double y3 = cy + h * rng.Real(0.2, 0.45);
    cairo_move_to(cr, cx - w * 0.45, y3);
    cairo_curve_to(cr, cx - w * 0.1, y3 + h * 0.1, cx + w * 0.2, y3 - h * 0.15, cx + w * 0.5,
                   y3 - h * 0.05);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

}  // namespace sohoa::gen
