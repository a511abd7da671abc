#include "schema/citizen_id.h"

#include <algorithm>
#include <array>

namespace sohoa {
namespace {

// The province and city codes of Decree 137/2015 (amended by Circular
// 07/2016/TT-BCA), in force for CCCD numbers: 63 codes between 001 and 096.
constexpr std::array<int, 63> kProvinceCodes = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};

}  // namespace

CitizenIdCheck CheckCitizenId(std::string_view id, std::optional<int> birth_year) {
  CitizenIdCheck out;
  out.well_formed = id.size() == 12 && std::all_of(id.begin(), id.end(), [](char c) {
                      return c >= '0' && c <= '9';
                    });
  if (!out.well_formed) {
    out.problem = "not 12 digits";
    return out;
  }
  int province = (id[0] - '0') * 100 + (id[1] - '0') * 10 + (id[2] - '0');
  out.known_province =
      std::find(kProvinceCodes.begin(), kProvinceCodes.end(), province) != kProvinceCodes.end();
  int g = id[3] - '0';
  // 0/1: 1900s, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 1800s; even = male.
  static constexpr int kCentury[] = {1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800};
  out.century = kCentury[g];
  out.female = g % 2 == 1;
  int yy = (id[4] - '0') * 10 + (id[5] - '0');
  if (!out.known_province) {
    out.problem = "province code " + std::string(id.substr(0, 3)) + " is not a province";
  }
  if (birth_year) {
    bool century_ok = *birth_year / 100 * 100 == out.century;
    bool year_ok = *birth_year % 100 == yy;
    out.matches_birth_year = century_ok && year_ok;
    if (!century_ok && out.problem.empty()) {
      out.problem = "century digit " + std::string(1, id[3]) + " says born in the " +
                    std::to_string(out.century) + "s, but the birth year is " +
                    std::to_string(*birth_year);
    } else if (!year_ok && out.problem.empty()) {
      out.problem = "year digits " + std::string(id.substr(4, 2)) +
                    " do not match the birth year " + std::to_string(*birth_year);
    }
  } else if (out.century >= 2100 || out.century < 1900) {
    // Nobody alive was registered in the 1800s or after 2100 yet.
    if (out.problem.empty()) {
      out.problem = "century digit " + std::string(1, id[3]) + " gives an impossible birth century";
    }
  }
  return out;
}

}  // namespace sohoa
