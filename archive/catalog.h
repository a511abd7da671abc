// The catalog: procedures, dossiers, documents, pages, fields, the search
// index, books, review, the append-only event log and packages, as one
// interface per concern, on two backends: SQLite (archive/sqlite/, the
// embedded default) and PostgreSQL (archive/postgres/). One Catalog per
// thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/jobs.h"
#include "archive/review.h"
#include "schema/dossier.h"
#include "schema/procedure.h"
#include "schema/status.h"

namespace sohoa::archive {

struct SearchHit {
  std::string dossier_code;
  std::string procedure_code;
  std::string procedure_name;
  std::string applicant;
  std::string received_date;   // ISO, "" when unknown
  // document and page are both 0 for a hit on the dossier itself (the query
  // was its code, or a field value such as a citizen ID).
  int document = 0;            // 1-based document number in the dossier
  int page = 0;                // 1-based page number in the document
  std::string snippet;         // with the hit marked [like this]
  double score = 0;            // higher is better
};

// One dossier of a search: its best hit and how many of its pages match.
struct DossierHit {
  SearchHit best;          // document and page 0: the dossier itself matched
  int matching_pages = 0;  // 0 for a query of filters alone
};

struct DossierSearch {
  // Dossiers matching in all, not only those shown; counted exactly up to
  // kExactTotalUpTo, beyond that `total` is that bound and `total_exact`
  // false ("200+"): an exact count of a common word would cost time in
  // proportion to the archive on every search (counting to 1,000 made a
  // search's p95 at 1,000,000 pages twice as long: tools/bench/api_bench.sh).
  static constexpr std::int64_t kExactTotalUpTo = 200;
  std::int64_t total = 0;
  bool total_exact = true;
  std::vector<DossierHit> hits;
};

struct RateCell {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  // numerator / denominator * 100, or nullopt (N/A) on an empty denominator.
  std::optional<double> percent() const;
};

struct DigitizationReport {
  std::int64_t dossiers = 0;
  std::int64_t documents = 0;
  std::int64_t pages = 0;
  std::int64_t unclassified = 0;      // dossiers without a procedure
  RateCell digitization;              // over what the home knows
  struct ByProcedure {
    std::string procedure_code;
    std::string procedure_name;
    std::string field;
    RateCell digitization;
  };
  std::vector<ByProcedure> by_procedure;
};

struct Event {
  std::string type;         // "ingestion", "quarantine", "view", ...
  std::string object;       // dossier code or file name
  std::string actor;        // user name, or "sohoa"
  std::string outcome;      // "success" | "failure"
  std::string detail;
  std::string at;           // ISO 8601 UTC, filled by the catalog
};

// Which events Catalog::Events(filter) lists; empty members match anything.
// Every member has a default so designated initializers may name only some.
struct EventFilter {
  std::string object{};
  std::string actor{};
  std::string type{};
  // Events at or after this ISO 8601 UTC date or time: "2024-03-15" or
  // "2024-03-15T08:00:00Z".
  std::string since{};
  // Only the newest `limit` of the matching events; 0 is no limit.
  int limit{0};
};

// A civil-status register book (sổ đăng ký hộ tịch).
struct BookRecord {
  std::string id;
  std::string type;  // khai_sinh | ket_hon | khai_tu | "" unknown
  std::string commune, agency_code;
  std::string volume;  // "01"
  int year = 0;        // 0 when unknown
  std::optional<int> entries_expected;
  std::string title;  // the page header as read
};

// One registration in a book: its fields (no, registered, name, dob, sex,
// birthplace, mother, father, ... as the book's columns name them).
struct BookEntryRecord {
  std::int64_t id = 0;  // the catalog's, 0 before it is stored
  std::string book_id;
  int page = 0;      // 1-based page of the book
  int position = 0;  // 1-based row on the page
  std::string number;  // the entry number as printed ("" when unread)
  struct Field {
    std::string name, value;
    float confidence = 0;
  };
  std::vector<Field> fields;
  float confidence = 0;  // the lowest of its fields
  std::string source_sha256;
  // "read": as OCR read it, nobody checked it; "verified": keyed by clerks
  // and agreed or decided (archive/keying.h).
  std::string status = "read";

