// SqliteCatalog: opening, schema migrations, the procedure catalog and the
// event log. Storing and finding dossiers, search and reports live in
// store.cc, search.cc and report.cc beside it.
#include "archive/catalog.h"

#include <map>
#include <set>
#include <system_error>

#include "archive/internal/catalog_checks.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/jobs.h"
#include "archive/sqlite/keying.h"
#include "archive/sqlite/scope_sql.h"
#include "archive/sqlite/search_rank.h"
#include "archive/sqlite/search_tokenizer.h"
#include "schema/migrations.h"
#include "schema/date.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using internal::Db;
using internal::Stmt;
using internal::Transaction;

// "SOHO": marks the file as a sohoa catalog (PRAGMA application_id), so an
// unrelated SQLite file is never migrated by mistake.
constexpr std::int64_t kApplicationId = 0x534F484F;

// A writer waits this long for another writer before giving up. Storing a
// large dossier takes well under a second, so 30 s means something is stuck.
constexpr int kBusyTimeoutMs = 30000;

Status NewerSchema(const fs::path& path, std::int64_t found) {
  return Unsupported(path.string() + ": this home was written by a newer sohoa (schema " +
                     std::to_string(found) + ", this binary knows " +
                     std::to_string(LatestCatalogVersion()) + "): upgrade sohoa");
}

Status NotACatalog(const fs::path& path) {
  return InvalidArgument(path.string() +
                         " is an SQLite database of another program, not a sohoa catalog; "
                         "choose another home folder");
}

Status CheckIdentity(Db& db) {
  SOHOA_ASSIGN_OR_RETURN(std::int64_t application_id, db.QueryInt("PRAGMA application_id"));
  SOHOA_ASSIGN_OR_RETURN(std::int64_t version, db.QueryInt("PRAGMA user_version"));
  if (application_id != 0 && application_id != kApplicationId) return NotACatalog(db.path());
  if (application_id == 0) {
    SOHOA_ASSIGN_OR_RETURN(std::int64_t objects, db.QueryInt("SELECT count(*) FROM sqlite_schema"));
    if (objects > 0 || version != 0) return NotACatalog(db.path());
  }
  if (version > LatestCatalogVersion()) return NewerSchema(db.path(), version);
  return Status::Ok();
}

// WAL lets searches and reports read while ingest writes.
// synchronous=FULL rather than NORMAL: in WAL mode NORMAL may lose the last
// commits on power loss, and ingest deletes a scan from work/ as soon as its
// commit returns, so a lost commit would be a lost dossier. FULL costs one
// fsync per transaction, i.e. per dossier, which is nothing next to OCR.
Status ConfigureConnection(Db& db) {
  SOHOA_ASSIGN_OR_RETURN(std::string mode, db.QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") {
    return IoError(db.path().string() +
                   ": the catalog cannot use write-ahead logging here (journal mode stays '" +
                   mode + "'); keep the home on a local disk, not a network share");
  }
  return db.Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
}

// Writes the whole procedure catalog; the caller owns the transaction.
// A procedure imported without a retention keeps the one set before (by
// `sohoa retention set` or an earlier import): a catalog refresh from the
// national database must not erase the archive's retention decisions.
Status WriteProcedures(Db& db, const std::vector<Procedure>& procedures) {
  std::map<std::string, std::string> kept_retention;
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt select,
                           db.Prepare("SELECT code, retention FROM procedures WHERE retention <> ''"));
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      kept_retention[select.Text(0)] = select.Text(1);
    }
  }
  SOHOA_RETURN_IF_ERROR(db.Exec("DELETE FROM procedures"));
  std::int64_t position = 0;
  for (const Procedure& p : procedures) {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt insert,
        db.Prepare(
            "INSERT INTO procedures (code, position, name, field, level, form_titles, "
            "result_titles, requires_paper_result, code_status, retention) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    const auto kept = kept_retention.find(p.code);
    const std::string& retention =
        p.retention.empty() && kept != kept_retention.end() ? kept->second : p.retention;
    insert.Bind(1, p.code)
        .Bind(2, ++position)
        .Bind(3, p.name)
        .Bind(4, p.field)
        .Bind(5, p.level)
        .Bind(6, internal::JoinTitles(p.form_titles))
        .Bind(7, internal::JoinTitles(p.result_titles))
        .Bind(8, p.requires_paper_result ? 1 : 0)
        .Bind(9, p.code_status)
        .Bind(10, retention);
    SOHOA_RETURN_IF_ERROR(insert.Run());
  }
  return Status::Ok();
}

