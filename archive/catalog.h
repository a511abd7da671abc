// The SQLite catalog (WAL): procedures, dossiers, documents, pages, fields,
// an FTS5 index over page text, and the append-only event log.
// One Catalog per thread; SQLite serialises writers, WAL lets readers run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/review.h"
#include "schema/dossier.h"
#include "schema/procedure.h"
#include "schema/status.h"

namespace sohoa::archive {

namespace internal {
struct CatalogAccess;  // archive/internal/catalog_impl.h
}

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

class Catalog {
 public:
  // Opens (and migrates) the catalog at `path`; creates it if `create`.
  // Returns NotFound when there is no catalog and !create, Unsupported when
  // the catalog was written by a newer sohoa, InvalidArgument when the file
  // is some other program's SQLite database.
  static Result<std::unique_ptr<Catalog>> Open(const std::filesystem::path& path, bool create);
  ~Catalog();
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
  void SetScope(Scope scope);
  const Scope& scope() const;

  // Replaces the procedure catalog in one transaction.
  Status ReplaceProcedures(const std::vector<Procedure>& procedures);
  Result<std::vector<Procedure>> Procedures();

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
  Result<int> StoreDossier(const DossierRecord& dossier);
  // StoreDossier for many dossiers in one transaction, all or none: one
  // commit (one fsync) for the batch, for bulk loads and imports. Returns
  // the number of documents added.
  Result<int> StoreDossiers(const std::vector<DossierRecord>& dossiers);

  // Is a file with these bytes archived whole? Returns a dossier code
  // holding it when every dossier the file held is stored (MarkSourceComplete)
  // and every document from it has its searchable PDF; nullopt otherwise,
  // also when only some of a stack's dossiers were stored before a crash.
  Result<std::optional<std::string>> FindSource(const std::string& sha256);
  // Records that every dossier of the file with these bytes is stored.
  Status MarkSourceComplete(const std::string& sha256, int dossiers);
  // The dossiers already holding documents from these bytes, each with all
  // of them and their searchable PDFs: what a run resuming a stack skips.
  Result<std::vector<std::string>> DossiersHoldingSource(const std::string& sha256);

  Result<std::optional<DossierRecord>> FindDossier(const std::string& code);

  // Full-text search in the query language of archive/query.h: words,
  // "phrases", -exclusions, prefix*, and code:/procedure:/field:/agency:/
  // cccd:/name:/kind:/received: filters. Case, tone marks and đ are folded;
  // a page matching with the diacritics as typed ranks above one matching
  // only folded, bm25 orders each tier. A dossier code, or a 12-digit number
  // equal to a field value, typed alone also finds its dossier directly,
  // ranked first. Several words found together rank above the same words
  // apart. To bound the cost of common words, each tier ranks its matches in
  // windows of 1,000 pages, newest first (catalog_search.cc); every match is
  // still reachable by offset, in one stable order. A query of filters alone
  // lists the matching dossiers (document and page 0), newest received
  // first. Hits are best first, one per (dossier, document, page): at most
  // `limit` (>= 1) after skipping `offset` (>= 0). InvalidArgument, saying
  // where, for bad query syntax (see ParseQuery) or a bad limit or offset.
  // Blank text finds nothing.
  Result<std::vector<SearchHit>> Search(const std::string& query, int limit, int offset = 0);

  // Merges the search index's segments, a few thousand pages of the index
  // per transaction so that ingest never waits long for the write lock,
  // until one segment is left or `max_steps` transactions ran (0: no
  // limit). Every query starts by looking its words up in each segment:
  // at 1,000,000 pages, after bulk loads, the index had 25 segments and a
  // search by dossier took 3-10 times as long as on one segment
  // (tools/bench/search_bench.sh --compact). `progress`, if given, is called
  // after each step with the steps done. Returns the steps that did work.
  Result<int> CompactSearchIndex(int max_steps = 0,
                                 const std::function<void(int)>& progress = nullptr);

