// A thin owner of an SQLite connection for the archive's .cc files: handles
// with named deleters, cached prepared statements, IMMEDIATE transactions and
// SQLite result codes turned into Status messages a person can act on.
// Internal to archive/: sqlite3.h stays out, the handles are only declared.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "schema/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sohoa::archive::internal {

struct DbCloser {
  void operator()(sqlite3* db) const noexcept;
};
struct StmtCloser {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtCloser>;

class Db;

// One use of a prepared statement. A cached statement is reset and its
// bindings cleared when the Stmt goes away, so it is ready for the next use.
class Stmt {
 public:
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based. A failed bind is reported by the next Step().
  Stmt& Bind(int index, std::int64_t value);
  Stmt& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Stmt& Bind(int index, double value);
  Stmt& Bind(int index, std::string_view text);
  Stmt& BindBlob(int index, std::string_view bytes);
  Stmt& BindNull(int index);

  // True when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps to the end, ignoring any rows.
  Status Run();

  // Columns are 0-based.
  std::int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Db;
  Stmt(const Db* db, sqlite3_stmt* borrowed, bool* in_use, StmtPtr owned);

  const Db* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;  // borrowed from Db's cache, or owned_.get()
  bool* in_use_ = nullptr;        // the cache entry's flag, when borrowed
  StmtPtr owned_;
  int bind_error_ = 0;
};

class Db {
 public:
  // Opens read-write; creates the file when `create`.
  static Result<Db> Open(const std::filesystem::path& path, bool create);

  Db(Db&&) noexcept = default;
  Db& operator=(Db&&) noexcept = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() = default;

  void SetBusyTimeout(int milliseconds);

  // Runs one or more statements that return no rows the caller needs.
  Status Exec(std::string_view sql);

  // Prepares (or reuses) a statement. Returns Internal for SQL that does not
  // compile: that is a bug in sohoa, not something a user can fix.
  Result<Stmt> Prepare(std::string_view sql);

  // The first column of the first row of a query (PRAGMAs, counts).
  Result<std::int64_t> QueryInt(std::string_view sql);
  Result<std::string> QueryText(std::string_view sql);

  std::int64_t LastInsertRowid() const;
  // Rows changed by this connection since it opened (sqlite3_total_changes64).
  std::int64_t TotalChanges() const;

  // Turns an SQLite result code into a Status whose message says what
  // happened and what to do, without SQL text.
  Status Failure(int rc) const;

  const std::filesystem::path& path() const { return path_; }

  // The raw connection, for registering SQL and FTS5 functions
  // (archive/sqlite/search_rank.cc); everything else goes through Prepare.
  sqlite3* handle() const { return db_.get(); }

 private:
  struct CachedStmt {
    StmtPtr stmt;
    bool in_use = false;
  };
  Db(DbPtr db, std::filesystem::path path);

  // Declared before cache_ so that statements are finalized first.
  DbPtr db_;
  std::filesystem::path path_;
  std::unordered_map<std::string, CachedStmt> cache_;
};

// BEGIN IMMEDIATE ... COMMIT. Taking the write lock up front means a writer
// waits on busy_timeout instead of failing when it upgrades a read snapshot.
// Rolls back unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;  // null once committed or rolled back
};

}  // namespace sohoa::archive::internal