// The schema whose full-text index (0006_search_index.sql) is written by C++.
constexpr std::int64_t kSearchIndexVersion = 6;

// Brings the schema up to LatestCatalogVersion() in one transaction; a
// fresh catalog also gets the built-in procedure catalog.
Status Migrate(Db& db) {
  const int latest = LatestCatalogVersion();
  SOHOA_ASSIGN_OR_RETURN(std::int64_t version, db.QueryInt("PRAGMA user_version"));
  if (version == latest) return Status::Ok();

  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  // Another process may have migrated while we waited for the write lock.
  SOHOA_ASSIGN_OR_RETURN(version, db.QueryInt("PRAGMA user_version"));
  if (version > latest) return NewerSchema(db.path(), version);
  if (version == latest) return tx.Commit();

  for (const Migration& m : CatalogMigrations()) {
    if (m.version <= version) continue;
    Status applied = db.Exec(m.sql);
    if (!applied.ok()) {
      return applied.WithContext("upgrading the catalog " + db.path().string() + " to schema " +
                                 std::to_string(m.version) + " (" + std::string(m.name) + ")");
    }
  }
  // Schema 6 made the full-text index from C++ (the tokenizer, the dossier's
  // words, the facets): an older home's pages are indexed again here.
  if (version > 0 && version < kSearchIndexVersion) {
    SOHOA_RETURN_IF_ERROR(internal::RebuildSearchIndex(db).WithContext(
        "indexing the pages of " + db.path().string() + " for schema " +
        std::to_string(kSearchIndexVersion)));
  }
  if (version == 0) {
    SOHOA_RETURN_IF_ERROR(db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId)));
    SOHOA_RETURN_IF_ERROR(
        internal::CheckProcedures(BuiltinProcedures()).WithContext("built-in procedure catalog"));
    SOHOA_RETURN_IF_ERROR(WriteProcedures(db, BuiltinProcedures()));
  }
  SOHOA_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(latest)));
  return tx.Commit();
}

}  // namespace

Status internal::InsertEvent(Db& db, const Event& event) {
  SOHOA_ASSIGN_OR_RETURN(const std::string outcome, internal::CheckEvent(event));
  SOHOA_ASSIGN_OR_RETURN(Stmt insert,
                         db.Prepare("INSERT INTO events (at, type, object, actor, outcome, detail) "
                                    "VALUES (" SOHOA_SQL_NOW ", ?1, ?2, ?3, ?4, ?5)"));
  insert.Bind(1, event.type)
      .Bind(2, event.object)
      .Bind(3, event.actor.empty() ? "sohoa" : event.actor)
      .Bind(4, outcome)
      .Bind(5, event.detail);
  return insert.Run();
}

SqliteCatalog::SqliteCatalog(internal::Db db)
    : db_(std::move(db)), keying_(std::make_unique<SqliteKeying>(*this)), jobs_(std::make_unique<SqliteJobQueue>(*this)) {}
SqliteCatalog::~SqliteCatalog() = default;

KeyingStore& SqliteCatalog::keying() { return *keying_; }
JobQueue& SqliteCatalog::jobs() { return *jobs_; }

Result<std::unique_ptr<Catalog>> Catalog::Open(const fs::path& path, bool create) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<SqliteCatalog> catalog, SqliteCatalog::Open(path, create));
  return std::unique_ptr<Catalog>(std::move(catalog));
}

Result<std::unique_ptr<SqliteCatalog>> SqliteCatalog::Open(const fs::path& path, bool create) {
  std::error_code ec;
  if (!create && !fs::exists(path, ec)) {
    return NotFound(
        "no sohoa catalog at " + path.string() +
        "; create the home with `sohoa init`, or point --home / SOHOA_HOME at an existing one");
  }
  SOHOA_ASSIGN_OR_RETURN(Db db, Db::Open(path, create));
  db.SetBusyTimeout(kBusyTimeoutMs);
  SOHOA_RETURN_IF_ERROR(CheckIdentity(db));
  SOHOA_RETURN_IF_ERROR(ConfigureConnection(db));
  // The index's tokenizer must be known before the schema is read or migrated.
  SOHOA_RETURN_IF_ERROR(internal::RegisterSearchTokenizer(db));
  SOHOA_RETURN_IF_ERROR(internal::RegisterSearchRank(db));
  SOHOA_RETURN_IF_ERROR(Migrate(db));
  std::unique_ptr<SqliteCatalog> catalog(new SqliteCatalog(std::move(db)));
  SOHOA_RETURN_IF_ERROR(internal::RegisterScopeFunction(catalog->db_, &catalog->scope_));
  return catalog;
}

