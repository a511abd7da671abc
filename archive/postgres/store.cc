#include "archive/postgres/store.h"

namespace sohoa::archive::postgres {
namespace {

Status NotYet(const char* what) {
  return Unsupported(std::string(what) + " is not yet on the PostgreSQL catalog");
}

}  // namespace

Result<int> PgDossierStore::StoreDossier(const DossierRecord& /*dossier*/) {
  return NotYet("StoreDossier");
}

Result<int> PgDossierStore::StoreDossiers(const std::vector<DossierRecord>& /*dossiers*/) {
  return NotYet("StoreDossiers");
}

Result<std::optional<std::string>> PgDossierStore::FindSource(const std::string& /*sha256*/) {
  return NotYet("FindSource");
}

Status PgDossierStore::MarkSourceComplete(const std::string& /*sha256*/, int /*dossiers*/) {
  return NotYet("MarkSourceComplete");
}

Result<std::vector<std::string>> PgDossierStore::DossiersHoldingSource(const std::string& /*sha256*/) {
  return NotYet("DossiersHoldingSource");
}

Result<std::optional<DossierRecord>> PgDossierStore::FindDossier(const std::string& /*code*/) {
  return NotYet("FindDossier");
}

Result<bool> PgDossierStore::HoldsDossier(const std::string& /*code*/) {
  return NotYet("HoldsDossier");
}

Result<bool> PgDossierStore::HoldsDocument(const std::string& /*identifier*/) {
  return NotYet("HoldsDocument");
}

Result<std::vector<ArchivedDocument>> PgDossierStore::DocumentsOfCitizen(const std::string& /*citizen_id*/) {
  return NotYet("DocumentsOfCitizen");
}

Result<std::vector<std::string>> PgDossierStore::ReferencedBlobs() {
  return NotYet("ReferencedBlobs");
}

Result<DigitizationReport> PgDossierStore::Report() {
  return NotYet("Report");
}

Result<std::vector<ReviewItem>> PgReviewStore::ReviewQueue() {
  return NotYet("ReviewQueue");
}

Status PgReviewStore::CorrectField(const std::string& /*code*/, const std::string& /*name*/, const std::string& /*value*/, const std::string& /*user*/) {
  return NotYet("CorrectField");
}

Status PgReviewStore::StoreClassifierExample(const ClassifierExample& /*example*/) {
  return NotYet("StoreClassifierExample");
}

Result<ClassifierCounts> PgReviewStore::LoadClassifierCounts() {
  return NotYet("LoadClassifierCounts");
}

Result<std::vector<Event>> PgPackageLog::PreservationEventsOf(const std::string& /*code*/) {
  return NotYet("PreservationEventsOf");
}

Status PgPackageLog::LogExports(const std::vector<std::string>& /*codes*/, const std::string& /*actor*/, const std::string& /*detail*/) {
  return NotYet("LogExports");
}

Result<std::int64_t> PgPackageLog::LastEventId() {
  return NotYet("LastEventId");
}

Status PgPackageLog::RecordImport(const std::string& /*code*/, std::int64_t /*events_after*/, const std::vector<Event>& /*events*/, const std::string& /*bag*/, const std::string& /*bagging_date*/, const std::string& /*actor*/, const std::string& /*detail*/) {
  return NotYet("RecordImport");
}

}  // namespace sohoa::archive::postgres
