#include "tools/gen/calendar.h"

#include <cstdio>

namespace sohoa::gen {

namespace chr = std::chrono;

Date MakeDate(int year, int month, int day) {
  return Date{chr::year{year}, chr::month{static_cast<unsigned>(month)},
              chr::day{static_cast<unsigned>(day)}};
}

int YearOf(const Date& d) { return static_cast<int>(d.year()); }

Date AddDays(const Date& d, int days) { return Date{chr::sys_days{d} + chr::days{days}}; }

bool IsWeekend(const Date& d) {
  chr::weekday w{chr::sys_days{d}};
  return w == chr::Saturday || w == chr::Sunday;
}

Date AddWorkingDays(const Date& d, int days) {
  Date out = d;
  while (days > 0) {
    out = AddDays(out, 1);
    if (!IsWeekend(out)) --days;
  }
  return out;
}

Date RandomDate(Rng& rng, const Date& from, const Date& to) {
  auto a = chr::sys_days{from}.time_since_epoch().count();
  auto b = chr::sys_days{to}.time_since_epoch().count();
  return Date{chr::sys_days{chr::days{rng.Int(a, b)}}};
}

int AgeOn(const Date& birth, const Date& on) {
  int age = YearOf(on) - YearOf(birth);
  if (chr::month_day{on.month(), on.day()} < chr::month_day{birth.month(), birth.day()}) --age;
  return age;
}

std::string FormatIso(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", YearOf(d) % 10000,
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::string FormatDmy(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(d.day()),
                static_cast<unsigned>(d.month()), YearOf(d) % 10000);
  return buf;
}

std::string FormatYyMmDd(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02u%02u", YearOf(d) % 100, static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string FormatLong(const Date& d) {
  unsigned day = static_cast<unsigned>(d.day());
  unsigned month = static_cast<unsigned>(d.month());
  char buf[48];
  std::snprintf(buf, sizeof buf, "ngày %s%u tháng %s%u năm %d", day < 10 ? "0" : "", day,
                month < 3 ? "0" : "", month, YearOf(d) % 10000);
  return buf;
}

}  // namespace sohoa::gen
