#include "tools/report/internal/pdf_charts.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "tools/report/vocabulary.h"

namespace sohoa::report::internal {
namespace {

constexpr double kTitleSize = 9, kLabelSize = 7, kTickSize = 6.5;
constexpr double kLabelWidth = 210;  // row labels left of the bars
constexpr double kValueWidth = 44;   // "100.00" right of the longest bar
constexpr double kLegendHeight = 14;
constexpr double kAxisHeight = 12;
const Rgb kGrid{0.89, 0.91, 0.94};

// The first line of `text` wrapped to `width`, with "…" if there was more.
// "Name (code)" keeps its code and cuts the name.
std::string FitLabel(const PageFlow& flow, std::string_view label, double width) {
  const std::string shorter = AbbreviatedLabel(label);
  const std::string_view text = shorter;
  if (flow.Measure(text, kLabelSize, Weight::kRegular) <= width) return shorter;
  const std::size_t open = text.rfind(" (");
  if (open != std::string_view::npos && text.back() == ')') {
    const std::string_view code = text.substr(open);
    const double room = width - flow.Measure(code, kLabelSize, Weight::kRegular);
    if (room > width / 3) return FitLabel(flow, text.substr(0, open), room) + std::string(code);
  }
  auto lines = flow.Wrap(text, width - flow.Measure("…", kLabelSize, Weight::kRegular), kLabelSize,
                         Weight::kRegular);
  if (lines.size() <= 1) return std::string(text);
  return lines.front() + "…";
}

void ChartTitle(PageFlow& flow, std::string_view title, bool continued) {
  std::string text(title);
  if (continued) text += " " + std::string(words::kContinued);
  flow.Text(flow.left(), flow.y() - kTitleSize, text, kTitleSize, Weight::kBold, kMuted);
  flow.Advance(kTitleSize + 6);
}

void Legend(PageFlow& flow, const std::vector<std::pair<std::string, Rgb>>& entries) {
  double x = flow.left() + kLabelWidth;
  const double top = flow.y();
  for (const auto& [label, color] : entries) {
    flow.FillRect(x, top - 8, 8, 8, color);
    flow.Text(x + 11, top - 7.5, label, kLabelSize, Weight::kRegular);
    x += 11 + flow.Measure(label, kLabelSize, Weight::kRegular) + 16;
  }
  flow.Advance(kLegendHeight);
}

// Tick labels of a 0–100 % axis across [x0, x1] at the cursor.
void PercentTicks(PageFlow& flow, double x0, double x1) {
  for (int p = 0; p <= 100; p += 25) {
    const std::string label = std::to_string(p);
    const double x = x0 + (x1 - x0) * p / 100.0;
    flow.Text(x - flow.Measure(label, kTickSize, Weight::kRegular) / 2, flow.y() - kTickSize, label,
              kTickSize, Weight::kRegular, kMuted);
  }
  flow.Advance(kAxisHeight);
}

// Grid lines of the 0–100 % axis over one row band, so they follow the rows
// across page breaks.
void PercentGrid(PageFlow& flow, double x0, double x1, double top, double bottom) {
  for (int p = 0; p <= 100; p += 25) {
    const double x = x0 + (x1 - x0) * p / 100.0;
    flow.Line(x, top, x, bottom, p == 0 ? kMuted : kGrid, p == 0 ? 0.6 : 0.4);
  }
}

// Starts a new page with the title, legend and axis when `row` does not fit.
template <typename Head>
void RowRoom(PageFlow& flow, double row, std::string_view title, const Head& head) {
  if (flow.Fits(row)) return;
  flow.NewPage();
  ChartTitle(flow, title, true);
  head();
}

}  // namespace

void DrawRateBars(PageFlow& flow, const RateChart& chart, std::string_view title) {
  if (chart.labels.empty()) return;
  // Each bar as tall as its value label's box (5.5 pt DejaVu Sans spans
  // 6.4 pt from ascent to descent): three equal values stack, never overlap.
  constexpr double kBar = 7.5, kGap = 5;
  const double group = kBar * static_cast<double>(chart.series.size()) + kGap;
  const double x0 = flow.left() + kLabelWidth, x1 = flow.right() - kValueWidth;
  std::vector<std::pair<std::string, Rgb>> legend;
  for (const Series& s : chart.series) legend.emplace_back(s.label, Rgb::FromHex(s.color));
  auto head = [&] {
    Legend(flow, legend);
    PercentTicks(flow, x0, x1);
  };
  flow.EnsureRoom(kTitleSize + 6 + kLegendHeight + kAxisHeight + group * 3);
  ChartTitle(flow, title, false);
  head();
  for (std::size_t r = 0; r < chart.labels.size(); ++r) {
    RowRoom(flow, group, title, head);
    const double top = flow.y();
    PercentGrid(flow, x0, x1, top, top - group);
    const double indent = 8.0 * chart.indents[r];
    flow.Text(flow.left() + indent, top - group / 2 - kLabelSize / 3,
              FitLabel(flow, chart.labels[r], kLabelWidth - 8 - indent), kLabelSize,
              Weight::kRegular);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double bar_top = top - kGap / 2 - kBar * static_cast<double>(s);
      const auto& value = chart.values[r][s];
      // The label's baseline sits its descent above the bar's bottom.
      const double baseline = bar_top - kBar + 1.4;
      if (!value) {
        flow.Text(x0 + 3, baseline, "N/A", 5.5, Weight::kRegular, kMuted);
        continue;
      }
      const double w = (x1 - x0) * std::clamp(*value, 0.0, 100.0) / 100.0;
      flow.FillRect(x0, bar_top - kBar + 0.75, w, kBar - 1.5, Rgb::FromHex(chart.series[s].color));
      flow.Text(x0 + w + 3, baseline, TwoDecimals(*value), 5.5, Weight::kRegular, kMuted);
    }
    flow.Advance(group);
  }
  if (chart.left_out > 0) {
    flow.Advance(4);
    flow.Text(flow.left(), flow.y() - kLabelSize, words::LeftOut(chart.left_out), kLabelSize,
              Weight::kRegular, kMuted);
    flow.Advance(kLabelSize + 4);
  }
  flow.Advance(10);
}

