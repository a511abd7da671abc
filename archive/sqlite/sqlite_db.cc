#include "archive/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace sohoa::archive::internal {

void DbCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void StmtCloser::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

// ---- Stmt ------------------------------------------------------------------

Stmt::Stmt(const Db* db, sqlite3_stmt* borrowed, bool* in_use, StmtPtr owned)
    : db_(db), stmt_(borrowed), in_use_(in_use), owned_(std::move(owned)) {
  if (owned_) stmt_ = owned_.get();
}

Stmt::Stmt(Stmt&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::move(other.owned_)),
      bind_error_(other.bind_error_) {}

Stmt::~Stmt() {
  if (stmt_ == nullptr || owned_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Stmt& Stmt::Bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob bound from a null pointer would read as NULL.
  static const char kEmpty = 0;
  const void* data = bytes.empty() ? &kEmpty : bytes.data();
  int rc = sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Result<bool> Stmt::Step() {
  if (bind_error_ != 0) return db_->Failure(bind_error_);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Failure(rc);
}

Status Stmt::Run() {
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

std::int64_t Stmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Stmt::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Stmt::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Stmt::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  return std::string(static_cast<const char*>(data),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Stmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

// ---- Db --------------------------------------------------------------------

Db::Db(DbPtr db, std::filesystem::path path) : db_(std::move(db)), path_(std::move(path)) {}

Result<Db> Db::Open(const std::filesystem::path& path, bool create) {
  sqlite3* raw = nullptr;
  // One Catalog per thread, so the connection needs no mutex of its own.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    std::string why = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return IoError("cannot open the catalog " + path.string() + " (" + why +
                   "); check that the folder exists and that sohoa may write to it");
  }
  sqlite3_extended_result_codes(db.get(), 1);
  return Db(std::move(db), path);
}

void Db::SetBusyTimeout(int milliseconds) { sqlite3_busy_timeout(db_.get(), milliseconds); }

std::int64_t Db::TotalChanges() const { return sqlite3_total_changes64(db_.get()); }

Status Db::Exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) return Failure(rc);
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Stmt(this, it->second.stmt.get(), &it->second.in_use, nullptr);
  }
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK || raw == nullptr) {
    return Internal("the catalog could not prepare a query (" +
                    std::string(sqlite3_errmsg(db_.get())) +
                    "); this is a bug in sohoa, please report it");
  }
  if (it != cache_.end()) {
    // The cached copy is busy further up the call stack: use a private one.
    return Stmt(this, nullptr, nullptr, std::move(stmt));
  }
  auto [slot, inserted] = cache_.emplace(std::move(key), CachedStmt{std::move(stmt), true});
  (void)inserted;
  return Stmt(this, slot->second.stmt.get(), &slot->second.in_use, nullptr);
}

Result<std::int64_t> Db::QueryInt(std::string_view sql) {
  SOHOA_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
  SOHOA_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("a catalog query returned no row; this is a bug in sohoa");
  return stmt.Int(0);
}

Result<std::string> Db::QueryText(std::string_view sql) {
  SOHOA_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
  SOHOA_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("a catalog query returned no row; this is a bug in sohoa");
  return stmt.Text(0);
}

std::int64_t Db::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }

Status Db::Failure(int rc) const {
  const std::string where = path_.string();
  const std::string detail = sqlite3_errmsg(db_.get());
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable("the catalog " + where +
                         " stayed locked by another sohoa process or thread for too long; "
                         "try again, and look for a stuck sohoa process if it keeps happening");
    case SQLITE_FULL:
      return IoError("the disk holding the catalog " + where +
                     " is full; free some space and try again");
    case SQLITE_IOERR:
      return IoError("disk I/O error on the catalog " + where + " (" + detail +
                     "); check the disk");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Corrupt("the catalog " + where +
                     " is damaged or is not a sohoa catalog; restore it from a backup");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return IoError("cannot write the catalog " + where + " (" + detail +
                     "); check that sohoa may write to the home folder");
    case SQLITE_NOMEM:
      return Unavailable("out of memory while using the catalog " + where);
    case SQLITE_CONSTRAINT:
      // Our triggers' RAISE messages are written for people; other
      // constraint failures mean sohoa let bad data through.
      if (rc == SQLITE_CONSTRAINT_TRIGGER) return InvalidArgument(detail);
      return Internal("the catalog refused inconsistent data (" + detail +
                      "); this is a bug in sohoa, please report it");
    default:
      return Internal("catalog error on " + where + " (" + detail + ")");
  }
}

// ---- Transaction -------------------------------------------------------------

Result<Transaction> Transaction::Begin(Db& db) {
  SOHOA_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Internal("commit of a finished transaction; this is a bug in sohoa");
  Status status = db_->Exec("COMMIT");
  if (!status.ok()) return status;  // the destructor rolls back
  db_ = nullptr;
  return Status::Ok();
}

}  // namespace sohoa::archive::internal
