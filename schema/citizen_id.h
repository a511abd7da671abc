// Citizen ID numbers (CCCD, 12 digits): PPP G YY RRRRRR — province of birth
// registration, century and sex, last two digits of the birth year, random.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sohoa {

struct CitizenIdCheck {
  bool well_formed = false;     // 12 ASCII digits
  bool known_province = false;  // PPP is one of the 63 province codes (001..096)
  // The birth century the G digit states (1900, 2000, ...), 0 when malformed.
  int century = 0;
  bool female = false;
  // Does G's century and YY agree with the known birth year? Unset when the
  // birth year is not known.
  std::optional<bool> matches_birth_year;
  std::string problem;          // "" when acceptable; otherwise why not, for a person

  bool acceptable() const { return problem.empty(); }
};

// Checks `id` against the format, the province list and, when `birth_year`
// is given, the century/sex digit and the two year digits.
CitizenIdCheck CheckCitizenId(std::string_view id, std::optional<int> birth_year = std::nullopt);

}  // namespace sohoa
