#include "tools/report/internal/report_model.h"

#include <gtest/gtest.h>

#include "tests/report/report_fixture.h"

namespace sohoa::report::internal {
namespace {

using testing::Cell;
using testing::SampleReport;

TEST(ReportModelTest, RatesHaveTwoDecimalsAndNaOnAnEmptyDenominator) {
  EXPECT_EQ(FormatPercent(Cell(278, 500)), "55.60%");
  EXPECT_EQ(FormatPercent(Cell(2, 3)), "66.67%");
  EXPECT_EQ(FormatPercent(Cell(0, 7)), "0.00%");
  EXPECT_EQ(FormatPercent(Cell(0, 0)), "N/A");
  EXPECT_EQ(FormatFraction(Cell(0, 0)), "0 / 0");
  EXPECT_EQ(FormatFraction(Cell(1273950, 1527992)), "1273950 / 1527992");
}

TEST(ReportModelTest, MonthsAndBookTypesReadInVietnamese) {
  EXPECT_EQ(MonthLabel("2024-06"), "06/2024");
  EXPECT_EQ(MonthLabel(""), "Không rõ");
  EXPECT_EQ(MonthLabel("2024"), "2024");
  EXPECT_EQ(BookTypeLabel("khai_tu"), "Khai tử");
  EXPECT_EQ(BookTypeLabel(""), "Không rõ loại");
}

TEST(ReportModelTest, RatesTableHasOneRowPerUnitAndTheTotalLast) {
  const Table table = RatesTable(SampleReport().by_unit);
  ASSERT_EQ(table.rows.size(), 5u);
  EXPECT_EQ(table.columns.front().header, "Đơn vị");
  for (const Row& row : table.rows) EXPECT_EQ(row.cells.size(), table.columns.size());
  EXPECT_EQ(table.rows[2].indent, 2);
  EXPECT_EQ(table.rows[2].cells[0], "UBND xã Ninh Đông hỗ trợ lưu giữ (000.31.22.H32.01)");
  EXPECT_EQ(table.rows[2].cells[6], "N/A");
  EXPECT_TRUE(table.rows.back().total);
  EXPECT_EQ(table.rows.back().cells[0], "Tổng cộng");
  EXPECT_EQ(table.rows.back().cells[4], "55.60%");
}

TEST(ReportModelTest, GroupingByTwoDimensionsNamesBothInTheFirstColumn) {
  archive::RatesReport report;
  report.query.by = {archive::RateDimension::kProcedure, archive::RateDimension::kMonth};
  archive::RateRow row;
  row.keys = {"1.001193", "2024-02"};
  row.labels = {"Đăng ký khai sinh", ""};
  report.rows.push_back(row);
  const Table table = RatesTable(report);
  EXPECT_EQ(table.columns.front().header, "Thủ tục / Tháng");
  EXPECT_EQ(table.rows.front().cells[0], "1.001193 Đăng ký khai sinh · 02/2024");
}

TEST(ReportModelTest, ChartsStopAtTheirLimitAndCountTheRest) {
  const RateChart chart = UnitChart(testing::LongReport(50).by_unit, kMaxChartUnits);
  EXPECT_EQ(chart.labels.size(), kMaxChartUnits);
  EXPECT_EQ(chart.left_out, 52 - kMaxChartUnits);
  const BacklogChart books = BacklogBars(SampleReport().backlog, 2);
  EXPECT_EQ(books.bars.size(), 2u);
  EXPECT_EQ(books.left_out, 2u);
  EXPECT_EQ(books.bars[0].label, "Khai sinh · 000.31.22.H32 · 2015");
}

TEST(ReportModelTest, BacklogTotalAddsUpEveryGroup) {
  const Table table = BacklogTable(SampleReport().backlog);
  const Row& total = table.rows.back();
  ASSERT_TRUE(total.total);
  EXPECT_EQ(total.cells[3], "18");    // books
  EXPECT_EQ(total.cells[4], "6350");  // entries in books
  EXPECT_EQ(total.cells[5], "2113");  // digitized
  EXPECT_EQ(total.cells[6], "1056");  // keyed by hand: 600 + 450 + 6
  EXPECT_EQ(total.cells[7], "528");   // verified: 300 + 225 + 3
  EXPECT_EQ(total.cells[8], "4237");  // remaining
  EXPECT_EQ(total.cells[10], "33.28%");
  EXPECT_EQ(table.rows[3].cells[2], "Không rõ");  // year 0
  EXPECT_EQ(table.rows[3].cells[10], "N/A");
}

}  // namespace
}  // namespace sohoa::report::internal
