// What the Catalog interface's records know of themselves, whatever the
// backend (archive/sqlite/ implements the rest).
#include "archive/catalog.h"

#include <algorithm>

#include "schema/agency.h"

namespace sohoa::archive {

bool Scope::Covers(std::string_view agency_code) const {
  if (!agencies) return true;
  return std::any_of(agencies->begin(), agencies->end(),
                     [&](const std::string& scope) { return AgencyIncludes(scope, agency_code); });
}

std::optional<double> RateCell::percent() const {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) * 100.0 / static_cast<double>(denominator);
}

std::string BookEntryRecord::Get(std::string_view name) const {
  for (const Field& f : fields) {
    if (f.name == name) return f.value;
  }
  return "";
}

}  // namespace sohoa::archive
