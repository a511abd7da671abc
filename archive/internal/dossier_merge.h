// What storing a dossier decides whatever the backend: whether the record
// may be stored, how a later scan merges into the dossier row an earlier one
// wrote, which document a re-scan names, and the events storing records.
// Internal to archive/: archive/sqlite/store.cc and archive/postgres/store.cc
// both call it.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "archive/catalog.h"
#include "schema/dossier.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// InvalidArgument for a dossier without a code, a document without a kind,
// a page number < 1 or twice in a document, a field value without a name.
Status CheckDossier(const DossierRecord& dossier);

// The dossier columns that a later scan of the same dossier may change.
struct DossierRow {
  std::int64_t id = 0;
  std::string code_source, agency_code, received_date;
  std::string procedure_code, procedure_name, field;
  double procedure_confidence = 0;
  std::string procedure_evidence;
  std::string applicant, status;
};

// A later scan fills what was unknown and may reclassify the dossier when it
// is at least as sure; it never blanks what an earlier scan found. The
// applicant is taken in NFC.
void MergeDossier(const DossierRecord& in, DossierRow& row);

// The archived document a re-scan names ("<dossier code>.<n>"): its
// dossier's code and its number as written (both "" without a dot).
struct ReuseSource {
  std::string dossier_code;
  std::string number;
};
ReuseSource ParseReusedFrom(const std::string& reused_from);

// A re-scan checked before the catalog is asked whether its source exists:
// InvalidArgument when document `number` of dossier `code` names a document
// of its own dossier.
Status CheckReuseOfOtherDossier(const std::string& code, int number, const DocumentRecord& doc);
// InvalidArgument saying the re-scan names no archived document.
Status ReuseSourceNotArchived(const std::string& code, int number, const DocumentRecord& doc);

// The "reuse" event of a missed reuse: document `number` of dossier `code`
// re-scans doc.reused_from.
Event MissedReuseEvent(const std::string& code, int number, const DocumentRecord& doc);

// The "ingestion" event of one StoreDossier: documents added and their
// pages, and those skipped as already archived.
Event IngestionEvent(const std::string& code, int added, int pages, int skipped);

// The PREMIS events an archive records for what was just ingested (see
// docs/domain.md): the digest of each new original, its identified format,
// the OCR and the classification, so an exported package can tell its
// history. Documents whose source is in `already_archived` (stored by an
// earlier call) are not new.
std::vector<Event> PreservationEvents(const DossierRecord& dossier,
                                      const std::unordered_set<std::string>& already_archived);

}  // namespace sohoa::archive::internal
