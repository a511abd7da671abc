// Moving a home's catalog from its SQLite file into PostgreSQL (`sohoa
// migrate --to postgresql://...`): every table copied with its ids, events
// included, in batches that each commit together with their progress, so
// that a run killed at any moment loses nothing and the next one goes on
// where it stopped; then the search index built on the target; then every
// table read back from both catalogs in key order and compared, row counts
// and a SHA-256 over every row. Only a verified migration points the home's
// sohoa.toml at the new catalog; the SQLite file is left as it was, the way
// back. The blobs stay where they are.
//
// This file is backend-neutral: the SQLite catalog is read through a
// MigrationSource (archive/sqlite/table_rows.cc) and PostgreSQL written
// through a MigrationTarget (archive/postgres/table_rows.cc).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/home.h"
#include "schema/status.h"

namespace sohoa::archive {

// One value as both catalogs are read, for copying and for comparing, so
// that the same row reads the same from either:
//   integers   in decimal;
//   reals      the shortest text of the target column's precision
//              (PostgreSQL's `real` holds 4 bytes: 0.873456789 is kept as
//              0.8734568, and both sides read so);
//   flags      "0" or "1";
//   times      ISO 8601 UTC with milliseconds, as the SQLite catalog writes
//              them (2024-03-15T08:12:33.123Z); an empty time is NULL;
//   bytes      lower-case hex;
//   text       as it is.
// nullopt is SQL NULL.
using MigrationValue = std::optional<std::string>;
using MigrationRow = std::vector<MigrationValue>;

enum class ColumnKind { kInteger, kReal, kDouble, kFlag, kTime, kBytes, kText };

struct MigrationColumn {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
};

// A table as it is copied: the columns both catalogs hold, in the target's
// order, and its primary key. Rows are read in the key's order, text
// compared byte by byte (SQLite's BINARY, PostgreSQL's "C").
struct MigrationTable {
  std::string name;
  std::vector<MigrationColumn> columns;
  std::vector<int> key;  // indexes into `columns`, in the key's order