Status SqliteCatalog::ReplaceProcedures(const std::vector<Procedure>& procedures) {
  SOHOA_RETURN_IF_ERROR(internal::CheckProcedures(procedures).WithContext("procedure catalog"));
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(WriteProcedures(db, procedures));
  Event event;
  event.type = "catalog import";
  event.object = "procedures";
  event.detail = std::to_string(procedures.size()) + " procedures";
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  return tx.Commit();
}

namespace {

constexpr const char* kProcedureColumns =
    "SELECT code, name, field, level, form_titles, result_titles, requires_paper_result, code_status, retention "
    "FROM procedures ";

Procedure ReadProcedure(const Stmt& row) {
  Procedure p;
  p.code = row.Text(0);
  p.name = row.Text(1);
  p.field = row.Text(2);
  p.level = row.Text(3);
  p.form_titles = internal::SplitTitles(row.Text(4));
  p.result_titles = internal::SplitTitles(row.Text(5));
  p.requires_paper_result = row.Int(6) != 0;
  p.code_status = row.Text(7);
  p.retention = row.Text(8);
  return p;
}

}  // namespace

Result<std::vector<Procedure>> SqliteCatalog::Procedures() {
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare(std::string(kProcedureColumns) + "ORDER BY position, code"));
  std::vector<Procedure> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back(ReadProcedure(select));
  }
  return out;
}

Result<std::optional<Procedure>> SqliteCatalog::FindProcedure(const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare(std::string(kProcedureColumns) + "WHERE code = ?1"));
  select.Bind(1, code);
  SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<Procedure>();
  return std::optional<Procedure>(ReadProcedure(select));
}

Status SqliteCatalog::AppendEvent(const Event& event) { return internal::InsertEvent(db_, event); }

Result<std::vector<Event>> SqliteCatalog::Events(const EventFilter& filter) {
  SOHOA_RETURN_IF_ERROR(internal::CheckEventFilter(filter));
  // Only the set members become conditions, so each combination is one
  // cached statement; the values are always bound, never spliced.
  std::string where = " WHERE 1";
  if (!filter.object.empty()) where += " AND object = ?1";
  if (!filter.actor.empty()) where += " AND actor = ?2";
  if (!filter.type.empty()) where += " AND type = ?3";
  if (!filter.since.empty()) where += " AND at >= ?4";
  std::string sql = "SELECT id, type, object, actor, outcome, detail, at FROM events" + where;
  if (filter.limit > 0) sql = "SELECT * FROM (" + sql + " ORDER BY id DESC LIMIT ?5)";
  sql += " ORDER BY id";
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare(sql));
  if (!filter.object.empty()) select.Bind(1, filter.object);
  if (!filter.actor.empty()) select.Bind(2, filter.actor);
  if (!filter.type.empty()) select.Bind(3, filter.type);
  if (!filter.since.empty()) select.Bind(4, filter.since);
  if (filter.limit > 0) select.Bind(5, filter.limit);
  std::vector<Event> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    Event e;
    e.type = select.Text(1);
    e.object = select.Text(2);
    e.actor = select.Text(3);
    e.outcome = select.Text(4);
    e.detail = select.Text(5);
    e.at = select.Text(6);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<std::string>> SqliteCatalog::ReferencedBlobs() {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db_.Prepare("SELECT lower(sha) AS s FROM ("
                        "SELECT source_sha256 AS sha FROM documents "
                        "UNION SELECT pdf_sha256 FROM documents "
                        "UNION SELECT image_sha256 FROM pages "
                        "UNION SELECT image_sha256 FROM book_pages "
                        "UNION SELECT source_sha256 FROM book_entries "
                        // A queued entry's blob, until its job is done (schema 12).
                        "UNION SELECT blob FROM jobs WHERE blob <> '' AND state <> 'done') "
                        "WHERE sha <> '' GROUP BY s ORDER BY s"));
  std::vector<std::string> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back(select.Text(0));
  }
  return out;
}

Result<std::vector<std::string>> SqliteCatalog::CheckIntegrity() {
  std::vector<std::string> problems;
  auto check = db_.Prepare("PRAGMA integrity_check");
  if (!check.ok()) return std::vector<std::string>{"the check could not start: " + check.status().message()};
  while (true) {
    // Damage bad enough stops the check itself: that is its finding too.
    auto row = check->Step();
    if (!row.ok()) {
      problems.push_back("the check stopped: " + row.status().message());
      break;
    }
    if (!*row) break;
    if (check->Text(0) != "ok") problems.push_back(check->Text(0));
  }
  return problems;
}

}  // namespace sohoa::archive