  // The value of field `name`, "" when absent.
  std::string Get(std::string_view name) const;
};

// One scanned page of a book and the entries read on it.
struct BookPageRecord {
  std::string book_id;
  int number = 0;  // 1-based page of the book
  std::string image_sha256, source_name;
  int source_page = 0;  // 0-based page inside the scan file (a PDF holds many)
  std::string header;
  float confidence = 0;
  float skew_degrees = 0;
  int dpi = 0, width = 0, height = 0;
  std::vector<BookEntryRecord> entries;  // book_id, page and source_sha256 are taken from the page
};

// An archived document as missed-reuse detection compares it
// (Catalog::DocumentsOfCitizen).
struct ArchivedDocument {
  std::string identifier;   // "<dossier code>.<n>" (TT 02/2019 file naming)
  std::string dossier_code;
  int number = 0;           // 1-based in its dossier
  std::string kind;
  std::string reused_from;  // "" unless it is itself a re-scan
  std::vector<std::string> page_texts;          // in page order
  std::vector<std::string> page_image_sha256s;  // in page order
};

// Which agencies' dossiers a Catalog shows. Everything, by default: the
// command line on the server is run by those who hold the home's files
// anyway. A network user sees only the agencies of their scope, each with
// every agency under it in the code tree (000.00.22.H32 covers
// 000.31.22.H32, schema/agency.h).
struct Scope {
  // nullopt: every agency; otherwise the agency codes covered (an empty
  // list covers nothing).
  std::optional<std::vector<std::string>> agencies{};

  static Scope Everything() { return {}; }
  static Scope Of(std::vector<std::string> codes) { return Scope{std::move(codes)}; }
  bool unrestricted() const { return !agencies.has_value(); }
  // Does the scope cover a dossier received by `agency_code`? For a dossier
  // whose agency is unknown, pass the agency its code names.
  bool Covers(std::string_view agency_code) const;
};

// The procedure catalog the classifier and the rates read.
class ProcedureCatalog {
 public:
  virtual ~ProcedureCatalog() = default;
  // Replaces the procedure catalog in one transaction.
  virtual Status ReplaceProcedures(const std::vector<Procedure>& procedures) = 0;
  virtual Result<std::vector<Procedure>> Procedures() = 0;
  // One procedure by code (its retention included), nullopt when unknown.
  virtual Result<std::optional<Procedure>> FindProcedure(const std::string& code) = 0;
};

// Dossiers, their documents and pages, and the files they came from.
class DossierStore {
 public:
  virtual ~DossierStore() = default;
  // Stores a whole dossier in one transaction. If a dossier with this code
  // exists, its new documents are appended (a document whose source blob is
  // already in the dossier is skipped, though a searchable PDF it lacks is
  // filled in from the new one). Returns the number of documents added.
  // On a stored dossier, non-empty values fill or replace the old ones, the
  // procedure changes only for an equal or higher procedure_confidence, and
  // field values are added (name + value pairs already known are kept).
  // Appends an "ingestion" event. Page numbers must be unique and >= 1.
  // A document with reused_from is recorded as a missed reuse (a 'missed'
  // reuse row with its reuse_evidence, and a "reuse" event); it must name
  // an archived document of another dossier, else InvalidArgument.
  virtual Result<int> StoreDossier(const DossierRecord& dossier) = 0;
  // StoreDossier for many dossiers in one transaction, all or none: one
  // commit (one fsync) for the batch, for bulk loads and imports. Returns
  // the number of documents added.
  virtual Result<int> StoreDossiers(const std::vector<DossierRecord>& dossiers) = 0;
  // StoreDossier for a worker of the job queue (archive/jobs.h) whose claim
  // is `lease`: the dossier is stored only if that lease still holds its job,
  // checked inside the dossier's transaction, which also keeps the job from
  // being taken back by a Claim until it ends. A worker whose lease ran out
  // and was taken by another (who stores the same dossier from the same
  // bytes) thus stores nothing: FailedPrecondition, as JobQueue::Renew says.
  // This is the queue's exactly-once effect (docs/architecture.md, "Beyond
  // one machine").
  virtual Result<int> StoreDossierUnderLease(const DossierRecord& dossier, const JobLease& lease) = 0;
  // Is a file with these bytes archived whole? Returns a dossier code
  // holding it when every dossier the file held is stored (MarkSourceComplete)
  // and every document from it has its searchable PDF; nullopt otherwise,
  // also when only some of a stack's dossiers were stored before a crash.
  virtual Result<std::optional<std::string>> FindSource(const std::string& sha256) = 0;
  // Records that every dossier of the file with these bytes is stored.
  virtual Status MarkSourceComplete(const std::string& sha256, int dossiers) = 0;
  // The dossiers already holding documents from these bytes, each with all
  // of them and their searchable PDFs: what a run resuming a stack skips.
  virtual Result<std::vector<std::string>> DossiersHoldingSource(const std::string& sha256) = 0;
  virtual Result<std::optional<DossierRecord>> FindDossier(const std::string& code) = 0;
  // Does the home hold this dossier, whatever the scope? (An import must
  // not store again what is held, even out of its importer's sight.)
  virtual Result<bool> HoldsDossier(const std::string& code) = 0;
  // Does the home hold document "<dossier code>.<n>", whatever the scope?
  virtual Result<bool> HoldsDocument(const std::string& identifier) = 0;
  // Missed reuse (archive/sqlite/reuse_lookup.cc): the documents of every dossier
  // that holds `citizen_id` as a field value or shows it on one of its
  // pages, by dossier code and number. InvalidArgument unless `citizen_id`
  // is 12 digits.
  virtual Result<std::vector<ArchivedDocument>> DocumentsOfCitizen(const std::string& citizen_id) = 0;
  // The sha256 of every blob a catalog row points at (documents' sources and
  // searchable PDFs, dossier page scans, book page scans, and the input of
  // every job not done: archive/jobs.h), distinct and sorted, in lower case.
  virtual Result<std::vector<std::string>> ReferencedBlobs() = 0;

