#include "tools/report/internal/report_model.h"

#include <charconv>

namespace sohoa::report::internal {
namespace {

using archive::RateCell;
using archive::RateDimension;
using archive::RateRow;

std::string Count(std::int64_t n) { return std::to_string(n); }

std::string_view DimensionHeader(RateDimension d) {
  switch (d) {
    case RateDimension::kAgency:
      return "Đơn vị";
    case RateDimension::kProcedure:
      return "Thủ tục";
    case RateDimension::kField:
      return "Lĩnh vực";
    case RateDimension::kMonth:
      return "Tháng";
  }
  return "Nhóm";
}

std::string KeyLabel(RateDimension d, const std::string& key, const std::string& label) {
  if (d == RateDimension::kMonth) return MonthLabel(key);
  if (key.empty() && label.empty()) return "Không rõ";
  if (label.empty()) return key;
  if (key.empty()) return label;
  switch (d) {
    case RateDimension::kAgency:
      return label + " (" + key + ")";
    case RateDimension::kProcedure:
      return key + " " + label;
    default:
      return label;
  }
}

// The row's keys in the report's grouping order, read as one label.
std::string RowLabel(const archive::RateQuery& query, const RateRow& row) {
  std::string out;
  for (std::size_t i = 0; i < row.keys.size(); ++i) {
    const std::string& label = i < row.labels.size() ? row.labels[i] : std::string();
    std::string part = i < query.by.size() ? KeyLabel(query.by[i], row.keys[i], label)
                                           : (label.empty() ? row.keys[i] : label);
    if (!out.empty()) out += " · ";
    out += part;
  }
  return out.empty() ? "Không rõ" : out;
}

Row RateTableRow(std::string label, const RateRow& r) {
  Row row;
  row.cells = {std::move(label),
               Count(r.received),
               Count(r.archived),
               FormatFraction(r.digitization),
               FormatPercent(r.digitization),
               FormatFraction(r.e_result),
               FormatPercent(r.e_result),
               FormatFraction(r.reuse),
               FormatPercent(r.reuse),
               FormatFraction(r.missed_reuse),
               FormatPercent(r.missed_reuse)};
  row.indent = r.depth;
  return row;
}

std::vector<Series> RateSeries() {
  return {{"Tỷ lệ số hóa", std::string(kDigitizationColor)},
          {"Tỷ lệ kết quả điện tử", std::string(kEResultColor)},
          {"Tỷ lệ tái sử dụng", std::string(kReuseColor)}};
}

void AddChartRow(RateChart& chart, std::string label, int indent, const RateRow& r) {
  chart.labels.push_back(std::move(label));
  chart.indents.push_back(indent);
  chart.values.push_back({r.digitization.percent(), r.e_result.percent(), r.reuse.percent()});
}

std::string YearLabel(int year) { return year > 0 ? std::to_string(year) : "Không rõ"; }
std::string AgencyLabel(const std::string& code) { return code.empty() ? "Không rõ" : code; }

}  // namespace

std::string TwoDecimals(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string FormatPercent(const RateCell& cell) {
  auto p = cell.percent();
  return p ? TwoDecimals(*p) + "%" : std::string("N/A");
}

std::string FormatFraction(const RateCell& cell) {
  return Count(cell.numerator) + " / " + Count(cell.denominator);
}

std::string MonthLabel(std::string_view key) {
  if (key.empty()) return "Không rõ";
  const bool is_month = key.size() == 7 && key[4] == '-';
  if (!is_month) return std::string(key);
  return std::string(key.substr(5, 2)) + "/" + std::string(key.substr(0, 4));
}

std::string BookTypeLabel(std::string_view type) {
  if (type == "khai_sinh") return "Khai sinh";
  if (type == "ket_hon") return "Kết hôn";
  if (type == "khai_tu") return "Khai tử";
  if (type.empty()) return "Không rõ loại";
  return std::string(type);
}

std::string Title(const ReportDocument& report) {
  return report.title.empty() ? std::string(words::kDefaultTitle) : report.title;
}

std::string words::LeftOut(std::size_t rows) {
  return "Biểu đồ không hiện " + std::to_string(rows) + " dòng; bảng dưới đây có đủ.";
}

Table RatesTable(const archive::RatesReport& report) {
  std::string first;
  for (RateDimension d : report.query.by) {
    if (!first.empty()) first += " / ";
    first += DimensionHeader(d);
  }
  if (first.empty()) first = "Phạm vi";
  Table table;
  table.columns = {{first, Align::kLeft, 3.2},
                   {"Tiếp nhận", Align::kRight, 0.9},
                   {"Đã lưu trữ", Align::kRight, 0.9},
                   {"Số hóa", Align::kRight, 1.25},
                   {"Tỷ lệ số hóa", Align::kRight, 0.95},
                   {"Kết quả điện tử", Align::kRight, 1.25},
                   {"Tỷ lệ kết quả điện tử", Align::kRight, 0.95},
                   {"Tái sử dụng", Align::kRight, 1.25},
                   {"Tỷ lệ tái sử dụng", Align::kRight, 0.95},
                   {"Tái sử dụng bị bỏ lỡ", Align::kRight, 1.25},
                   {"Tỷ lệ bỏ lỡ", Align::kRight, 0.95}};
  for (const RateRow& r : report.rows) {
    table.rows.push_back(RateTableRow(RowLabel(report.query, r), r));
  }
  Row total = RateTableRow("Tổng cộng", report.total);
  total.indent = 0;
  total.total = true;
  table.rows.push_back(std::move(total));
  return table;
}

Table BacklogTable(const std::vector<archive::BacklogRow>& backlog) {
  Table table;
  table.columns = {{"Sổ", Align::kLeft, 1.3},
                   {"Đơn vị", Align::kLeft, 1.8},
                   {"Năm", Align::kRight, 0.7},
                   {"Số sổ", Align::kRight, 0.7},
                   {"Số mục trong sổ", Align::kRight, 1.1},
                   {"Đã số hóa", Align::kRight, 1.1},
                   {"Còn lại", Align::kRight, 1.1},
                   {"Tiến độ", Align::kRight, 1.5},
                   {"Tỷ lệ", Align::kRight, 0.9}};
  archive::BacklogRow sum;
  for (const archive::BacklogRow& b : backlog) {
    table.rows.push_back(
        {{BookTypeLabel(b.type), AgencyLabel(b.agency_code), YearLabel(b.year), Count(b.books),
          Count(b.entries_in_books), Count(b.entries_digitized), Count(b.remaining),
          FormatFraction(b.progress), FormatPercent(b.progress)}});
    sum.books += b.books;
    sum.entries_in_books += b.entries_in_books;
    sum.entries_digitized += b.entries_digitized;
    sum.remaining += b.remaining;
    sum.progress.numerator += b.progress.numerator;
    sum.progress.denominator += b.progress.denominator;
  }
  Row total{{"Tổng cộng", "", "", Count(sum.books), Count(sum.entries_in_books),
             Count(sum.entries_digitized), Count(sum.remaining), FormatFraction(sum.progress),
             FormatPercent(sum.progress)}};
  total.total = true;
  table.rows.push_back(std::move(total));
  return table;
}

RateChart UnitChart(const archive::RatesReport& report, std::size_t limit) {
  RateChart chart;
  chart.series = RateSeries();
  for (const RateRow& r : report.rows) {
    if (chart.labels.size() == limit) {
      ++chart.left_out;
      continue;
    }
    AddChartRow(chart, RowLabel(report.query, r), r.depth, r);
  }
  return chart;
}

RateChart TrendChart(const archive::RatesReport& by_month) {
  RateChart chart;
  chart.series = RateSeries();
  for (const RateRow& r : by_month.rows) {
    AddChartRow(chart, r.keys.empty() ? "Không rõ" : MonthLabel(r.keys.front()), 0, r);
  }
  return chart;
}

BacklogChart BacklogBars(const std::vector<archive::BacklogRow>& backlog, std::size_t limit) {
  BacklogChart chart;
  for (const archive::BacklogRow& b : backlog) {
    if (chart.bars.size() == limit) {
      ++chart.left_out;
      continue;
    }
    chart.bars.push_back(
        {BookTypeLabel(b.type) + " · " + AgencyLabel(b.agency_code) + " · " + YearLabel(b.year),
         b.entries_digitized, b.remaining, FormatFraction(b.progress), FormatPercent(b.progress)});
  }
  return chart;
}

std::vector<std::string> RateNotes(const archive::RatesReport& report) {
  std::vector<std::string> notes;
  notes.push_back(
      "Mỗi ô số hóa, kết quả điện tử, tái sử dụng ghi số đạt / tổng số; tỷ lệ N/A khi "
      "tổng số bằng 0.");
  notes.push_back("Dòng sổ tiếp nhận không có ngày tiếp nhận (không tính vào tỷ lệ): " +
                  Count(report.undated) + ".");
  std::string unregistered =
      "Hồ sơ đã lưu trữ nhưng không có trong sổ tiếp nhận (không tính vào tỷ lệ): " +
      Count(report.unregistered);
  if (!report.unregistered_codes.empty()) {
    unregistered += " — ";
    for (std::size_t i = 0; i < report.unregistered_codes.size(); ++i) {
      if (i > 0) unregistered += ", ";
      unregistered += report.unregistered_codes[i];
    }
    const auto listed = static_cast<std::int64_t>(report.unregistered_codes.size());
    if (report.unregistered > listed) {
      unregistered += " và " + Count(report.unregistered - listed) + " hồ sơ khác";
    }
  }
  notes.push_back(unregistered + ".");
  return notes;
}

}  // namespace sohoa::report::internal
