// A top-to-bottom flow of A4 landscape pages over PoDoFo: a cursor that moves
// down the page, breaks to a new page when asked for more room than is left,
// measures and wraps text in DejaVu Sans (embedded as subsets, so every
// Vietnamese letter extracts intact), and draws filled boxes and lines.
// Coordinates are PDF points with y up, as PoDoFo takes them.
#pragma once

#include <podofo/podofo.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/status.h"

namespace sohoa::report::internal {

struct Rgb {
  double r = 0, g = 0, b = 0;
  // "#2b6cb0"; anything malformed is black.
  static Rgb FromHex(std::string_view hex);
};

inline constexpr Rgb kInk{0.10, 0.13, 0.17};
inline constexpr Rgb kMuted{0.29, 0.33, 0.41};
inline constexpr Rgb kRule{0.80, 0.84, 0.88};

enum class Weight { kRegular, kBold };

class PageFlow {
 public:
  // Unavailable when DejaVu Sans is not installed (fonts-dejavu-core).
  static Result<std::unique_ptr<PageFlow>> Create();
  PageFlow(const PageFlow&) = delete;
  PageFlow& operator=(const PageFlow&) = delete;
  ~PageFlow();

  // The text area of every page.
  double left() const { return kMargin; }
  double right() const { return kPageWidth - kMargin; }
  double width() const { return right() - left(); }
  // Top of the room still free on the current page.
  double y() const { return y_; }
  void Advance(double height) { y_ -= height; }
  bool Fits(double height) const { return y_ - height >= kBottom; }
  void NewPage();
  // Starts a new page unless `height` fits below the cursor.
  void EnsureRoom(double height) {
    if (!Fits(height)) NewPage();
  }
  // Nothing drawn yet below the top margin of the current page.
  bool AtTop() const { return y_ >= top(); }
  // The share of the current page's text area already used, 0 to 1.
  double Used() const { return (top() - y_) / (top() - kBottom); }
  double top() const { return kPageHeight - kMargin; }

  // Where `draw` would leave the cursor: it runs with drawing switched off,
  // pages breaking as they would, then the cursor is put back. Lets a
  // section see whether it fits before it starts.
  struct Extent {
    int new_pages = 0;  // pages `draw` would start
    double end_y = 0;   // the cursor afterwards, on the last of them
  };
  template <typename Draw>
  Extent DryRun(Draw&& draw) {
    const double y = y_;
    const bool was_dry = dry_;
    const int pages = dry_pages_;
    dry_ = true;
    dry_pages_ = 0;
    draw();
    const Extent extent{dry_pages_, y_};
    y_ = y;
    dry_ = was_dry;
    dry_pages_ = pages;
    return extent;
  }

  double Measure(std::string_view utf8, double size, Weight weight) const;
  // Breaks at spaces (or inside a word longer than the line) into lines no
  // wider than `width`.
  std::vector<std::string> Wrap(std::string_view utf8, double width, double size,
                                Weight weight) const;

  void Text(double x, double baseline, std::string_view utf8, double size, Weight weight,
            Rgb color = kInk);
  void TextRight(double right_x, double baseline, std::string_view utf8, double size, Weight weight,
                 Rgb color = kInk);
  void FillRect(double x, double y, double w, double h, Rgb color);
  void Line(double x1, double y1, double x2, double y2, Rgb color, double line_width);
  // Joined segments; an empty or one-point list draws nothing.
  void Polyline(const std::vector<std::pair<double, double>>& points, Rgb color, double line_width);

  // Numbers the pages ("Trang 2/5", with `footer` left of it), sets the
  // document title, and writes the file.
  Status Write(const std::filesystem::path& out, const std::string& title,
               const std::string& footer);

  static constexpr double kPageWidth = 841.89, kPageHeight = 595.28;  // A4 landscape
  static constexpr double kMargin = 36;
  static constexpr double kBottom = 48;  // room for the footer below
  // DejaVu Sans ascent in em, for placing a baseline under a line's top.
  static constexpr double kAscent = 0.76;

 private:
  PageFlow() = default;

  // Declared first: the fonts refer to it, so it must outlive the document.
  PoDoFo::PdfIdentityEncoding encoding_{0, 0xFFFF, /*bAutoDelete=*/false};
  PoDoFo::PdfMemDocument doc_;
  PoDoFo::PdfPainter painter_;
  PoDoFo::PdfFont* regular_ = nullptr;
  PoDoFo::PdfFont* bold_ = nullptr;
  double y_ = 0;
  bool dry_ = false;  // inside DryRun: measure, draw nothing
  int dry_pages_ = 0;
};

}  // namespace sohoa::report::internal
