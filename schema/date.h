// Days as sohoa reads and shows them: one place for every date typed on the
// command line, found in a CSV export or a filter, and for every date shown.
// Stored dates are ISO (YYYY-MM-DD); staff type and read dd/mm/yyyy; an
// office keeps Vietnam's time (Asia/Ho_Chi_Minh, UTC+7 all year, no summer
// time since 1975) whatever the server's zone.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "schema/status.h"

namespace sohoa {

struct Day {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Day&) const = default;
};

// Is this a day of the calendar (2023-02-30 is not; 2024-02-29 is)?
bool IsRealDay(int year, int month, int day);

// "2023-03-15" (exactly YYYY-MM-DD) naming a real day.
std::optional<Day> ParseIsoDay(std::string_view text);
// A day as people and exports write it: dd/mm/yyyy (d/m/yyyy, '-' or '.'
// between too: 5-3-2023, 05.03.2023) or ISO YYYY-MM-DD. Nullopt for
// anything else, and for a day the calendar does not have.
std::optional<Day> ParseDay(std::string_view text);
// Written as a day is (dd/mm/yyyy or yyyy-mm-dd, a 4-digit year), whether or
// not the calendar has it: 30/02/2023 is, 30/02/23 and 2023-03 are not.
bool ShapedLikeDay(std::string_view text);

// Days from `from` to `to`, both included, as ISO; "" is an open end.
struct DayRange {
  std::string from, to;
};
// A month, mm/yyyy (m/yyyy) or YYYY-MM, as the range of its days.
std::optional<DayRange> ParseMonth(std::string_view text);
// A day (as ParseDay) or a month (as ParseMonth) as a range. InvalidArgument
// saying what is accepted, or that the day is not in the calendar.
Result<DayRange> ParseDayOrMonth(std::string_view text);

std::string IsoDay(const Day& day);                // 2023-03-05
std::string ShownDay(const Day& day);              // 05/03/2023
// A stored ISO day as staff read it (05/03/2023); other text unchanged.
std::string ShownDate(std::string_view iso);

// The day and time in Vietnam at `when`.
std::tm VietnamTime(std::time_t when);
// Today in Vietnam, as ISO.
std::string TodayIso();
// "06/12/2026 13:05:02", Vietnam's time: for what staff read.
std::string ShownDateTime(std::time_t when);
// "2026-12-06T13:05:02+07:00": for logs and JSON.
std::string IsoDateTime(std::time_t when);

}  // namespace sohoa
