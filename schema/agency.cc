#include "schema/agency.h"

namespace sohoa {
namespace {

// Byte offsets of the groups below the province, deepest first: L4, L3, L2.
struct Group {
  std::size_t begin, size;
};
constexpr Group kGroups[] = {{0, 3}, {4, 2}, {7, 2}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsZero(std::string_view code, const Group& g) {
  return code.substr(g.begin, g.size).find_first_not_of('0') == std::string_view::npos;
}

}  // namespace

bool IsAgencyCode(std::string_view code) {
  static constexpr std::string_view kShape = "ddd.dd.dd.Ldd";
  if (code.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char c = code[i];
    switch (kShape[i]) {
      case 'd':
        if (!IsDigit(c)) return false;
        break;
      case 'L':
        if (c < 'A' || c > 'Z') return false;
        break;
      default:
        if (c != kShape[i]) return false;
    }
  }
  return true;
}

int AgencyDepth(std::string_view code) {
  if (!IsAgencyCode(code)) return -1;
  int depth = 0;
  for (const Group& g : kGroups) depth += IsZero(code, g) ? 0 : 1;
  return depth;
}

std::string ParentAgency(std::string_view code) {
  if (!IsAgencyCode(code)) return "";
  for (const Group& g : kGroups) {
    if (IsZero(code, g)) continue;
    std::string parent(code);
    parent.replace(g.begin, g.size, std::string(g.size, '0'));
    return parent;
  }
  return "";  // a province
}

bool AgencyIncludes(std::string_view parent, std::string_view child) {
  if (!IsAgencyCode(parent) || !IsAgencyCode(child)) return false;
  // At most four steps: each one zeroes a group.
  std::string at(child);
  while (!at.empty()) {
    if (at == parent) return true;
    at = ParentAgency(at);
  }
  return false;
}

}  // namespace sohoa
