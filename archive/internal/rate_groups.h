// How a rates report (archive/rates.h) is put together from the counts of
// its groups, whichever backend counted them: the sums behind a row's cells,
// agency rows rolled up the agency tree, the order rows are listed in, and
// their labels. A backend counts the register rows of each group in its own
// database (archive/sqlite/rates.cc, archive/postgres/rates.cc); groups are
// few (units x procedures x months at most), so this part is shared.
// Internal to archive/.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "archive/rates.h"

namespace sohoa::archive::internal {

// A group's value in each dimension, indexed by RateDimensionIndex: agency
// code, procedure code, field, "YYYY-MM"; "" in a dimension not asked for.
inline constexpr int kRateDimensions = 4;
using RateGroupValues = std::array<std::string, kRateDimensions>;

// 0 agency, 1 procedure, 2 field, 3 month.
int RateDimensionIndex(RateDimension dimension);

// `by` with each dimension once, in the order first asked.
std::vector<RateDimension> DistinctDimensions(const std::vector<RateDimension>& by);

// Sums over register rows; a row's cells are derived from them.
struct RateTally {
  std::int64_t received = 0, archived = 0, digitized = 0;
  std::int64_t paper_result = 0, electronic_result = 0;  // rows of procedures requiring a paper result
  std::int64_t reused = 0, missed = 0;

  void Add(const RateTally& other);
  void Fill(RateRow& row) const;
};

// The register rows counted in one group.
struct RateGroup {
  RateGroupValues values;
  RateTally tally;
};

// The dossiers of one group not counted as digitized: counts and the
// dossiers to list; ArrangeRates fills its keys, labels and depth.
struct ShortfallLeaf {
  RateGroupValues values;
  ShortfallGroup group;
};

struct RateLabels {
  std::unordered_map<std::string, std::string> agencies;    // agency code → name
  std::unordered_map<std::string, std::string> procedures;  // procedure code → name
};

// Fills report.rows and report.shortfalls from `groups` (one per distinct
// values) and `shortfalls`, along report.query.by (each dimension once):
// agencies as a tree, each unit right after the unit above it, every group
// also counting for each unit above its own; procedures by code, fields by
// name, months in order, an unknown procedure or field last. Shortfalls do
// not roll up: each stays under the unit that received its dossiers.
void ArrangeRates(const std::vector<RateGroup>& groups, std::vector<ShortfallLeaf> shortfalls,
                  const RateLabels& labels, RatesReport& report);

}  // namespace sohoa::archive::internal
