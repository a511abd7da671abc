// The embedded SQLite catalog (WAL, FTS5): the Catalog of a home that
// names no other (archive/storage.h), and the helpers its .cc files share
// inside a caller's transaction. Internal to archive/.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "archive/agencies.h"
#include "archive/catalog.h"
#include "archive/rates.h"
#include "archive/retention.h"
#include "archive/keying.h"
#include "archive/jobs.h"
#include "archive/users.h"
#include "archive/sqlite/sqlite_db.h"

namespace sohoa::archive {

class SqliteCatalog final : public Catalog, public RegisterStore, public AgencyDirectory,
                            public RetentionStore, public UserDirectory {
 public:
  // As Catalog::Open.
  static Result<std::unique_ptr<SqliteCatalog>> Open(const std::filesystem::path& path, bool create);

  Status ReplaceProcedures(const std::vector<Procedure>& procedures) override;
  Result<std::vector<Procedure>> Procedures() override;
  Result<std::optional<Procedure>> FindProcedure(const std::string& code) override;

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

  Result<std::vector<SearchHit>> Search(const std::string& query, int limit, int offset) override;
  Result<int> CompactSearchIndex(int max_steps, const std::function<void(int)>& progress) override;
  Result<DossierSearch> SearchDossiers(const std::string& query, int limit, int offset) override;
  Result<std::vector<std::string>> MatchingDossiers(const std::string& query) override;

  Status StoreBook(const BookRecord& book) override;
  Result<int> StoreBookPage(const BookPageRecord& page) override;
  Result<std::optional<BookRecord>> FindBook(const std::string& id) override;
  Result<std::vector<BookRecord>> Books() override;
  Result<std::vector<BookEntryRecord>> BookEntries(const std::string& book_id) override;
  Result<std::vector<BookEntryRecord>> SearchBookEntries(const std::string& query, int limit) override;

  Result<std::vector<ReviewItem>> ReviewQueue() override;
  Status CorrectField(const std::string& code, const std::string& name, const std::string& value,
                      const std::string& user) override;
  Status StoreClassifierExample(const ClassifierExample& example) override;
  Result<ClassifierCounts> LoadClassifierCounts() override;

  Status AppendEvent(const Event& event) override;
  using EventLog::Events;
  Result<std::vector<Event>> Events(const EventFilter& filter) override;

  Result<std::vector<Event>> PreservationEventsOf(const std::string& code) override;
  Status LogExports(const std::vector<std::string>& codes, const std::string& actor,
                    const std::string& detail) override;
  Result<std::int64_t> LastEventId() override;
  Status RecordImport(const std::string& code, std::int64_t events_after, const std::vector<Event>& events,
                      const std::string& bag, const std::string& bagging_date, const std::string& actor,
                      const std::string& detail) override;

  RegisterStore& registers() override { return *this; }
  Result<RegisterImportCounts> StoreRegister(const std::vector<RegisterRow>& rows, const std::string& source_file,
                                             const std::string& actor) override;
  Result<RatesReport> ComputeRates(const RateQuery& query) override;
  Status RecordReuse(const std::string& dossier_code, const std::string& source, const std::string& source_dossier,
                     int source_number, const std::string& component, const std::string& actor) override;
  Result<std::vector<BacklogRow>> ComputeBacklog() override;

  AgencyDirectory& agencies() override { return *this; }
  Result<AgencyImportCounts> StoreAgencyNames(const std::vector<AgencyName>& names, const std::string& source_file,
                                              const std::string& actor) override;
  Result<std::vector<AgencyEntry>> ListAgencies() override;

  RetentionStore& retention() override { return *this; }
  Status SetRetention(const std::string& procedure_code, const std::string& retention,
                      const std::string& actor) override;
  Result<std::vector<RetentionDue>> DossiersPastRetention(const std::string& as_of) override;
  Result<DeletedRows> DeleteDossierRows(const DeletionRequest& request) override;
  Result<std::vector<DeletionRecord>> Deletions() override;

  UserDirectory& users() override { return *this; }
  KeyingStore& keying() override;
  JobQueue& jobs() override;
  Status InsertUser(const User& user, const std::string& password_hash, const std::string& actor) override;
  Result<std::optional<User>> FindUser(std::string_view name) override;
  Result<std::vector<User>> ListUsers() override;
  Status DisableUser(std::string_view name, const std::string& actor) override;
  Status SetPasswordHash(std::string_view name, const std::string& password_hash, const std::string& actor) override;
  Status InsertToken(std::string_view name, const std::string& token_sha256, const std::string& label,
                     const std::string& actor) override;
  Result<std::string> PasswordHashOf(std::string_view name) override;
  Result<std::optional<User>> UserOfToken(const std::string& token_sha256) override;
  Status InsertSession(const std::string& id_sha256, const std::string& user_name, const std::string& csrf,
                       std::time_t expires_at, std::time_t now) override;
  Result<std::optional<std::pair<User, std::string>>> SessionUser(const std::string& id_sha256,
                                                                  std::time_t now) override;
  Status DeleteSession(const std::string& id_sha256) override;

  Result<std::vector<std::string>> CheckIntegrity() override;

  internal::Db& db() { return db_; }

 private:
  explicit SqliteCatalog(internal::Db db);
  internal::Db db_;
  std::unique_ptr<KeyingStore> keying_;  // a SqliteKeying (archive/sqlite/keying.h)
  std::unique_ptr<JobQueue> jobs_;       // a SqliteJobQueue (archive/sqlite/jobs.h)

 public:
  ~SqliteCatalog() override;
};

namespace internal {

// The connection of an SQLite catalog, for the SQLite backend's own tests
// (index segments, filters as SQL). A catalog of another backend throws
// std::bad_cast rather than being read as something it is not.
struct CatalogAccess {
  static Db& DbOf(Catalog& catalog) { return dynamic_cast<SqliteCatalog&>(catalog).db(); }
};

// SQL for "now" as ISO 8601 UTC with milliseconds: 2024-03-15T08:12:33.123Z.
#define SOHOA_SQL_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

// Validates and appends one event; the caller owns the transaction, if any.
Status InsertEvent(Db& db, const Event& event);

// What every page of a dossier is also found by (applicant, procedure, field
// values), and rewriting the index rows of the dossier's pages whose words
// (these, the document title, the facets) changed; inside the caller's
// transaction.
Result<std::string> DossierMeta(Db& db, std::int64_t dossier_id);
Status ReindexMeta(Db& db, std::int64_t dossier_id);

// Writes page_search and search_documents (schema 6) for every
// page from the catalog's rows: opening a home of an older schema.
Status RebuildSearchIndex(Db& db);

// Takes a dossier's training example, if any, back out of the classifier's
// counts and deletes it; inside the caller's transaction.
Status ForgetClassifierExample(Db& db, const std::string& dossier_code);

// Writes one entry of a book page and its search row (book_entries,
// book_entry_fields, book_entry_search) with `status` "read" or "verified";
// the caller has removed what stood at its position. Returns its id.
Result<std::int64_t> InsertBookEntry(Db& db, const std::string& book_id, int page,
                                     const BookEntryRecord& entry, const std::string& source_sha256,
                                     const std::string& status);

}  // namespace internal
}  // namespace sohoa::archive