  // Search by dossier: each dossier once, at its best page's place in the
  // order of Search, with the number of its pages that match, and the
  // number of dossiers matching in all. At most `limit` dossiers after
  // skipping `offset`. Errors as Search.
  Result<DossierSearch> SearchDossiers(const std::string& query, int limit, int offset = 0);

  // The codes of every dossier matching `query`, in the language of Search
  // (words, "phrases", -exclude, prefix*, code:/procedure:/field:/agency:/
  // cccd:/name:/kind:/received: filters), sorted by code. An empty query
  // matches every dossier. For export and other whole-set operations.
  Result<std::vector<std::string>> MatchingDossiers(const std::string& query);

  Result<DigitizationReport> Report();

  // Creates the book or, when it exists, fills or replaces its non-empty
  // values (a year of 0 and an unset entries_expected keep the old ones).
  Status StoreBook(const BookRecord& book);
  // Stores one page of a stored book in one transaction, replacing what an
  // earlier scan of the same page read (a verified entry stays, and an OCR
  // entry at its position is dropped), and appends an "ingestion" event
  // for it. Returns the number of entries stored. NotFound for an unknown
  // book; InvalidArgument for a page number < 1 or a duplicate position.
  Result<int> StoreBookPage(const BookPageRecord& page);
  Result<std::optional<BookRecord>> FindBook(const std::string& id);
  // Every book, by id.
  Result<std::vector<BookRecord>> Books();
  // The entries of one book (every book when `book_id` is empty), in book,
  // page and row order.
  Result<std::vector<BookEntryRecord>> BookEntries(const std::string& book_id);
  // Entries whose field values hold every word of `query`, folded like
  // Search (case, tone marks, đ); an exact-diacritic match first. At most
  // `limit` (>= 1).
  Result<std::vector<BookEntryRecord>> SearchBookEntries(const std::string& query, int limit);

  // Review and the learned classifier (catalog_review.cc). Every field value
  // flagged needs_review, oldest dossier first.
  Result<std::vector<ReviewItem>> ReviewQueue();
  // A person's correction of field `name` (any field; "procedure" takes a
  // catalog procedure code, "received_date" an ISO date): replaces the
  // field's values with `value` (source manual, confidence 1, who and when),
  // updates the dossier's own column where there is one, clears the flag and
  // logs a "review" event. NotFound for an unknown dossier, InvalidArgument
  // for an unknown procedure code or a malformed date.
  Status CorrectField(const std::string& code, const std::string& name, const std::string& value,
                      const std::string& user);
  // Adds a dossier's training example, first taking back an earlier one.
  Status StoreClassifierExample(const ClassifierExample& example);
  Result<ClassifierCounts> LoadClassifierCounts();

  // `at` is set by the catalog; an empty actor is "sohoa", an empty outcome
  // "success". Events can never be changed or deleted.
  Status AppendEvent(const Event& event);
  // Oldest first; an empty `object` lists every event.
  Result<std::vector<Event>> Events(const std::string& object);
  // The events matching every set member of `filter`, oldest first.
  // InvalidArgument for a malformed `since` or a negative limit.
  Result<std::vector<Event>> Events(const EventFilter& filter);

  // Missed reuse (catalog_reuse_lookup.cc): the documents of every dossier
  // that holds `citizen_id` as a field value or shows it on one of its
  // pages, by dossier code and number. InvalidArgument unless `citizen_id`
  // is 12 digits.
  Result<std::vector<ArchivedDocument>> DocumentsOfCitizen(const std::string& citizen_id);

  // The sha256 of every blob a catalog row points at (documents' sources and
  // searchable PDFs, dossier page scans, book page scans), distinct and
  // sorted, in lower case.
  Result<std::vector<std::string>> ReferencedBlobs();

  // SQLite's PRAGMA integrity_check of the catalog file: what it found
  // wrong, empty when the file is sound.
  Result<std::vector<std::string>> CheckIntegrity();

 private:
  // The archive's other services (register, rates, reuse, retention,
  // packages) reach the connection through it; nothing outside archive/ can.
  friend struct internal::CatalogAccess;
  struct Impl;
  explicit Catalog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::archive
