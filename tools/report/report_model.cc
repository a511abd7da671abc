#include "tools/report/internal/report_model.h"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "tools/report/vocabulary.h"

namespace sohoa::report::internal {
namespace {

using archive::RateCell;
using archive::RateDimension;
using archive::RateRow;

std::string Count(std::int64_t n) { return std::to_string(n); }

Row RateTableRow(std::string label, const RateRow& r) {
  Row row;
  row.cells = {std::move(label), Count(r.received), Count(r.archived)};
  for (const RateMeasure& m : kRateMeasures) {
    row.cells.push_back(FormatFraction(r.*m.cell));
    row.cells.push_back(FormatPercent(r.*m.cell));
  }
  row.indent = r.depth;
  return row;
}

std::vector<Series> RateSeries() {
  return {{std::string(words::kDigitization.rate_name), std::string(kDigitizationColor)},
          {std::string(words::kEResult.rate_name), std::string(kEResultColor)},
          {std::string(words::kReuse.rate_name), std::string(kReuseColor)}};
}

void AddChartRow(RateChart& chart, std::string label, int indent, const RateRow& r) {
  chart.labels.push_back(std::move(label));
  chart.indents.push_back(indent);
  chart.values.push_back({r.digitization.percent(), r.e_result.percent(), r.reuse.percent()});
}

std::string YearLabel(int year) { return year > 0 ? std::to_string(year) : "Không rõ"; }

std::string RowLabel(const archive::RateQuery& query, const RateRow& row) {
  return report::RowLabel(query, row.keys, row.labels);
}

// The months from `first` to `last` ("YYYY-MM", both included), in order.
std::vector<std::string> MonthsBetween(const std::string& first, const std::string& last) {
  std::vector<std::string> months;
  int year = std::stoi(first.substr(0, 4)), month = std::stoi(first.substr(5, 2));
  for (int guard = 0; guard < 12 * 200; ++guard) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02d", year, month);
    months.emplace_back(key);
    if (months.back() >= last) break;
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return months;
}

bool IsMonthKey(const std::string& key) {
  return key.size() == 7 && key[4] == '-' && std::isdigit(static_cast<unsigned char>(key[0])) &&
         std::isdigit(static_cast<unsigned char>(key[5])) &&
         std::isdigit(static_cast<unsigned char>(key[6]));
}

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
  return UnitLabel(RateDimension::kMonth, std::string(key), "");
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

Table RatesTable(const archive::RatesReport& report) {
  Table table;
  table.columns = {{UnitHeader(report.query), Align::kLeft, 3.2},
                   {std::string(words::kReceived.name), Align::kRight, 0.9},
                   {std::string(words::kArchived.name), Align::kRight, 0.9}};
  for (const RateMeasure& m : kRateMeasures) {
    table.columns.push_back({std::string(m.words->name), Align::kRight, 1.25});
    table.columns.push_back({std::string(m.words->rate_name), Align::kRight, 0.95});
  }
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
                   {"Đã nhập", Align::kRight, 0.9},
                   {"Đã xác minh", Align::kRight, 1.0},
                   {"Còn lại", Align::kRight, 1.1},
                   {"Tiến độ", Align::kRight, 1.5},
                   {"Tỷ lệ", Align::kRight, 0.9}};
  archive::BacklogRow sum;
  for (const archive::BacklogRow& b : backlog) {
    table.rows.push_back(
        {{BookTypeLabel(b.type), AgencyLabel(b.agency_code, b.agency_name), YearLabel(b.year), Count(b.books),
          Count(b.entries_in_books), Count(b.entries_digitized), Count(b.entries_keyed),
          Count(b.entries_verified), Count(b.remaining), FormatFraction(b.progress), FormatPercent(b.progress)}});
    sum.books += b.books;
    sum.entries_in_books += b.entries_in_books;
    sum.entries_digitized += b.entries_digitized;
    sum.entries_keyed += b.entries_keyed;
    sum.entries_verified += b.entries_verified;
    sum.remaining += b.remaining;
    sum.progress.numerator += b.progress.numerator;
    sum.progress.denominator += b.progress.denominator;
  }
  Row total{{"Tổng cộng", "", "", Count(sum.books), Count(sum.entries_in_books),
             Count(sum.entries_digitized), Count(sum.entries_keyed), Count(sum.entries_verified),
             Count(sum.remaining), FormatFraction(sum.progress),
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
  // The x axis is the calendar: a month without a dossier is a point with
  // no value, so the lines break there instead of joining across it.
  std::vector<const RateRow*> dated;
  for (const RateRow& r : by_month.rows) {
    if (!r.keys.empty() && IsMonthKey(r.keys.front())) dated.push_back(&r);
  }
  if (dated.size() != by_month.rows.size() || dated.empty()) {
    for (const RateRow& r : by_month.rows) {
      AddChartRow(chart, r.keys.empty() ? "Không rõ" : MonthLabel(r.keys.front()), 0, r);
    }
    return chart;
  }
  std::size_t next = 0;
  for (const std::string& month : MonthsBetween(dated.front()->keys.front(),
                                                dated.back()->keys.front())) {
    if (next < dated.size() && dated[next]->keys.front() == month) {
      AddChartRow(chart, MonthLabel(month), 0, *dated[next++]);
      continue;
    }
    chart.labels.push_back(MonthLabel(month));
    chart.indents.push_back(0);
    chart.values.push_back(std::vector<std::optional<double>>(chart.series.size()));
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
        {BookTypeLabel(b.type) + " · " + AgencyLabel(b.agency_code, b.agency_name) + " · " +
             YearLabel(b.year),
         b.entries_digitized, b.remaining, FormatFraction(b.progress), FormatPercent(b.progress)});
  }
  return chart;
}


std::string UnitHeader(const archive::RateQuery& query) {
  std::string header;
  for (RateDimension d : query.by) {
    if (!header.empty()) header += " / ";
    header += DimensionLabel(d);
  }
  return header.empty() ? "Phạm vi" : header;
}

Table ShortfallSummary(const archive::RatesReport& report) {
  Table table;
  table.columns = {{UnitHeader(report.query), Align::kLeft, 3.2},
                   {std::string(words::kNotDigitized), Align::kRight, 1}};
  for (int k = 0; k < archive::kShortfallKinds; ++k) {
    table.columns.push_back(
        {std::string(ShortfallLabel(static_cast<archive::Shortfall>(k))), Align::kRight, 1.3});
  }
  std::int64_t sums[archive::kShortfallKinds + 1] = {};
  for (const archive::ShortfallGroup& g : report.shortfalls) {
    Row row;
    row.cells = {report::RowLabel(report.query, g.keys, g.labels), Count(g.not_digitized)};
    sums[0] += g.not_digitized;
    for (int k = 0; k < archive::kShortfallKinds; ++k) {
      row.cells.push_back(Count(g.count[k]));
      sums[k + 1] += g.count[k];
    }
    row.indent = g.depth;
    table.rows.push_back(std::move(row));
  }
  Row total;
  total.cells = {"Tổng cộng"};
  for (std::int64_t sum : sums) total.cells.push_back(Count(sum));
  total.total = true;
  table.rows.push_back(std::move(total));
  return table;
}

Table ShortfallList(const archive::RatesReport& report) {
  Table table;
  table.columns = {{UnitHeader(report.query), Align::kLeft, 2.6},
                   {"Mã hồ sơ", Align::kLeft, 1.6},
                   {"Ngày tiếp nhận", Align::kLeft, 0.9},
                   {"Thủ tục", Align::kLeft, 2.4},
                   {"Lý do", Align::kLeft, 2.2}};
  for (const archive::ShortfallGroup& g : report.shortfalls) {
    const std::string unit = report::RowLabel(report.query, g.keys, g.labels);
    for (const archive::ShortfallDossier& d : g.dossiers) {
      table.rows.push_back({{unit, d.dossier_code, VietnameseDate(d.received_date),
                             UnitLabel(RateDimension::kProcedure, d.procedure_code,
                                       d.procedure_name),
                             ShortfallText(d)}});
    }
    const auto listed = static_cast<std::int64_t>(g.dossiers.size());
    if (g.not_digitized > listed) {
      table.rows.push_back({{unit, "… " + Count(g.not_digitized - listed) + " hồ sơ khác", "",
                             "", ""}});
    }
  }
  return table;
}

std::vector<std::string> ShortfallNotes() {
  std::vector<std::string> notes;
  for (int k = 0; k < archive::kShortfallKinds; ++k) {
    const auto s = static_cast<archive::Shortfall>(k);
    notes.push_back(std::string(ShortfallLabel(s)) + ": " + std::string(ShortfallAdvice(s)));
  }
  return notes;
}

}  // namespace sohoa::report::internal

namespace sohoa::report {

std::vector<std::string> RateNotes(const archive::RatesReport& report) {
  std::vector<std::string> notes = RateTerms();
  notes.push_back(
      "Mỗi ô số hóa, kết quả điện tử, tái sử dụng ghi số đạt / tổng số; tỷ lệ N/A khi "
      "tổng số bằng 0.");
  notes.push_back("Dòng sổ tiếp nhận không có ngày tiếp nhận (không tính vào tỷ lệ): " +
                  internal::Count(report.undated) + ".");
  std::string unregistered =
      "Hồ sơ đã lưu trữ nhưng không có trong sổ tiếp nhận (không tính vào tỷ lệ): " +
      internal::Count(report.unregistered);
  if (!report.unregistered_codes.empty()) {
    unregistered += " — ";
    for (std::size_t i = 0; i < report.unregistered_codes.size(); ++i) {
      if (i > 0) unregistered += ", ";
      unregistered += report.unregistered_codes[i];
    }
    const auto listed = static_cast<std::int64_t>(report.unregistered_codes.size());
    if (report.unregistered > listed) {
      unregistered += " và " + internal::Count(report.unregistered - listed) + " hồ sơ khác";
    }
  }
  notes.push_back(unregistered + ".");
  return notes;
}

}  // namespace sohoa::report