  MigrationRow KeyOf(const MigrationRow& row) const;
  // "id=42", "(entry_id=7, name=ho_ten)": a key for a person to look up.
  std::string KeyText(const MigrationRow& key_values) const;
};

// A table's or column's name as both catalogs' SQL quotes it: "name".
std::string QuotedName(std::string_view name);

// The rows of one table in key order, a batch at a time.
class RowCursor {
 public:
  virtual ~RowCursor() = default;
  // Up to `limit` more rows; none once every row was read.
  virtual Result<std::vector<MigrationRow>> Next(int limit) = 0;
};

// The SQLite catalog being moved.
class MigrationSource {
 public:
  virtual ~MigrationSource() = default;
  // Which catalog this is, as the target records it: "sqlite:" and the
  // absolute path of the file.
  virtual const std::string& identity() const = 0;
  // The tables holding the catalog, each with its columns' names. Not the
  // tables of its own search index (FTS5 and what only it reads): the target
  // builds its index its own way.
  virtual Result<std::vector<std::pair<std::string, std::vector<std::string>>>> Tables() = 0;
  virtual Result<std::int64_t> Count(const MigrationTable& table) = 0;
  // The rows after the key `after` (all of them for nullopt).
  virtual Result<std::unique_ptr<RowCursor>> Rows(const MigrationTable& table,
                                                  const std::optional<MigrationRow>& after) = 0;
};

// A table of the target, as rows may be written to it.
struct TargetTable {
  std::string name;
  std::vector<MigrationColumn> columns;  // those a row may set: not generated ones, nor
                                         // kinds no SQLite catalog holds (tsvector, arrays)
  std::vector<std::string> key;          // the primary key's columns, in order
  std::vector<std::string> references;   // the tables its foreign keys point at
};

// What a target remembers of the migration into it (PostgreSQL:
// sohoa_migration), so that a run goes on where the last one stopped.
struct MigrationState {
  struct Copied {
    std::optional<MigrationRow> last_key;  // the key of the last row copied
    std::int64_t rows = 0;
    bool done = false;
  };
  std::string source;  // the source's identity; empty: no migration began here
  std::map<std::string, Copied> tables;
  bool indexed = false;     // the search index is built
  std::string verified_at;  // when a run found both catalogs the same; empty: not yet
};

// The PostgreSQL catalog being written.
class MigrationTarget {
 public:
  virtual ~MigrationTarget() = default;
  // The database, for messages: its URL without the password.
  virtual const std::string& display() const = 0;
  virtual Result<std::vector<TargetTable>> Tables() = 0;
  virtual Result<MigrationState> State() = 0;
  // The first of `tables` holding a row, "" when all are empty.
  virtual Result<std::string> FirstNonEmpty(const std::vector<std::string>& tables) = 0;
  // Records that `source` is being moved here, and empties the target's
  // procedure catalog (the built-in one every new catalog has), which the
  // source's replaces.
  virtual Status Begin(const std::string& source) = 0;
  // Writes `rows` (in key order) and records them copied, in one transaction.
  virtual Status Write(const MigrationTable& table, const std::vector<MigrationRow>& rows) = 0;
  // Records the table copied whole, its ids' sequence past the largest id.
  virtual Status Finish(const MigrationTable& table) = 0;
  // Writes the search rows of up to `limit` more dossiers (then of register
  // book entries), recording how far it got, in one transaction; returns how
  // many (0: the index is built, and recorded so). `done` and `total` are set
  // to the dossiers and entries indexed so far, and to all of them.
  virtual Result<int> IndexSearch(int limit, std::int64_t* done, std::int64_t* total) = 0;
  virtual Result<std::int64_t> Count(const MigrationTable& table) = 0;
  virtual Result<std::unique_ptr<RowCursor>> Rows(const MigrationTable& table) = 0;
  virtual Status MarkVerified() = 0;
};

// The SQLite catalog file at `file`, opened (and migrated to this binary's
// schema, as any command does) for reading.
Result<std::unique_ptr<MigrationSource>> OpenSqliteMigrationSource(const std::filesystem::path& file);
// The PostgreSQL catalog at `url`, made (Catalog::OpenPostgres) if the
// database is empty. `display` names it without its password.
Result<std::unique_ptr<MigrationTarget>> OpenPostgresMigrationTarget(const std::string& url,
                                                                     const std::string& display);

// `text`, an ISO 8601 time as the SQLite catalog may hold it (written by
// sohoa, or taken from an imported bag: 2024-03-15T08:12Z, ...33.123456Z,
// +07:00, no zone for UTC), as a MigrationValue: UTC with milliseconds;
// nullopt for ""; the text unchanged when it is no such time.
MigrationValue CanonicalMigrationTime(std::string_view text);
// A real or double as a MigrationValue of `kind`.
std::string CanonicalMigrationReal(double value, ColumnKind kind);

struct MigrationProgress {
  enum class Step { kCopy, kIndex, kVerify };
  Step step = Step::kCopy;
  std::string table;  // the table; "" while indexing
  std::int64_t done = 0;
  std::int64_t total = 0;
};

struct MigrateOptions {
  int batch = 1000;  // rows per transaction (dossiers, when indexing)
  // Stop after this many batches (0: never), to move a large catalog a
  // slice at a time; the next run goes on.
  int max_batches = 0;
  // Copy nothing: compare the two catalogs again.
  bool verify_only = false;
  std::function<void(const MigrationProgress&)> progress{};
};

// One table compared.
struct TableCheck {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
  std::string source_sha256;  // over every row in key order, as MigrationValues
  std::string target_sha256;
  std::string first_difference;  // the first key whose rows differ; "" when none
  bool same() const { return first_difference.empty() && source_rows == target_rows && source_sha256 == target_sha256; }
};

struct MigrationResult {
  bool stopped = false;            // max_batches reached before the end: run again to go on
  std::vector<TableCheck> checks;  // every table, once copied
  bool verified = false;           // every check the same
};

// Copies `source` into `target` (unless verify_only), builds its search
// index and compares them. FailedPrecondition, saying why and touching
// nothing, for a target that holds another catalog or one moved from
// another source, or (verify_only) none at all; InvalidArgument for a
// source table or column the target has no place for.
Result<MigrationResult> Migrate(MigrationSource& source, MigrationTarget& target, const MigrateOptions& options);

struct HomeMigration {
  MigrationResult result;
  std::filesystem::path source;  // the SQLite file
  std::string target;            // the URL without its password
  // The home's sohoa.toml now names the target: only once verified, and
  // never for verify_only.
  bool switched = false;
  // "--catalog" or "SOHOA_CATALOG" when that chose the SQLite file for this
  // run: it would still choose it over sohoa.toml.
  std::string still_chosen_by;
};

// `sohoa migrate`: the home's SQLite catalog (as archive/storage.h locates
// it; for a home already switched to `url`, the file the migration came
// from) moved to `url`, and the home switched to it once verified, its blobs
// setting kept. InvalidArgument for a `url` that is not postgresql://, or a
// home on another PostgreSQL catalog; otherwise as Migrate.
Result<HomeMigration> MigrateHome(const HomeLayout& home, const std::string& url, const MigrateOptions& options);

}  // namespace sohoa::archive
