// A hand-built report for the renderer tests: a province, a district and two
// communes (one with no e-result denominator), six months with one empty,
// and a civil-status backlog, with numbers easy to find in the output.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_env.h"
#include "tools/report/report.h"

namespace sohoa::report::testing {

// A test that writes report PDFs into a folder of its own.
class PdfWritingTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const ReportDocument& doc, const std::string& name = "report.pdf") {
    const std::filesystem::path out = tmp_.path() / name;
    const Status status = WritePdf(doc, out);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  sohoa::testing::TempDir tmp_;
};

inline archive::RateCell Cell(std::int64_t numerator, std::int64_t denominator) {
  archive::RateCell c;
  c.numerator = numerator;
  c.denominator = denominator;
  return c;
}

inline archive::RateRow UnitRow(std::string code, std::string name, int depth,
                                std::int64_t received, archive::RateCell digitization,
                                archive::RateCell e_result, archive::RateCell reuse) {
  archive::RateRow r;
  r.keys = {std::move(code)};
  r.labels = {std::move(name)};
  r.depth = depth;
  r.received = received;
  r.archived = digitization.numerator + 3;
  r.digitization = digitization;
  r.e_result = e_result;
  r.reuse = reuse;
  r.missed_reuse = Cell(2, received);
  return r;
}

inline archive::RateRow MonthRow(std::string month, std::int64_t received, std::int64_t digitized,
                                 std::int64_t e_num, std::int64_t e_den, std::int64_t reused) {
  archive::RateRow r;
  r.keys = {std::move(month)};
  r.labels = {""};
  r.received = received;
  r.archived = digitized;
  r.digitization = Cell(digitized, received);
  r.e_result = Cell(e_num, e_den);
  r.reuse = Cell(reused, received);
  r.missed_reuse = Cell(0, received);
  return r;
}

inline archive::BacklogRow Backlog(std::string type, std::string agency, int year,
                                   std::int64_t books, std::int64_t entries,
                                   std::int64_t digitized) {
  archive::BacklogRow b;
  b.type = std::move(type);
  b.agency_code = std::move(agency);
  b.year = year;
  b.books = books;
  b.entries_in_books = entries;
  b.entries_digitized = digitized;
  b.progress = Cell(digitized, entries);
  b.remaining = entries > digitized ? entries - digitized : 0;
  b.entries_keyed = digitized / 2;     // some keyed by hand, ...
  b.entries_verified = digitized / 4;  // ... half of those verified
  return b;
}

inline ReportDocument SampleReport() {
  ReportDocument doc;
  doc.title = "Báo cáo số hóa hồ sơ TTHC";
  doc.period = "01/01/2024 – 30/06/2024";
  doc.generated_at = "2024-07-01T08:00:00+07:00";

  auto& unit = doc.by_unit;
  unit.query.by = {archive::RateDimension::kAgency};
  unit.rows = {
      UnitRow("000.00.00.H32", "UBND tỉnh Khánh Hòa", 0, 500, Cell(278, 500), Cell(110, 180),
              Cell(4, 500)),
      UnitRow("000.31.22.H32", "UBND huyện Diên Khánh", 1, 320, Cell(161, 320), Cell(70, 120),
              Cell(3, 320)),
      UnitRow("000.31.22.H32.01", "UBND xã Ninh Đông hỗ trợ lưu giữ", 2, 120, Cell(57, 120),
              Cell(0, 0), Cell(1, 120)),
      UnitRow("000.31.22.H32.02", "UBND xã Suối Tiên", 2, 200, Cell(104, 200), Cell(70, 120),
              Cell(2, 200)),
  };
  unit.total = UnitRow("", "", 0, 500, Cell(278, 500), Cell(110, 180), Cell(4, 500));
  unit.undated = 7;
  unit.unregistered = 3;
  unit.unregistered_codes = {"000.31.22.H32-240105-0001", "000.31.22.H32-240212-0004"};

  auto& month = doc.by_month;
  month.query.by = {archive::RateDimension::kMonth};
  month.rows = {MonthRow("2024-01", 80, 30, 10, 30, 0),  MonthRow("2024-02", 75, 36, 14, 28, 1),
                MonthRow("2024-03", 0, 0, 0, 0, 0),      MonthRow("2024-04", 110, 63, 25, 40, 1),
                MonthRow("2024-05", 115, 70, 30, 42, 1), MonthRow("2024-06", 120, 79, 31, 40, 1)};
  month.total = UnitRow("", "", 0, 500, Cell(278, 500), Cell(110, 180), Cell(4, 500));

  doc.backlog = {Backlog("khai_sinh", "000.31.22.H32", 2015, 12, 4800, 1200),
                 Backlog("ket_hon", "000.31.22.H32", 2015, 3, 900, 900),
                 Backlog("khai_tu", "000.31.22.H32.01", 2016, 2, 650, 13),
                 Backlog("", "", 0, 1, 0, 0)};
  return doc;
}

// `rows` agency rows (communes under one district), for page-break tests.
inline ReportDocument LongReport(int rows) {
  ReportDocument doc = SampleReport();
  auto& unit = doc.by_unit.rows;
  unit.resize(2);
  for (int i = 0; i < rows; ++i) {
    const std::string n = std::to_string(1000 + i);
    unit.push_back(UnitRow("000.31.22.H32." + n, "UBND xã số " + n, 2, 100 + i, Cell(50, 100 + i),
                           Cell(20, 40), Cell(1, 100 + i)));
  }
  return doc;
}

}  // namespace sohoa::report::testing