void DrawTrend(PageFlow& flow, const RateChart& chart, std::string_view title) {
  if (chart.labels.empty()) return;
  constexpr double kPlot = 150, kAxisLeft = 28, kMonthRow = 14;
  flow.EnsureRoom(kTitleSize + 6 + kLegendHeight + 8 + kPlot + kMonthRow);
  ChartTitle(flow, title, false);
  std::vector<std::pair<std::string, Rgb>> legend;
  for (const Series& s : chart.series) legend.emplace_back(s.label, Rgb::FromHex(s.color));
  Legend(flow, legend);
  flow.Advance(8);

  const std::size_t n = chart.labels.size();
  const double left = flow.left() + kAxisLeft, right = flow.right() - 12;
  const double top = flow.y(), bottom = top - kPlot;
  auto x_of = [&](std::size_t i) {
    return n > 1 ? left + (right - left) * static_cast<double>(i) / static_cast<double>(n - 1)
                 : (left + right) / 2;
  };
  auto y_of = [&](double p) { return bottom + kPlot * std::clamp(p, 0.0, 100.0) / 100.0; };
  for (int p = 0; p <= 100; p += 25) {
    flow.Line(left, y_of(p), right, y_of(p), p == 0 ? kMuted : kGrid, p == 0 ? 0.6 : 0.4);
    const std::string label = std::to_string(p);
    flow.TextRight(left - 4, y_of(p) - kTickSize / 3, label, kTickSize, Weight::kRegular, kMuted);
  }
  // Month labels need ~32 pt each; beyond that only every k-th is written.
  const std::size_t every = std::max<std::size_t>(
      1, static_cast<std::size_t>(32 * static_cast<double>(n) / std::max(1.0, right - left)) + 1);
  for (std::size_t i = 0; i < n; i += every) {
    const double w = flow.Measure(chart.labels[i], kTickSize, Weight::kRegular);
    flow.Text(x_of(i) - w / 2, bottom - 10, chart.labels[i], kTickSize, Weight::kRegular, kMuted);
  }
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const Rgb color = Rgb::FromHex(chart.series[s].color);
    std::vector<std::pair<double, double>> run;
    for (std::size_t i = 0; i <= n; ++i) {
      const bool has = i < n && chart.values[i][s].has_value();
      if (has) {
        const double x = x_of(i), y = y_of(*chart.values[i][s]);
        run.emplace_back(x, y);
        flow.FillRect(x - 1.8, y - 1.8, 3.6, 3.6, color);
        continue;
      }
      flow.Polyline(run, color, 1.4);  // an N/A month ends the line
      run.clear();
    }
  }
  flow.Advance(kPlot + kMonthRow + 10);
}

void DrawBacklogBars(PageFlow& flow, const BacklogChart& chart, std::string_view title) {
  if (chart.bars.empty()) return;
  constexpr double kBar = 9, kGap = 4, kStatsWidth = 130;
  const double x0 = flow.left() + kLabelWidth, x1 = flow.right() - kStatsWidth;
  std::int64_t largest = 1;
  for (const BacklogBar& b : chart.bars) largest = std::max(largest, b.digitized + b.remaining);
  const double scale = (x1 - x0) / static_cast<double>(largest);
  const Rgb done_color = Rgb::FromHex(kDigitizedColor), left_color = Rgb::FromHex(kRemainingColor);
  auto head = [&] {
    Legend(flow, {{std::string(words::kDigitized), done_color},
                  {std::string(words::kRemaining), left_color}});
  };
  flow.EnsureRoom(kTitleSize + 6 + kLegendHeight + (kBar + kGap) * 3);
  ChartTitle(flow, title, false);
  head();
  for (const BacklogBar& b : chart.bars) {
    RowRoom(flow, kBar + kGap, title, head);
    const double top = flow.y() - kGap / 2;
    const double done = scale * static_cast<double>(b.digitized);
    const double rest = scale * static_cast<double>(b.remaining);
    flow.Text(flow.left(), top - kBar + 2, FitLabel(flow, b.label, kLabelWidth - 8), kLabelSize,
              Weight::kRegular);
    flow.Line(x0, flow.y(), x0, flow.y() - kBar - kGap, kMuted, 0.6);
    flow.FillRect(x0, top - kBar, done, kBar, done_color);
    flow.FillRect(x0 + done, top - kBar, rest, kBar, left_color);
    flow.Text(x0 + done + rest + 4, top - kBar + 2, b.fraction + " · " + b.progress, kLabelSize,
              Weight::kRegular, kMuted);
    flow.Advance(kBar + kGap);
  }
  if (chart.left_out > 0) {
    flow.Advance(4);
    flow.Text(flow.left(), flow.y() - kLabelSize, words::LeftOut(chart.left_out), kLabelSize,
              Weight::kRegular, kMuted);
    flow.Advance(kLabelSize + 4);
  }
  flow.Advance(10);
}

}  // namespace sohoa::report::internal
