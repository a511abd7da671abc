// The event log as packages see it: a dossier's preservation history for its
// METS, and what export and import record. Internal to archive/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/internal/mets.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// The dossier's preservation history, oldest first: its events (ingestion,
// message digest calculation, format identification, OCR, classification,
// review, reuse, ...) and the latest whole-store fixity check since its first
// event (a sample check may not have read its files). Left out: exports and
// imports (the package's own movement), what storing it from a bag logged,
// and views and downloads (access, not preservation; who looked at a
// citizen's dossier stays in this home's log).
Result<std::vector<PremisEvent>> PremisEventsOf(Catalog& catalog, const std::string& code);

// One "export" event per code, in one transaction.
Status LogExports(Catalog& catalog, const std::vector<std::string>& codes, const std::string& actor,
                  const std::string& detail);

// Does the home hold document "<dossier code>.<n>"?
Result<bool> HoldsDocument(Catalog& catalog, const std::string& identifier);

// The id of the newest event, 0 for none: taken just before an import
// stores a dossier, so that what the storing logs can be told apart.
Result<std::int64_t> LastEventId(Catalog& catalog);

// Right after Catalog::StoreDossier stored `code` from a bag, in one
// transaction: which events the storing logged (those after `events_after`),
// the bag's events with their original times, and an "import" event.
Status RecordImport(Catalog& catalog, const std::string& code, std::int64_t events_after,
                    const std::vector<PremisEvent>& events, const std::string& bag,
                    const std::string& bagging_date, const std::string& actor,
                    const std::string& detail);

}  // namespace sohoa::archive::internal
