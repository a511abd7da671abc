#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "tools/report/internal/html_parts.h"
#include "tools/report/vocabulary.h"

namespace sohoa::report::internal {
namespace {

constexpr double kWidth = 1000;
constexpr double kLabelWidth = 320;  // row labels left of the bars
constexpr double kValueWidth = 70;   // "100.00" right of the longest bar
constexpr double kLegendHeight = 28;
constexpr double kAxisHeight = 18;

// SVG coordinates with one decimal, whatever the process locale says.
std::string Num(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
  if (ec != std::errc()) return "0";
  std::string s(buf, end);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// At most `max_chars` code points, "…" marking a cut. SVG cannot measure
// text, so labels are cut by count; the full label is in the <title>.
std::string Clip(std::string_view utf8, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return std::string(utf8.substr(0, i)) + "…";
    ++chars;
  }
  return std::string(utf8);
}

std::size_t CodePointCount(std::string_view utf8);

// A row label at most `max_chars`: "Name (code)" keeps its code and cuts
// the name, so a unit can still be told apart from its neighbours.
std::string ClipLabel(std::string_view label, std::size_t max_chars) {
  const std::string shorter = AbbreviatedLabel(label);
  const std::string_view utf8 = shorter;
  const std::size_t open = utf8.rfind(" (");
  if (open == std::string_view::npos || utf8.back() != ')') return Clip(utf8, max_chars);
  const std::size_t code = CodePointCount(utf8.substr(open));
  if (CodePointCount(utf8) <= max_chars || code + 6 > max_chars) return Clip(utf8, max_chars);
  return Clip(utf8.substr(0, open), max_chars - code - 1) + std::string(utf8.substr(open));
}

std::size_t CodePointCount(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Appends SVG elements; every text and attribute value goes through EscapeXml.
class SvgWriter {
 public:
  SvgWriter(double height, std::string_view label) {
    out_ = "<svg class=\"chart\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(height) +
           "\" role=\"img\" aria-label=\"" + EscapeXml(label) + "\">\n";
  }
  void Rect(double x, double y, double w, double h, std::string_view fill, std::string_view title) {
    out_ += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(std::max(0.0, w)) +
            "\" height=\"" + Num(h) + "\" fill=\"" + EscapeXml(fill) + "\">";
    if (!title.empty()) out_ += "<title>" + EscapeXml(title) + "</title>";
    out_ += "</rect>\n";
  }
  void Text(double x, double y, std::string_view text, std::string_view css_class = "",
            std::string_view anchor = "start", std::string_view title = "") {
    out_ += "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\"";
    if (anchor != "start") out_ += " text-anchor=\"" + std::string(anchor) + "\"";
    if (!css_class.empty()) out_ += " class=\"" + std::string(css_class) + "\"";
    out_ += ">";
    if (!title.empty()) out_ += "<title>" + EscapeXml(title) + "</title>";
    out_ += EscapeXml(text) + "</text>\n";
  }
  void Line(double x1, double y1, double x2, double y2, std::string_view css_class) {
    out_ += "<line x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" +
            Num(y2) + "\" class=\"" + std::string(css_class) + "\"/>\n";
  }
  void Raw(const std::string& element) { out_ += element; }
  std::string Finish() { return std::move(out_) + "</svg>\n"; }

 private:
  std::string out_;
};

// Colour squares and labels along the top.
void Legend(SvgWriter& svg, const std::vector<std::pair<std::string, std::string>>& entries) {
  double x = kLabelWidth;
  for (const auto& [label, color] : entries) {
    svg.Rect(x, 6, 12, 12, color, "");
    svg.Text(x + 17, 16, label, "legend");
    x += 36 + 7.0 * static_cast<double>(CodePointCount(label));
  }
}

// Vertical grid lines and their labels for a 0–100 % axis over [x0, x1].
void PercentAxis(SvgWriter& svg, double x0, double x1, double top, double bottom) {
  for (int p = 0; p <= 100; p += 25) {
    const double x = x0 + (x1 - x0) * p / 100.0;
    svg.Line(x, top, x, bottom, p == 0 ? "axis" : "grid");
    svg.Text(x, top - 5, std::to_string(p), "tick", "middle");
  }
}

}  // namespace

std::string RateBarsSvg(const RateChart& chart) {
  if (chart.labels.empty()) return "";
  // One bar per series, each as tall as its value label (10 px type is
  // 11.6 px from ascent to descent), so three equal values ("0.00" three
  // times) stack without touching.
  constexpr double kBar = 12, kGap = 10;
  const double group = kBar * static_cast<double>(chart.series.size()) + kGap;
  const double top = kLegendHeight + kAxisHeight;
  const double height = top + group * static_cast<double>(chart.labels.size()) + 6;
  const double x0 = kLabelWidth, x1 = kWidth - kValueWidth;
  SvgWriter svg(height, "Biểu đồ tỷ lệ theo đơn vị");
  std::vector<std::pair<std::string, std::string>> legend;
  for (const Series& s : chart.series) legend.emplace_back(s.label, s.color);
  Legend(svg, legend);
  PercentAxis(svg, x0, x1, top, height - 4);
  for (std::size_t r = 0; r < chart.labels.size(); ++r) {
    const double y = top + group * static_cast<double>(r) + kGap / 2;
    const double indent = 12.0 * chart.indents[r];
    svg.Text(4 + indent, y + group / 2,
             ClipLabel(chart.labels[r], static_cast<std::size_t>((kLabelWidth - 12 - indent) / 7)),
             "label", "start", chart.labels[r]);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double by = y + kBar * static_cast<double>(s);
      const auto& value = chart.values[r][s];
      const std::string title = chart.labels[r] + " — " + chart.series[s].label + ": " +
                                (value ? TwoDecimals(*value) + "%" : std::string("N/A"));
      if (!value) {
        svg.Text(x0 + 4, by + kBar - 2.5, "N/A", "na", "start", title);
        continue;
      }
      const double w = (x1 - x0) * std::clamp(*value, 0.0, 100.0) / 100.0;
      svg.Rect(x0, by + 1, w, kBar - 2, chart.series[s].color, title);
      svg.Text(x0 + w + 4, by + kBar - 2.5, TwoDecimals(*value), "value");
    }
  }
  return svg.Finish();
}

std::string TrendSvg(const RateChart& chart) {
  if (chart.labels.empty()) return "";
  const std::size_t n = chart.labels.size();
  constexpr double kLeft = 60, kRight = 30, kPlot = 220;
  const double top = kLegendHeight + 14, bottom = top + kPlot;
  const double height = bottom + 28;
  // One point per calendar month (TrendChart fills the months without a
  // dossier), so the spacing is time.
  const double step = n > 1 ? (kWidth - kLeft - kRight) / static_cast<double>(n - 1) : 0;
  auto x_of = [&](std::size_t i) {
    return n > 1 ? kLeft + step * static_cast<double>(i) : (kWidth + kLeft - kRight) / 2;
  };
  auto y_of = [&](double p) { return bottom - kPlot * std::clamp(p, 0.0, 100.0) / 100.0; };

  SvgWriter svg(height, "Biểu đồ tỷ lệ theo tháng");
  std::vector<std::pair<std::string, std::string>> legend;
  for (const Series& s : chart.series) legend.emplace_back(s.label, s.color);
  Legend(svg, legend);
  for (int p = 0; p <= 100; p += 25) {
    svg.Line(kLeft, y_of(p), kWidth - kRight, y_of(p), p == 0 ? "axis" : "grid");
    svg.Text(kLeft - 6, y_of(p) + 4, std::to_string(p), "tick", "end");
  }
  // "06/2024" in 10 px type is about 45 px wide: label every k-th month so
  // that neighbours keep 12 px apart; each month keeps its tick.
  const std::size_t every =
      step > 0 ? std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(57.0 / step))) : 1;
  for (std::size_t i = 0; i < n; ++i) {
    svg.Line(x_of(i), bottom, x_of(i), bottom + 4, "axis");
    if (i % every == 0) svg.Text(x_of(i), bottom + 16, chart.labels[i], "tick", "middle");
  }
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    std::string path;
    bool pen_down = false;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& value = chart.values[i][s];
      if (!value) {
        pen_down = false;  // an N/A month is a gap, not a zero
        continue;
      }
      path += (pen_down ? " L" : " M") + Num(x_of(i)) + " " + Num(y_of(*value));
      pen_down = true;
    }
    if (!path.empty()) {
      svg.Raw("<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" +
              EscapeXml(chart.series[s].color) + "\" stroke-width=\"2.5\"/>\n");
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto& value = chart.values[i][s];
      if (!value) continue;
      svg.Raw("<circle cx=\"" + Num(x_of(i)) + "\" cy=\"" + Num(y_of(*value)) +
              "\" r=\"3.5\" fill=\"" + EscapeXml(chart.series[s].color) + "\"><title>" +
              EscapeXml(chart.labels[i] + " — " + chart.series[s].label + ": " +
                         TwoDecimals(*value) + "%") +
              "</title></circle>\n");
    }
  }
  return svg.Finish();
}

