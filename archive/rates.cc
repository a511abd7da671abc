// The rates and the backlog are computed by the catalog's backend, in its
// own database (RegisterStore, archive/rates.h; archive/sqlite/rates.cc).
#include "archive/rates.h"

namespace sohoa::archive {

Result<RatesReport> ComputeRates(Catalog& catalog, const RateQuery& query) {
  return catalog.registers().ComputeRates(query);
}

Result<std::vector<BacklogRow>> ComputeBacklog(Catalog& catalog) { return catalog.registers().ComputeBacklog(); }

}  // namespace sohoa::archive
