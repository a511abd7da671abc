// PgCatalog: archive/catalog.h's Catalog on PostgreSQL, each concern an
// object of its own file (store.h, search.h, books.h, registers.h) sharing
// one pool and this catalog's scope.
#include <map>
#include <memory>
#include <mutex>

#include "archive/postgres/books.h"
#include "archive/postgres/catalog.h"
#include "archive/postgres/jobs.h"
#include "archive/postgres/registers.h"
#include "archive/postgres/search.h"
#include "archive/postgres/store.h"

namespace sohoa::archive::postgres {
namespace {

class PgCatalog final : public Catalog {
 public:
  explicit PgCatalog(std::shared_ptr<Pool> pool)
      : pool_(std::move(pool)),
        context_{*pool_, scope_},
        procedures_(*pool_),
        events_(*pool_),
        store_(context_),
        search_(context_),
        books_(context_),
        review_(context_),
        packages_(context_),
        registers_(context_),
        agencies_(context_),
        retention_(context_),
        users_(context_),
        keying_(context_),
        jobs_(context_) {}

  Status ReplaceProcedures(const std::vector<Procedure>& procedures) override {
    return procedures_.ReplaceProcedures(procedures);
  }
  Result<std::vector<Procedure>> Procedures() override { return procedures_.Procedures(); }
  Result<std::optional<Procedure>> FindProcedure(const std::string& code) override {
    return procedures_.FindProcedure(code);
  }

  Result<int> StoreDossier(const DossierRecord& dossier) override { return store_.StoreDossier(dossier); }
  Result<int> StoreDossiers(const std::vector<DossierRecord>& dossiers) override { return store_.StoreDossiers(dossiers); }
  Result<int> StoreDossierUnderLease(const DossierRecord& dossier, const JobLease& lease) override {
    return store_.StoreDossierUnderLease(dossier, lease);
  }
  Result<std::optional<std::string>> FindSource(const std::string& sha256) override { return store_.FindSource(sha256); }
  Status MarkSourceComplete(const std::string& sha256, int dossiers) override { return store_.MarkSourceComplete(sha256, dossiers); }
  Result<std::vector<std::string>> DossiersHoldingSource(const std::string& sha256) override { return store_.DossiersHoldingSource(sha256); }
  Result<std::optional<DossierRecord>> FindDossier(const std::string& code) override { return store_.FindDossier(code); }
  Result<bool> HoldsDossier(const std::string& code) override { return store_.HoldsDossier(code); }
  Result<bool> HoldsDocument(const std::string& identifier) override { return store_.HoldsDocument(identifier); }
  Result<std::vector<ArchivedDocument>> DocumentsOfCitizen(const std::string& citizen_id) override { return store_.DocumentsOfCitizen(citizen_id); }
  Result<std::vector<std::string>> ReferencedBlobs() override { return store_.ReferencedBlobs(); }
  Result<DigitizationReport> Report() override { return store_.Report(); }

  Result<std::vector<SearchHit>> Search(const std::string& query, int limit, int offset) override { return search_.Search(query, limit, offset); }
  Result<int> CompactSearchIndex(int max_steps, const std::function<void(int)>& progress) override { return search_.CompactSearchIndex(max_steps, progress); }
  Result<DossierSearch> SearchDossiers(const std::string& query, int limit, int offset) override { return search_.SearchDossiers(query, limit, offset); }
  Result<std::vector<std::string>> MatchingDossiers(const std::string& query) override { return search_.MatchingDossiers(query); }

  Status StoreBook(const BookRecord& book) override { return books_.StoreBook(book); }
  Result<int> StoreBookPage(const BookPageRecord& page) override { return books_.StoreBookPage(page); }
  Result<std::optional<BookRecord>> FindBook(const std::string& id) override { return books_.FindBook(id); }
  Result<std::vector<BookRecord>> Books() override { return books_.Books(); }
  Result<std::vector<BookEntryRecord>> BookEntries(const std::string& book_id) override { return books_.BookEntries(book_id); }
  Result<std::vector<BookEntryRecord>> SearchBookEntries(const std::string& query, int limit) override { return books_.SearchBookEntries(query, limit); }

  Result<std::vector<ReviewItem>> ReviewQueue() override { return review_.ReviewQueue(); }
  Status CorrectField(const std::string& code, const std::string& name, const std::string& value, const std::string& user) override { return review_.CorrectField(code, name, value, user); }
  Status StoreClassifierExample(const ClassifierExample& example) override { return review_.StoreClassifierExample(example); }
  Result<ClassifierCounts> LoadClassifierCounts() override { return review_.LoadClassifierCounts(); }

  Status AppendEvent(const Event& event) override { return events_.AppendEvent(event); }
  using EventLog::Events;
  Result<std::vector<Event>> Events(const EventFilter& filter) override { return events_.Events(filter); }