std::string BacklogSvg(const BacklogChart& chart) {
  if (chart.bars.empty()) return "";
  constexpr double kBar = 16, kGap = 8, kStatsWidth = 190;
  const double top = kLegendHeight + 4;
  const double height = top + (kBar + kGap) * static_cast<double>(chart.bars.size()) + 4;
  const double x0 = kLabelWidth, x1 = kWidth - kStatsWidth;
  std::int64_t largest = 1;
  for (const BacklogBar& b : chart.bars) largest = std::max(largest, b.digitized + b.remaining);

  SvgWriter svg(height, "Biểu đồ tiến độ số hóa sổ hộ tịch");
  Legend(svg, {{std::string(words::kDigitized), std::string(kDigitizedColor)},
               {std::string(words::kRemaining), std::string(kRemainingColor)}});
  svg.Line(x0, top, x0, height - 2, "axis");
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const BacklogBar& b = chart.bars[i];
    const double y = top + (kBar + kGap) * static_cast<double>(i) + kGap / 2;
    const double scale = (x1 - x0) / static_cast<double>(largest);
    const double done = scale * static_cast<double>(b.digitized);
    const double left = scale * static_cast<double>(b.remaining);
    svg.Text(4, y + kBar - 4, ClipLabel(b.label, 42), "label", "start", b.label);
    svg.Rect(x0, y, done, kBar, kDigitizedColor,
             b.label + " — " + std::string(words::kDigitized) + ": " + std::to_string(b.digitized));
    svg.Rect(x0 + done, y, left, kBar, kRemainingColor,
             b.label + " — " + std::string(words::kRemaining) + ": " + std::to_string(b.remaining));
    svg.Text(x0 + done + left + 6, y + kBar - 4, b.fraction + " · " + b.progress, "value");
  }
  return svg.Finish();
}

}  // namespace sohoa::report::internal
