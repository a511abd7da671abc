// What the HTML and the PDF report both show, worked out once: the tables
// (headers, cells already formatted, indentation), the chart series and the
// notes, all with their Vietnamese labels. The two renderers only lay these
// out, so a number cannot read one way on paper and another on screen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/rates.h"
#include "tools/report/report.h"
#include "tools/report/vocabulary.h"

namespace sohoa::report::internal {

// "55.60": two decimals with a point, whatever the process locale says.
std::string TwoDecimals(double value);
// "55.60%" or "N/A" on an empty denominator; two decimals, as the portal shows.
std::string FormatPercent(const archive::RateCell& cell);
// "278 / 500": numerator and denominator, to reconcile with the portal.
std::string FormatFraction(const archive::RateCell& cell);
// "06/2024" for "2024-06"; anything else unchanged ("" → "Không rõ").
std::string MonthLabel(std::string_view key);
// khai_sinh → "Khai sinh"; "" → "Không rõ loại".
std::string BookTypeLabel(std::string_view type);

enum class Align { kLeft, kRight };

struct Column {
  std::string header;
  Align align = Align::kRight;
  double weight = 1;  // share of the table width in the PDF
};

struct Row {
  std::vector<std::string> cells;  // one per column, formatted
  int indent = 0;                  // levels, applied to the first cell
  bool total = false;              // the "Tổng cộng" row, set apart
};

struct Table {
  std::vector<Column> columns;
  std::vector<Row> rows;
};

// Unit (or month) rows, then the total. The first column is named after the
// report's grouping ("Đơn vị", "Tháng", "Thủ tục / Đơn vị" ...).
Table RatesTable(const archive::RatesReport& report);
Table BacklogTable(const std::vector<archive::BacklogRow>& backlog);

// One series of a rate chart: a legend label, a colour, and per chart row a
// percent in [0, 100] or nothing (N/A).
struct Series {
  std::string label;
  std::string color;  // "#RRGGBB"
};

struct RateChart {
  std::vector<Series> series;                              // digitization, e-result, reuse
  std::vector<std::string> labels;                         // one per row
  std::vector<int> indents;                                // one per row
  std::vector<std::vector<std::optional<double>>> values;  // [row][series]
  std::size_t left_out = 0;  // rows beyond the chart's limit (the table has them all)
};

// Digitization, e-result and reuse of each row (the total excluded), at most
// `limit` rows: a chart of 300 communes helps nobody, the table lists them.
RateChart UnitChart(const archive::RatesReport& report, std::size_t limit);
// The same for each month, in the report's order (oldest first).
RateChart TrendChart(const archive::RatesReport& by_month);

struct BacklogBar {
  std::string label;  // "Khai sinh · 000.31.22.H32 · 2015"
  std::int64_t digitized = 0;
  std::int64_t remaining = 0;
  std::string fraction;  // "412 / 1000": digitized / entries in the books
  std::string progress;  // "41.20%" or "N/A"
};
struct BacklogChart {
  std::vector<BacklogBar> bars;
  std::size_t left_out = 0;
};
BacklogChart BacklogBars(const std::vector<archive::BacklogRow>& backlog, std::size_t limit);

// "Đơn vị", "Thủ tục / Tháng", ...; "Phạm vi" when the report has no grouping.
std::string UnitHeader(const archive::RateQuery& query);

// With RateQuery::explain: per unit, how many received dossiers are not
// digitized and for which reason, then the total.
Table ShortfallSummary(const archive::RatesReport& report);
// The dossiers themselves: unit, code, reception date, procedure, reason
// (and "… n hồ sơ khác" where the report named only the first).
Table ShortfallList(const archive::RatesReport& report);
// What to do about each reason, one line each.
std::vector<std::string> ShortfallNotes();

// Section titles and the fixed words every format prints (vocabulary.h).
namespace words = ::sohoa::report::words;

// Colours shared by both formats, so the PDF and the HTML legends agree.
inline constexpr std::string_view kDigitizationColor = "#2b6cb0";
inline constexpr std::string_view kEResultColor = "#2f855a";
inline constexpr std::string_view kReuseColor = "#dd6b20";
inline constexpr std::string_view kDigitizedColor = "#2f855a";
inline constexpr std::string_view kRemainingColor = "#cbd5e0";

// The title, or the default one when the caller left it empty.
std::string Title(const ReportDocument& report);

// Chart row limits: beyond these the chart says how many rows it left out.
inline constexpr std::size_t kMaxChartUnits = 40;
inline constexpr std::size_t kMaxChartBooks = 30;

}  // namespace sohoa::report::internal