  // Dossiers, documents and pages in all and per procedure.
  virtual Result<DigitizationReport> Report() = 0;
};

// Search over page text, fields and filters (the language of archive/query.h).
class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Full-text search in the query language of archive/query.h: words,
  // "phrases", -exclusions, prefix*, and code:/procedure:/field:/agency:/
  // cccd:/name:/kind:/received: filters. Case, tone marks and đ are folded;
  // a page matching with the diacritics as typed ranks above one matching
  // only folded, bm25 orders each tier. A dossier code, or a 12-digit number
  // equal to a field value, typed alone also finds its dossier directly,
  // ranked first. Several words found together rank above the same words
  // apart. To bound the cost of common words, each tier ranks its matches in
  // windows of 1,000 pages, newest first (archive/sqlite/search.cc); every match is
  // still reachable by offset, in one stable order. A query of filters alone
  // lists the matching dossiers (document and page 0), newest received
  // first. Hits are best first, one per (dossier, document, page): at most
  // `limit` (>= 1) after skipping `offset` (>= 0). InvalidArgument, saying
  // where, for bad query syntax (see ParseQuery) or a bad limit or offset.
  // Blank text finds nothing.
  virtual Result<std::vector<SearchHit>> Search(const std::string& query, int limit, int offset = 0) = 0;
  // Merges the search index's segments, a few thousand pages of the index
  // per transaction so that ingest never waits long for the write lock,
  // until one segment is left or `max_steps` transactions ran (0: no
  // limit). Every query starts by looking its words up in each segment:
  // at 1,000,000 pages, after bulk loads, the index had 25 segments and a
  // search by dossier took 3-10 times as long as on one segment
  // (tools/bench/search_bench.sh --compact). `progress`, if given, is called
  // after each step with the steps done. Returns the steps that did work.
  virtual Result<int> CompactSearchIndex(int max_steps = 0,
                                 const std::function<void(int)>& progress = nullptr) = 0;
  // Search by dossier: each dossier once, at its best page's place in the
  // order of Search, with the number of its pages that match, and the
  // number of dossiers matching in all. At most `limit` dossiers after
  // skipping `offset`. Errors as Search.
  virtual Result<DossierSearch> SearchDossiers(const std::string& query, int limit, int offset = 0) = 0;
  // The codes of every dossier matching `query`, in the language of Search
  // (words, "phrases", -exclude, prefix*, code:/procedure:/field:/agency:/
  // cccd:/name:/kind:/received: filters), sorted by code. An empty query
  // matches every dossier. For export and other whole-set operations.
  virtual Result<std::vector<std::string>> MatchingDossiers(const std::string& query) = 0;
};

