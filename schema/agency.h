// Agency codes (QĐ 20/2020/QĐ-TTg) and the hierarchy they spell. A code has
// four groups L4.L3.L2.L1, e.g. 000.31.22.H32: L1 (H32) a province, L2 (22)
// a unit under it such as a district, L3 (31) a unit under that such as a
// commune, L4 (000) a unit under that. A zero group means "not this deep":
// 000.00.00.H32 is the province, 000.00.22.H32 a district of it,
// 000.31.22.H32 a commune of that district, 001.31.22.H32 a unit of that
// commune. The parent of a code zeroes its deepest non-zero group.
// Pure functions: search filters (agency:) and report roll-ups share them.
#pragma once

#include <string>
#include <string_view>

namespace sohoa {

// Exactly `ddd.dd.dd.Ldd` (L an upper-case letter).
bool IsAgencyCode(std::string_view code);

// 0 for a province (000.00.00.H32), 1 for 000.00.22.H32, 2 for
// 000.31.22.H32, 3 for 001.31.22.H32: the number of non-zero groups below
// the province, so AgencyDepth(ParentAgency(c)) == AgencyDepth(c) - 1.
// -1 when `code` is not an agency code.
int AgencyDepth(std::string_view code);

// The agency directly above `code`: its deepest non-zero group set to zero
// (000.31.22.H32 → 000.00.22.H32 → 000.00.00.H32). "" for a province and for
// anything that is not an agency code.
std::string ParentAgency(std::string_view code);

// Is `child` the agency `parent` or one under it (at any depth)? Walks
// ParentAgency from `child`, so 000.31.00.H32 does not include 000.31.22.H32
// (whose parent is 000.00.22.H32). False when either is not an agency code.
bool AgencyIncludes(std::string_view parent, std::string_view child);

}  // namespace sohoa
