// Calendar dates for the generator, and the ways Vietnamese papers print them.
#pragma once

#include <chrono>
#include <string>

#include "tools/gen/rng.h"

namespace sohoa::gen {

using Date = std::chrono::year_month_day;

Date MakeDate(int year, int month, int day);
int YearOf(const Date& d);
Date AddDays(const Date& d, int days);
// Skips Saturdays and Sundays; holidays are ignored.
Date AddWorkingDays(const Date& d, int days);
bool IsWeekend(const Date& d);
// Uniform in [from, to], both inclusive.
Date RandomDate(Rng& rng, const Date& from, const Date& to);
// Whole years between `birth` and `on`.
int AgeOn(const Date& birth, const Date& on);

std::string FormatIso(const Date& d);     // 2023-05-14
std::string FormatDmy(const Date& d);     // 14/05/2023
std::string FormatYyMmDd(const Date& d);  // 230514
// "ngày 14 tháng 5 năm 2023"; days below 10 and months 1 and 2 take a
// leading zero, as Nghị định 30/2020/NĐ-CP asks of administrative papers.
std::string FormatLong(const Date& d);

}  // namespace sohoa::gen
