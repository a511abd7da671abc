#include "archive/internal/rate_groups.h"

#include <algorithm>
#include <map>
#include <utility>

#include "schema/agency.h"

namespace sohoa::archive::internal {
namespace {

// The units from the province down to `code`: the order agency rows are
// listed in, each unit right after the unit above it. A code that is no
// agency code is a tree of its own.
std::vector<std::string> AgencyPath(const std::string& code) {
  std::vector<std::string> path;
  for (std::string c = code; !c.empty(); c = ParentAgency(c)) path.push_back(c);
  std::reverse(path.begin(), path.end());
  if (path.empty()) path.push_back(code);
  return path;
}

// Where a group sorts, one entry per dimension asked: for agencies the path
// down to the unit, for the others their value, an unknown one last.
using Order = std::vector<std::vector<std::string>>;

Order OrderOf(const std::vector<int>& dims, const RateGroupValues& values, const std::vector<std::string>& agencies,
              size_t level) {
  Order order;
  for (int d : dims) {
    if (d == 0) {
      order.emplace_back(agencies.begin(), agencies.begin() + static_cast<long>(level) + 1);
    } else if (values[static_cast<size_t>(d)].empty()) {
      order.push_back({"1"});
    } else {
      order.push_back({"0", values[static_cast<size_t>(d)]});
    }
  }
  return order;
}

// The keys, labels and depth of a group, as a row shows them.
void Describe(const std::vector<int>& dims, const RateGroupValues& values, const RateLabels& labels,
              std::vector<std::string>& keys, std::vector<std::string>& out_labels, int& depth) {
  for (int d : dims) {
    const std::string& value = values[static_cast<size_t>(d)];
    keys.push_back(value);
    std::string label;
    if (d == 0) {
      if (auto it = labels.agencies.find(value); it != labels.agencies.end()) label = it->second;
      depth = std::max(0, AgencyDepth(value));
    } else if (d == 1) {
      if (auto it = labels.procedures.find(value); it != labels.procedures.end()) label = it->second;
    }
    out_labels.push_back(std::move(label));
  }
}

}  // namespace

int RateDimensionIndex(RateDimension dimension) {
  switch (dimension) {
    case RateDimension::kAgency: return 0;
    case RateDimension::kProcedure: return 1;
    case RateDimension::kField: return 2;
    case RateDimension::kMonth: return 3;
  }
  return 0;
}

std::vector<RateDimension> DistinctDimensions(const std::vector<RateDimension>& by) {
  std::vector<RateDimension> out;
  for (RateDimension d : by) {
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  }
  return out;
}

void RateTally::Add(const RateTally& o) {
  received += o.received;
  archived += o.archived;
  digitized += o.digitized;
  paper_result += o.paper_result;
  electronic_result += o.electronic_result;
  reused += o.reused;
  missed += o.missed;
}

void RateTally::Fill(RateRow& row) const {
  row.received = received;
  row.archived = archived;
  row.digitization = {digitized, received};
  row.e_result = {electronic_result, paper_result};
  row.reuse = {reused, received};
  row.missed_reuse = {missed, received};
}

void ArrangeRates(const std::vector<RateGroup>& groups, std::vector<ShortfallLeaf> shortfalls,
                  const RateLabels& labels, RatesReport& report) {
  std::vector<int> dims;
  for (RateDimension d : DistinctDimensions(report.query.by)) dims.push_back(RateDimensionIndex(d));
  const bool by_agency = std::find(dims.begin(), dims.end(), 0) != dims.end();

  // Agency rows roll up: every group also counts for each unit above it.
  std::map<Order, std::pair<RateGroupValues, RateTally>> rows;
  for (const RateGroup& group : groups) {
    std::vector<std::string> agencies = {""};
    if (by_agency) agencies = AgencyPath(group.values[0]);
    for (size_t level = 0; level < agencies.size(); ++level) {
      auto& slot = rows[OrderOf(dims, group.values, agencies, level)];
      slot.first = group.values;
      if (by_agency) slot.first[0] = agencies[level];
      slot.second.Add(group.tally);
    }
  }
  for (const auto& [order, row_group] : rows) {
    const auto& [values, tally] = row_group;
    RateRow row;
    Describe(dims, values, labels, row.keys, row.labels, row.depth);
    tally.Fill(row);
    report.rows.push_back(std::move(row));
  }

  std::map<Order, ShortfallLeaf*> shortfall_order;
  for (ShortfallLeaf& leaf : shortfalls) {
    std::vector<std::string> agencies = {""};
    if (by_agency) agencies = AgencyPath(leaf.values[0]);
    shortfall_order[OrderOf(dims, leaf.values, agencies, agencies.size() - 1)] = &leaf;
  }
  for (auto& [order, leaf] : shortfall_order) {
    ShortfallGroup& group = leaf->group;
    Describe(dims, leaf->values, labels, group.keys, group.labels, group.depth);
    report.shortfalls.push_back(std::move(group));
  }
}

}  // namespace sohoa::archive::internal