// Civil-status register books and their entries.
class BookStore {
 public:
  virtual ~BookStore() = default;
  // Creates the book or, when it exists, fills or replaces its non-empty
  // values (a year of 0 and an unset entries_expected keep the old ones).
  virtual Status StoreBook(const BookRecord& book) = 0;
  // Stores one page of a stored book in one transaction, replacing what an
  // earlier scan of the same page read (a verified entry stays, and an OCR
  // entry at its position is dropped), and appends an "ingestion" event
  // for it. Returns the number of entries stored. NotFound for an unknown
  // book; InvalidArgument for a page number < 1 or a duplicate position.
  virtual Result<int> StoreBookPage(const BookPageRecord& page) = 0;
  virtual Result<std::optional<BookRecord>> FindBook(const std::string& id) = 0;
  // Every book, by id.
  virtual Result<std::vector<BookRecord>> Books() = 0;
  // The entries of one book (every book when `book_id` is empty), in book,
  // page and row order.
  virtual Result<std::vector<BookEntryRecord>> BookEntries(const std::string& book_id) = 0;
  // Entries whose field values hold every word of `query`, folded like
  // Search (case, tone marks, đ); an exact-diacritic match first. At most
  // `limit` (>= 1).
  virtual Result<std::vector<BookEntryRecord>> SearchBookEntries(const std::string& query, int limit) = 0;
};

// Review of uncertain fields and the learned classifier.
class ReviewStore {
 public:
  virtual ~ReviewStore() = default;
  // Review and the learned classifier (archive/sqlite/review.cc). Every field value
  // flagged needs_review, oldest dossier first.
  virtual Result<std::vector<ReviewItem>> ReviewQueue() = 0;
  // A person's correction of field `name` (any field; "procedure" takes a
  // catalog procedure code, "received_date" an ISO date): replaces the
  // field's values with `value` (source manual, confidence 1, who and when),
  // updates the dossier's own column where there is one, clears the flag and
  // logs a "review" event. NotFound for an unknown dossier, InvalidArgument
  // for an unknown procedure code or a malformed date.
  virtual Status CorrectField(const std::string& code, const std::string& name, const std::string& value,
                      const std::string& user) = 0;
  // Adds a dossier's training example, first taking back an earlier one.
  virtual Status StoreClassifierExample(const ClassifierExample& example) = 0;
  virtual Result<ClassifierCounts> LoadClassifierCounts() = 0;
};

// The append-only event log (PREMIS events in packages).
class EventLog {
 public:
  virtual ~EventLog() = default;
  // `at` is set by the catalog; an empty actor is "sohoa", an empty outcome
  // "success". Events can never be changed or deleted.
  virtual Status AppendEvent(const Event& event) = 0;
  // The events matching every set member of `filter`, oldest first.
  // InvalidArgument for a malformed `since` or a negative limit.
  virtual Result<std::vector<Event>> Events(const EventFilter& filter) = 0;
  // Oldest first; an empty `object` lists every event.
  Result<std::vector<Event>> Events(const std::string& object) { return Events(EventFilter{.object = object}); }
};

