#pragma once

#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {

// PgDossierStore (store.cc writes, store_read.cc reads, report.cc),
// PgReviewStore (review.cc) and PgPackageLog (packages.cc): dossiers, their
// documents, pages and fields, review and the classifier's counts, and the
// event log as packages see it, with the behaviour of the SQLite catalog.
class PgDossierStore final : public DossierStore {
 public:
  explicit PgDossierStore(PgContext& context) : context_(context) {}
  Result<int> StoreDossier(const DossierRecord& dossier) override;
  Result<int> StoreDossiers(const std::vector<DossierRecord>& dossiers) override;
  Result<int> StoreDossierUnderLease(const DossierRecord& dossier, const JobLease& lease) override;
  Result<std::optional<std::string>> FindSource(const std::string& sha256) override;
  Status MarkSourceComplete(const std::string& sha256, int dossiers) override;
  Result<std::vector<std::string>> DossiersHoldingSource(const std::string& sha256) override;
  Result<std::optional<DossierRecord>> FindDossier(const std::string& code) override;
  Result<bool> HoldsDossier(const std::string& code) override;
  Result<bool> HoldsDocument(const std::string& identifier) override;
  Result<std::vector<ArchivedDocument>> DocumentsOfCitizen(const std::string& citizen_id) override;
  Result<std::vector<std::string>> ReferencedBlobs() override;
  Result<DigitizationReport> Report() override;

 private:
  // StoreDossiers, only while `lease` holds its job when there is one.
  Result<int> Store(const std::vector<DossierRecord>& dossiers, const JobLease* lease);

  PgContext& context_;
};

class PgReviewStore final : public ReviewStore {
 public:
  explicit PgReviewStore(PgContext& context) : context_(context) {}
  Result<std::vector<ReviewItem>> ReviewQueue() override;
  Status CorrectField(const std::string& code, const std::string& name, const std::string& value, const std::string& user) override;
  Status StoreClassifierExample(const ClassifierExample& example) override;
  Result<ClassifierCounts> LoadClassifierCounts() override;

 private:
  PgContext& context_;
};

class PgPackageLog final : public PackageLog {
 public:
  explicit PgPackageLog(PgContext& context) : context_(context) {}
  Result<std::vector<Event>> PreservationEventsOf(const std::string& code) override;
  Status LogExports(const std::vector<std::string>& codes, const std::string& actor, const std::string& detail) override;
  Result<std::int64_t> LastEventId() override;
  Status RecordImport(const std::string& code, std::int64_t events_after, const std::vector<Event>& events, const std::string& bag, const std::string& bagging_date, const std::string& actor, const std::string& detail) override;

 private:
  PgContext& context_;
};

// Takes a dossier's training example, if any, back out of the classifier's
// counts and deletes it, inside the caller's transaction (as retention
// deletes a dossier).
Status ForgetClassifierExample(Connection& db, const std::string& dossier_code);

}  // namespace sohoa::archive::postgres