  Result<std::vector<Event>> PreservationEventsOf(const std::string& code) override { return packages_.PreservationEventsOf(code); }
  Status LogExports(const std::vector<std::string>& codes, const std::string& actor, const std::string& detail) override { return packages_.LogExports(codes, actor, detail); }
  Result<std::int64_t> LastEventId() override { return packages_.LastEventId(); }
  Status RecordImport(const std::string& code, std::int64_t events_after, const std::vector<Event>& events, const std::string& bag, const std::string& bagging_date, const std::string& actor, const std::string& detail) override { return packages_.RecordImport(code, events_after, events, bag, bagging_date, actor, detail); }

  RegisterStore& registers() override { return registers_; }
  AgencyDirectory& agencies() override { return agencies_; }
  RetentionStore& retention() override { return retention_; }
  UserDirectory& users() override { return users_; }
  KeyingStore& keying() override { return keying_; }
  JobQueue& jobs() override { return jobs_; }

  // PostgreSQL checks its own pages (checksums, WAL); what sohoa can ask is
  // whether the schema's invariants hold: every count the triggers keep.
  Result<std::vector<std::string>> CheckIntegrity() override;

 private:
  std::shared_ptr<Pool> pool_;  // shared with the process's other catalogs on this database
  PgContext context_;
  PgProcedureCatalog procedures_;
  PgEventLog events_;
  PgDossierStore store_;
  PgSearchIndex search_;
  PgBookStore books_;
  PgReviewStore review_;
  PgPackageLog packages_;
  PgRegisterStore registers_;
  PgAgencyDirectory agencies_;
  PgRetentionStore retention_;
  PgUserDirectory users_;
  PgKeying keying_;
  PgJobQueue jobs_;
};

Result<std::vector<std::string>> PgCatalog::CheckIntegrity() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool_->Acquire());
  std::vector<std::string> problems;
  SOHOA_ASSIGN_OR_RETURN(
      Rows documents,
      db->Query("SELECT count(*) FROM documents d WHERE page_count <> "
                "(SELECT count(*) FROM pages p WHERE p.document_id = d.id)"));
  if (documents.Int(0, 0) > 0) {
    problems.push_back(std::to_string(documents.Int(0, 0)) + " documents whose page count is wrong");
  }
  SOHOA_ASSIGN_OR_RETURN(
      Rows dossiers,
      db->Query("SELECT count(*) FROM dossiers s WHERE (paged_documents, paged_results) <> "
                "(SELECT count(*), count(*) FILTER (WHERE kind = 'result') FROM documents d "
                " WHERE d.dossier_id = s.id AND d.page_count > 0)"));
  if (dossiers.Int(0, 0) > 0) {
    problems.push_back(std::to_string(dossiers.Int(0, 0)) + " dossiers whose document counts are wrong");
  }
  return problems;
}

// The pool of every PgCatalog of this process on `url`: `sohoa serve` opens
// a catalog per thread and each ingest worker its own, and connections are
// what a PostgreSQL server has fewest of (each is a server process). The
// pool opens its connections as they are needed, up to `connections`, and
// closes when the last catalog using it does.
Result<std::shared_ptr<Pool>> SharedPool(const std::string& url, const std::string& display, int connections) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<Pool>> pools;
  std::lock_guard<std::mutex> lock(mutex);
  if (std::shared_ptr<Pool> open = pools[url].lock()) return open;
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<Pool> made, Pool::Open(url, display, connections));
  std::shared_ptr<Pool> pool = std::move(made);
  pools[url] = pool;
  return pool;
}

}  // namespace

std::string IsoTime(std::string_view column) {
  return "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string ScopeCondition(const Scope& scope, std::string_view path, std::vector<Param>& params) {
  if (scope.unrestricted()) return "";
  params.emplace_back(TextArray(*scope.agencies));
  return " AND " + std::string(path) + " && $" + std::to_string(params.size()) + "::text[]";
}

Result<std::unique_ptr<Catalog>> OpenPgCatalog(const std::string& url, const std::string& display,
                                               bool create, int connections) {
  SOHOA_ASSIGN_OR_RETURN(std::shared_ptr<Pool> pool, SharedPool(url, display, connections));
  {
    SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool->Acquire());
    if (!create) {
      SOHOA_ASSIGN_OR_RETURN(int version, SchemaVersion(*db));
      if (version == 0) {
        return NotFound("the database " + display + " holds no sohoa catalog yet: run 'sohoa init' to make one");
      }
    }
    SOHOA_RETURN_IF_ERROR(Migrate(*db));
  }
  return std::unique_ptr<Catalog>(std::make_unique<PgCatalog>(std::move(pool)));
}

}  // namespace sohoa::archive::postgres

namespace sohoa::archive {

Result<std::unique_ptr<Catalog>> Catalog::OpenPostgres(const std::string& url, const std::string& display,
                                                       bool create) {
  return postgres::OpenPgCatalog(url, display, create);
}

}  // namespace sohoa::archive
