#include "archive/agencies.h"

#include "schema/agency.h"

namespace sohoa::archive {

Result<AgencyImportCounts> StoreAgencyNames(Catalog& catalog, const std::vector<AgencyName>& names,
                                            const std::string& source_file, const std::string& actor) {
  for (const AgencyName& a : names) {
    if (!IsAgencyCode(a.code)) {
      return InvalidArgument("\"" + a.code + "\" is not an agency code like 000.31.22.H32");
    }
    if (a.name.empty()) return InvalidArgument("agency " + a.code + " has no name");
  }
  return catalog.agencies().StoreAgencyNames(names, source_file, actor);
}

Result<std::vector<AgencyEntry>> ListAgencies(Catalog& catalog) { return catalog.agencies().ListAgencies(); }

}  // namespace sohoa::archive
