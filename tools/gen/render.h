// Draws a DocumentLayout onto A4 pages with Pango and Cairo at a given dpi,
// paginating as it goes, and reports the exact text it drew, line by line.
// Ink is kept in three alpha layers (black, red, blue) so that raster.h can
// print them in grey or in colour.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/status.h"
#include "tools/gen/layout.h"

namespace sohoa::gen {

inline constexpr double kA4WidthMm = 210;
inline constexpr double kA4HeightMm = 297;

struct RenderStyle {
  std::string font = "DejaVu Sans";
  double body_pt = 12;
  int dpi = 300;
  std::uint64_t seed = 0;  // shapes the signatures and seals
  double margin_left_mm = 30;
  double margin_right_mm = 15;
  double margin_top_mm = 20;
  double margin_bottom_mm = 20;
};

// One 8-bit coverage plane; empty when nothing was drawn on it.
struct Layer {
  int width = 0, height = 0, stride = 0;
  std::vector<std::uint8_t> alpha;

  bool empty() const { return alpha.empty(); }
};

// Where the QR code landed, in pixels of the rendered page.
struct QrPlacement {
  std::string text;
  int x = 0, y = 0;
  int module_px = 0;
  int modules = 0;
};

struct RenderedPage {
  int width = 0, height = 0, dpi = 0;
  Layer ink;         // text, rules, frames, the QR code
  Layer red;         // seals and emblems
  Layer blue;        // signatures
  std::string text;  // every drawn line in reading order, joined by '\n'
  std::optional<QrPlacement> qr;
};

// The fonts of one generation run: a Pango font map of its own, so no font
// cache outlives the run (LeakSanitizer stays quiet). Not thread-safe.
class FontSession {
 public:
  // Returns NotFound naming the first family Fontconfig does not have (Pango
  // would silently substitute another).
  static Result<FontSession> Create(const std::vector<std::string>& families);

  FontSession(FontSession&&) noexcept;
  FontSession& operator=(FontSession&&) noexcept;
  ~FontSession();

  struct Impl;
  Impl& impl() const { return *impl_; }

 private:
  FontSession();
  std::unique_ptr<Impl> impl_;
};

Result<std::vector<RenderedPage>> RenderDocument(const DocumentLayout& layout,
                                                 const RenderStyle& style,
                                                 const FontSession& fonts);

}  // namespace sohoa::gen