// What packages (archive/package.h) record in the event log and read from
// it: a dossier's preservation history, exports, and imports with the
// history their bag brought.
class PackageLog {
 public:
  virtual ~PackageLog() = default;
  // The dossier's preservation history, oldest first: its events (ingestion,
  // message digest calculation, format identification, OCR, classification,
  // review, reuse, ...) and the latest whole-store fixity check since its
  // first event (a sample check may not have read its files). Left out:
  // exports and imports (the package's own movement), what storing it from a
  // bag logged, and views and downloads (access, not preservation; who
  // looked at a citizen's dossier stays in this home's log). `object` is
  // the dossier's code, or "blobs" for the fixity check.
  virtual Result<std::vector<Event>> PreservationEventsOf(const std::string& code) = 0;
  // One "export" event per code, in one transaction.
  virtual Status LogExports(const std::vector<std::string>& codes, const std::string& actor,
                            const std::string& detail) = 0;
  // The id of the newest event, 0 for none: taken just before an import
  // stores a dossier, so that what the storing logs can be told apart.
  virtual Result<std::int64_t> LastEventId() = 0;
  // Right after StoreDossier stored `code` from a bag, in one transaction:
  // which events the storing logged (those after `events_after`), the bag's
  // events with their original times (`at` kept, `object` ignored), and an
  // "import" event.
  virtual Status RecordImport(const std::string& code, std::int64_t events_after, const std::vector<Event>& events,
                              const std::string& bag, const std::string& bagging_date, const std::string& actor,
                              const std::string& detail) = 0;
};

class RegisterStore;    // archive/rates.h
class AgencyDirectory;  // archive/agencies.h
class RetentionStore;   // archive/retention.h
class UserDirectory;    // archive/users.h
class KeyingStore;      // archive/keying.h
class JobQueue;         // archive/jobs.h

// A home's catalog: every concern above, behind one object per thread.
class Catalog : public ProcedureCatalog,
                public DossierStore,
                public SearchIndex,
                public BookStore,
                public ReviewStore,
                public EventLog,
                public PackageLog {
 public:
  // Opens (and migrates) the SQLite catalog file at `path`, the embedded
  // backend (archive/sqlite/); creates it if `create`. Returns NotFound when
  // there is no catalog and !create, Unsupported when the catalog was
  // written by a newer sohoa, InvalidArgument when the file is some other
  // program's SQLite database. A home's catalog, whichever backend it is
  // on, is opened by OpenCatalog (archive/storage.h).
  static Result<std::unique_ptr<Catalog>> Open(const std::filesystem::path& path, bool create);
  // Opens (and migrates) the PostgreSQL catalog at libpq URI `url`
  // (archive/postgres/); makes a database sohoa never wrote a catalog only
  // if `create`, else NotFound. `display` names it without its password.
  static Result<std::unique_ptr<Catalog>> OpenPostgres(const std::string& url, const std::string& display,
                                                       bool create);
  Catalog() = default;
  ~Catalog() override = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // Restricts every read that follows to the dossiers (and books, register
  // rows, review items and report figures) of `scope`'s agencies: Search,
  // SearchDossiers (hits and totals), MatchingDossiers, FindDossier,
  // DocumentsOfCitizen, Report, ReviewQueue, CorrectField, the books and
  // their entries, and the rates, backlog and packages of
  // archive/rates.h and archive/package.h. A dossier outside the scope reads
  // as one that does not exist. Writes are not restricted. A server sets
  // the scope of each request before it reads anything.
  void SetScope(Scope scope) { scope_ = std::move(scope); }
  const Scope& scope() const { return scope_; }

  // The one-stop register, the rates and the civil-status backlog
  // (archive/rates.h).
  virtual RegisterStore& registers() = 0;
  // The names of the agencies (archive/agencies.h).
  virtual AgencyDirectory& agencies() = 0;
  // Retention periods and deletions (archive/retention.h).
  virtual RetentionStore& retention() = 0;
  // Users, tokens and sessions (archive/users.h).
  virtual UserDirectory& users() = 0;
  // Keying register books by hand (archive/keying.h).
  virtual KeyingStore& keying() = 0;
  // The queue of work for `sohoa worker` (archive/jobs.h).
  virtual JobQueue& jobs() = 0;

  // The backend's own check of its storage (SQLite's PRAGMA
  // integrity_check): what it found wrong, empty when sound.
  virtual Result<std::vector<std::string>> CheckIntegrity() = 0;

 protected:
  Scope scope_;  // read by every backend's reads
};

}  // namespace sohoa::archive
