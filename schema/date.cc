#include "schema/date.h"

#include "schema/messages.h"

#include <cstdio>

namespace sohoa {
namespace {

constexpr long kVietnamOffsetSeconds = 7 * 3600;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The number of 1-`max_digits` digits at the start of `text`, consumed.
std::optional<int> Number(std::string_view& text, std::size_t min_digits, std::size_t max_digits) {
  std::size_t n = 0;
  int value = 0;
  while (n < text.size() && n < max_digits && IsDigit(text[n])) value = value * 10 + (text[n++] - '0');
  if (n < min_digits) return std::nullopt;
  text.remove_prefix(n);
  return value;
}

bool Separator(std::string_view& text, std::string_view allowed) {
  if (text.empty() || allowed.find(text[0]) == std::string_view::npos) return false;
  text.remove_prefix(1);
  return true;
}

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

bool IsRealDay(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= DaysIn(year, month);
}

std::optional<Day> ParseIsoDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view rest = text;
  auto year = Number(rest, 4, 4);
  if (!year || !Separator(rest, "-")) return std::nullopt;
  auto month = Number(rest, 2, 2);
  if (!month || !Separator(rest, "-")) return std::nullopt;
  auto day = Number(rest, 2, 2);
  if (!day || !rest.empty() || !IsRealDay(*year, *month, *day)) return std::nullopt;
  return Day{*year, *month, *day};
}

std::optional<Day> ParseDay(std::string_view text) {
  if (auto iso = ParseIsoDay(text)) return iso;
  std::string_view rest = text;
  auto day = Number(rest, 1, 2);
  if (!day || !Separator(rest, "/-.")) return std::nullopt;
  auto month = Number(rest, 1, 2);
  if (!month || !Separator(rest, "/-.")) return std::nullopt;
  auto year = Number(rest, 4, 4);
  if (!year || !rest.empty() || !IsRealDay(*year, *month, *day)) return std::nullopt;
  return Day{*year, *month, *day};
}

std::optional<DayRange> ParseMonth(std::string_view text) {
  std::string_view rest = text;
  std::optional<int> year, month;
  if (text.size() == 7 && text[4] == '-') {
    year = Number(rest, 4, 4);
    if (!year || !Separator(rest, "-")) return std::nullopt;
    month = Number(rest, 2, 2);
  } else {
    month = Number(rest, 1, 2);
    if (!month || !Separator(rest, "/-.")) return std::nullopt;
    year = Number(rest, 4, 4);
  }
  if (!year || !month || !rest.empty() || *month < 1 || *month > 12 || *year < 1) return std::nullopt;
  return DayRange{IsoDay({*year, *month, 1}), IsoDay({*year, *month, DaysIn(*year, *month)})};
}

bool ShapedLikeDay(std::string_view text) {
  auto shaped = [](std::string_view rest, bool year_first) {
    if (year_first) {
      return Number(rest, 4, 4) && Separator(rest, "-") && Number(rest, 1, 2) && Separator(rest, "-") &&
             Number(rest, 1, 2) && rest.empty();
    }
    return Number(rest, 1, 2) && Separator(rest, "/-.") && Number(rest, 1, 2) && Separator(rest, "/-.") &&
           Number(rest, 4, 4) && rest.empty();
  };
  return shaped(text, true) || shaped(text, false);
}

Result<DayRange> ParseDayOrMonth(std::string_view text) {
  if (auto day = ParseDay(text)) return DayRange{IsoDay(*day), IsoDay(*day)};
  if (auto month = ParseMonth(text)) return *month;
  if (ShapedLikeDay(text)) return InvalidArgument(Text(Msg::kDateNotInCalendar, {text}));
  return InvalidArgument(Text(Msg::kDateNotADate, {text}));
}

std::string IsoDay(const Day& day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", day.year, day.month, day.day);
  return buf;
}

std::string ShownDay(const Day& day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day.day, day.month, day.year);
  return buf;
}

std::string ShownDate(std::string_view iso) {
  if (auto day = ParseIsoDay(iso.substr(0, 10)); day && (iso.size() == 10)) return ShownDay(*day);
  return std::string(iso);
}

std::tm VietnamTime(std::time_t when) {
  const std::time_t shifted = when + kVietnamOffsetSeconds;
  std::tm out{};
  ::gmtime_r(&shifted, &out);
  return out;
}

std::string TodayIso() {
  const std::tm now = VietnamTime(std::time(nullptr));
  return IsoDay({now.tm_year + 1900, now.tm_mon + 1, now.tm_mday});
}

std::string ShownDateTime(std::time_t when) {
  const std::tm t = VietnamTime(when);
  char buf[32];
  std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M:%S", &t);
  return buf;
}

std::string IsoDateTime(std::time_t when) {
  const std::tm t = VietnamTime(when);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+07:00", &t);
  return buf;
}

}  // namespace sohoa
