// One reading of dates for every command and export (schema/date.h).
#include "schema/date.h"

#include <gtest/gtest.h>

namespace sohoa {
namespace {

TEST(DateTest, ADayIsReadAsStaffAndExportsWriteIt) {
  EXPECT_EQ(IsoDay(*ParseDay("14/05/2023")), "2023-05-14");
  EXPECT_EQ(IsoDay(*ParseDay("4/5/2023")), "2023-05-04");
  EXPECT_EQ(IsoDay(*ParseDay("04.05.2023")), "2023-05-04");
  EXPECT_EQ(IsoDay(*ParseDay("2023-05-14")), "2023-05-14");
  EXPECT_EQ(IsoDay(*ParseDay("29/02/2024")), "2024-02-29");
}

TEST(DateTest, ADayTheCalendarDoesNotHaveIsRefusedEverywhere) {
  for (const char* bad : {"2023-13-45", "2023-02-30", "29/02/2023", "31/04/2023", "00/01/2023", "2023-00-10",
                          "14/05/23", "2023/05/14", "hôm qua", "", "2023-5-14"}) {
    EXPECT_FALSE(ParseDay(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseIsoDay("14/05/2023").has_value()) << "ISO only";
  Result<DayRange> not_a_day = ParseDayOrMonth("2023-02-30");
  ASSERT_FALSE(not_a_day.ok());
  EXPECT_NE(not_a_day.status().message().find("not a day of the calendar"), std::string::npos);
  Result<DayRange> short_year = ParseDayOrMonth("01/02/23");
  ASSERT_FALSE(short_year.ok());
  EXPECT_NE(short_year.status().message().find("is not a date: write a day as dd/mm/yyyy"), std::string::npos)
      << short_year.status().message();
}

TEST(DateTest, AMonthIsTheRangeOfItsDays) {
  auto march = ParseMonth("2023-03");
  ASSERT_TRUE(march.has_value());
  EXPECT_EQ(march->from, "2023-03-01");
  EXPECT_EQ(march->to, "2023-03-31");
  auto february = ParseMonth("2/2024");
  ASSERT_TRUE(february.has_value());
  EXPECT_EQ(february->to, "2024-02-29");
  EXPECT_FALSE(ParseMonth("2023-13").has_value());
  auto day = ParseDayOrMonth("05/03/2023");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->from, "2023-03-05");
  EXPECT_EQ(day->to, "2023-03-05");
}

TEST(DateTest, DatesAreShownTheOfficesWayInVietnamsTime) {
  EXPECT_EQ(ShownDate("2023-03-05"), "05/03/2023");
  EXPECT_EQ(ShownDate(""), "");
  EXPECT_EQ(ShownDate("unknown"), "unknown");
  // 2026-12-05 20:30:00 UTC is 03:30 the next morning in Hà Nội.
  const std::time_t evening_utc = 1796502600;
  EXPECT_EQ(ShownDateTime(evening_utc), "06/12/2026 03:30:00");
  EXPECT_EQ(IsoDateTime(evening_utc), "2026-12-06T03:30:00+07:00");
}

}  // namespace
}  // namespace sohoa
