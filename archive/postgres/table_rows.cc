#include "archive/postgres/table_rows.h"

#include <charconv>
#include <optional>

#include "archive/postgres/books.h"
#include "archive/postgres/catalog.h"
#include "archive/postgres/registers.h"
#include "archive/postgres/search.h"

namespace sohoa::archive::postgres {
namespace {

// sohoa_migration's rows: '*' the migration as a whole (its source, when it
// was verified), kSearchPart the search index (the dossiers indexed; done
// once the book entries are too), kEntriesPart the register books' entries
// indexed, any other a table copied.
constexpr const char* kMigrationTable =
    "CREATE TABLE IF NOT EXISTS sohoa_migration ("
    "  part        text PRIMARY KEY,"
    "  source      text NOT NULL DEFAULT '',"
    "  last_key    text[],"
    "  rows        bigint NOT NULL DEFAULT 0,"
    "  done        boolean NOT NULL DEFAULT false,"
    "  verified_at timestamptz,"
    "  updated_at  timestamptz NOT NULL DEFAULT now())";
constexpr const char* kWholePart = "*";
constexpr const char* kSearchPart = "(search index)";
constexpr const char* kEntriesPart = "(book entries index)";

// PostgreSQL allows 65,535 parameters to a statement; pages with their
// words can be large, so a statement also stops at some megabytes.
constexpr std::size_t kMaxParameters = 60000;
constexpr std::size_t kMaxStatementBytes = 16 << 20;

std::optional<ColumnKind> KindOf(const std::string& type) {
  if (type == "bigint" || type == "integer" || type == "smallint") return ColumnKind::kInteger;
  if (type == "real") return ColumnKind::kReal;
  if (type == "double precision") return ColumnKind::kDouble;
  if (type == "boolean") return ColumnKind::kFlag;
  if (type == "timestamp with time zone") return ColumnKind::kTime;
  if (type == "bytea") return ColumnKind::kBytes;
  if (type == "text" || type.rfind("character", 0) == 0) return ColumnKind::kText;
  return std::nullopt;  // tsvector, arrays, ...: nothing an SQLite catalog holds
}

const char* CastOf(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kInteger: return "::bigint";
    case ColumnKind::kReal: return "::real";
    case ColumnKind::kDouble: return "::double precision";
    case ColumnKind::kFlag: return "::boolean";
    case ColumnKind::kTime: return "::timestamptz";
    case ColumnKind::kBytes: return "::bytea";
    case ColumnKind::kText: return "::text";
  }
  return "";
}

// The column as a MigrationValue (archive/migrate.h); reals are finished in C++.
std::string SelectOf(const MigrationColumn& column) {
  const std::string name = QuotedName(column.name);
  switch (column.kind) {
    case ColumnKind::kFlag: return name + "::int::text";
    case ColumnKind::kTime: return IsoTime(name);
    case ColumnKind::kBytes: return "encode(" + name + ", 'hex')";
    case ColumnKind::kText: return name;
    default: return name + "::text";
  }
}

std::string OrderOf(const MigrationTable& table) {
  std::string out;
  for (int k : table.key) {
    const MigrationColumn& c = table.columns[static_cast<std::size_t>(k)];
    // r.: the table's column, not the select list's text rendering of it.
    out += (out.empty() ? "" : ", ") + std::string("r.") + QuotedName(c.name) +
           (c.kind == ColumnKind::kText ? " COLLATE \"C\"" : "");
  }
  return out;
}

std::string KeyArray(const MigrationRow& key) {
  std::vector<std::string> values;
  for (const MigrationValue& v : key) values.push_back(v.value_or(""));
  return TextArray(values);
}

// A connection that reads and writes times in UTC (a time without a zone
// in the SQLite catalog means UTC) and floats exactly.
Result<Connection> OpenSession(const std::string& url, const std::string& display) {
  SOHOA_ASSIGN_OR_RETURN(Connection db, Connection::Open(url, display));
  SOHOA_RETURN_IF_ERROR(db.Run("SET TIME ZONE 'UTC'"));
  SOHOA_RETURN_IF_ERROR(db.Run("SET extra_float_digits = 3"));
  return db;
}

Status SaveProgress(Connection& db, const std::string& part, const MigrationRow& last_key, std::int64_t rows) {
  return db.Run(
      "INSERT INTO sohoa_migration (part, last_key, rows) VALUES ($1, $2::text[], $3::bigint) "
      "ON CONFLICT (part) DO UPDATE SET last_key = excluded.last_key, rows = sohoa_migration.rows + excluded.rows, "
      "updated_at = now()",
      {part, KeyArray(last_key), std::to_string(rows)});
}

Status MarkDone(Connection& db, const std::string& part) {
  return db.Run(
      "INSERT INTO sohoa_migration (part, done) VALUES ($1, true) "
      "ON CONFLICT (part) DO UPDATE SET done = true, updated_at = now()",
      {part});
}

// Reads a table through a cursor, in one snapshot, on a connection of its
// own (`db`, shared with the next cursor once this one is gone).
class PgCursor final : public RowCursor {
 public:
  static Result<std::unique_ptr<RowCursor>> Open(std::shared_ptr<Connection> db, const MigrationTable& table) {
    std::unique_ptr<PgCursor> cursor(new PgCursor(table, std::move(db)));
    SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*cursor->db_));
    cursor->tx_.emplace(std::move(tx));
    std::string columns;
    for (const MigrationColumn& c : table.columns) columns += (columns.empty() ? "" : ", ") + SelectOf(c);
    SOHOA_RETURN_IF_ERROR(cursor->db_->Run("DECLARE migration_rows NO SCROLL CURSOR FOR SELECT " + columns + " FROM " +
                                           QuotedName(table.name) + " AS r ORDER BY " + OrderOf(table)));
    return std::unique_ptr<RowCursor>(std::move(cursor));
  }

  Result<std::vector<MigrationRow>> Next(int limit) override {
    SOHOA_ASSIGN_OR_RETURN(postgres::Rows fetched,
                           db_->Query("FETCH FORWARD " + std::to_string(limit) + " FROM migration_rows"));
    std::vector<MigrationRow> rows;
    rows.reserve(static_cast<std::size_t>(fetched.size()));
    for (int r = 0; r < fetched.size(); ++r) {
      MigrationRow row;
      row.reserve(table_.columns.size());
      for (std::size_t i = 0; i < table_.columns.size(); ++i) {
        const int c = static_cast<int>(i);
        if (fetched.IsNull(r, c)) {
          row.push_back(std::nullopt);
          continue;
        }
        const ColumnKind kind = table_.columns[i].kind;
        if (kind == ColumnKind::kReal || kind == ColumnKind::kDouble) {
          const std::string text = fetched.Text(r, c);
          double value = 0;
          if (kind == ColumnKind::kReal) {
            float f = 0;
            std::from_chars(text.data(), text.data() + text.size(), f);
            value = f;
          } else {
            std::from_chars(text.data(), text.data() + text.size(), value);
          }
          row.push_back(CanonicalMigrationReal(value, kind));
        } else {
          row.push_back(fetched.Text(r, c));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  PgCursor(const MigrationTable& table, std::shared_ptr<Connection> db) : table_(table), db_(std::move(db)) {}
  const MigrationTable table_;
  std::shared_ptr<Connection> db_;
  std::optional<Transaction> tx_;  // after db_: rolled back (the cursor closed) before it goes
};

}  // namespace

Result<std::unique_ptr<PgTableRows>> PgTableRows::Open(const std::string& url, const std::string& display) {
  // Made a catalog (or checked to be one) the way every sohoa command opens it.
  SOHOA_RETURN_IF_ERROR(Catalog::OpenPostgres(url, display, true).status());
  SOHOA_ASSIGN_OR_RETURN(Connection db, OpenSession(url, display));
  return std::unique_ptr<PgTableRows>(new PgTableRows(url, display, std::move(db)));
}

Result<std::vector<TargetTable>> PgTableRows::Tables() {
  SOHOA_ASSIGN_OR_RETURN(
      postgres::Rows columns,
      db_.Query("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated <> '' "
                "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
                "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum"));
  std::map<std::string, TargetTable> tables;
  for (int r = 0; r < columns.size(); ++r) {
    TargetTable& table = tables[columns.Text(r, 0)];
    table.name = columns.Text(r, 0);
    const std::optional<ColumnKind> kind = KindOf(columns.Text(r, 2));
    if (!kind || columns.Text(r, 3) == "t") continue;
    table.columns.push_back({columns.Text(r, 1), *kind});
  }
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows keys,
                         db_.Query("SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                                   "CROSS JOIN LATERAL unnest(i.indkey::smallint[]) WITH ORDINALITY AS k(attnum, n) "
                                   "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
                                   "WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace "
                                   "ORDER BY c.relname, k.n"));
  for (int r = 0; r < keys.size(); ++r) tables[keys.Text(r, 0)].key.push_back(keys.Text(r, 1));
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows references,
                         db_.Query("SELECT c.relname, p.relname FROM pg_constraint f "
                                   "JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid "
                                   "WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace"));
  for (int r = 0; r < references.size(); ++r) tables[references.Text(r, 0)].references.push_back(references.Text(r, 1));
  std::vector<TargetTable> out;
  for (auto& [name, table] : tables) {
    if (!table.name.empty()) out.push_back(std::move(table));
  }
  return out;
}

Result<MigrationState> PgTableRows::State() {
  MigrationState state;
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows exists, db_.Query("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = "
                                                          "current_schema() AND tablename = 'sohoa_migration')"));
  if (exists.Text(0, 0) != "t") return state;
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows parts, db_.Query("SELECT part, source, rows, done, coalesce(" +
                                                         IsoTime("verified_at") + ", '') FROM sohoa_migration"));
  for (int r = 0; r < parts.size(); ++r) {
    const std::string part = parts.Text(r, 0);
    const bool done = parts.Text(r, 3) == "t";
    if (part == kWholePart) {
      state.source = parts.Text(r, 1);
      state.verified_at = parts.Text(r, 4);
    } else if (part == kSearchPart) {
      state.indexed = done;
    } else {
      state.tables[part].rows = parts.Int(r, 2);
      state.tables[part].done = done;
    }
  }
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows keys,
                         db_.Query("SELECT m.part, k.v FROM sohoa_migration m "
                                   "CROSS JOIN LATERAL unnest(m.last_key) WITH ORDINALITY AS k(v, n) "
                                   "ORDER BY m.part, k.n"));
  for (int r = 0; r < keys.size(); ++r) {
    auto found = state.tables.find(keys.Text(r, 0));
    if (found == state.tables.end()) continue;
    if (!found->second.last_key) found->second.last_key.emplace();
    found->second.last_key->push_back(keys.Text(r, 1));
  }
  return state;
}

Result<std::string> PgTableRows::FirstNonEmpty(const std::vector<std::string>& tables) {
  for (const std::string& table : tables) {
    SOHOA_ASSIGN_OR_RETURN(postgres::Rows any, db_.Query("SELECT EXISTS (SELECT 1 FROM " + QuotedName(table) + ")"));
    if (any.Text(0, 0) == "t") return table;
  }
  return std::string();
}

Status PgTableRows::Begin(const std::string& source) {
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_));
  SOHOA_RETURN_IF_ERROR(db_.Run(kMigrationTable));
  SOHOA_RETURN_IF_ERROR(db_.Run("INSERT INTO sohoa_migration (part, source) VALUES ($1, $2)", {kWholePart, source}));
  SOHOA_RETURN_IF_ERROR(db_.Run("DELETE FROM procedures"));
  return tx.Commit();
}

Result<bool> PgTableRows::HasTriggers(const std::string& table) {
  auto found = has_triggers_.find(table);
  if (found != has_triggers_.end()) return found->second;
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows any, db_.Query("SELECT EXISTS (SELECT 1 FROM pg_trigger "
                                                       "WHERE tgrelid = $1::regclass AND NOT tgisinternal)",
                                                       {QuotedName(table)}));
  return has_triggers_[table] = any.Text(0, 0) == "t";
}

Status PgTableRows::Write(const MigrationTable& table, const std::vector<MigrationRow>& rows) {
  if (rows.empty()) return Status::Ok();
  SOHOA_ASSIGN_OR_RETURN(bool triggers, HasTriggers(table.name));
  std::string columns;
  for (const MigrationColumn& c : table.columns) columns += (columns.empty() ? "" : ", ") + QuotedName(c.name);
  const std::string insert =
      "INSERT INTO " + QuotedName(table.name) + " (" + columns + ") OVERRIDING SYSTEM VALUE VALUES ";

  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_));
  // The copied rows bring their counts (documents.page_count, the keying
  // counts...) with them: the triggers that keep those must not add them
  // again. Within this transaction only: a kill rolls the switch back too.
  if (triggers) SOHOA_RETURN_IF_ERROR(db_.Run("ALTER TABLE " + QuotedName(table.name) + " DISABLE TRIGGER USER"));
  std::string sql;
  std::vector<Param> params;
  std::size_t bytes = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    sql += params.empty() ? insert + "(" : ", (";
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const MigrationValue& value = rows[r][i];
      const ColumnKind kind = table.columns[i].kind;
      params.push_back(value && kind == ColumnKind::kBytes ? MigrationValue("\\x" + *value) : value);
      bytes += value ? value->size() : 0;
      sql += (i > 0 ? ", $" : "$") + std::to_string(params.size()) + CastOf(kind);
    }
    sql += ")";
    const bool full = params.size() + table.columns.size() > kMaxParameters || bytes > kMaxStatementBytes;
    if (full || r + 1 == rows.size()) {
      SOHOA_RETURN_IF_ERROR(db_.Run(sql, params));
      sql.clear();
      params.clear();
      bytes = 0;
    }
  }
  if (triggers) SOHOA_RETURN_IF_ERROR(db_.Run("ALTER TABLE " + QuotedName(table.name) + " ENABLE TRIGGER USER"));
  SOHOA_RETURN_IF_ERROR(
      SaveProgress(db_, table.name, table.KeyOf(rows.back()), static_cast<std::int64_t>(rows.size())));
  return tx.Commit();
}

Status PgTableRows::Finish(const MigrationTable& table) {
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_));
  SOHOA_ASSIGN_OR_RETURN(
      postgres::Rows serial,
      db_.Query("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 "
                "AND NOT a.attisdropped AND pg_get_serial_sequence($1::text, a.attname::text) IS NOT NULL",
                {QuotedName(table.name)}));
  for (int r = 0; r < serial.size(); ++r) {
    const std::string column = serial.Text(r, 0);
    SOHOA_RETURN_IF_ERROR(db_.Run("SELECT setval(pg_get_serial_sequence($1::text, $2::text), max(" +
                                      QuotedName(column) + ")) FROM " + QuotedName(table.name) + " HAVING max(" +
                                      QuotedName(column) + ") IS NOT NULL",
                                  {QuotedName(table.name), column}));
  }
  SOHOA_RETURN_IF_ERROR(MarkDone(db_, table.name));
  return tx.Commit();
}

Result<int> PgTableRows::IndexSearch(int limit, std::int64_t* done, std::int64_t* total) {
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows counts,
                         db_.Query("SELECT (SELECT count(*) FROM dossiers) + (SELECT count(*) FROM book_entries)"));
  *total = counts.Int(0, 0);
  // Dossiers first, then the register books' entries, each after the last one written.
  std::string dossiers_after = "0", entries_after = "0";
  *done = 0;
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows progress,
                         db_.Query("SELECT part, coalesce(last_key[1], '0'), rows FROM sohoa_migration "
                                   "WHERE part IN ($1, $2)",
                                   {kSearchPart, kEntriesPart}));
  for (int r = 0; r < progress.size(); ++r) {
    (progress.Text(r, 0) == kSearchPart ? dossiers_after : entries_after) = progress.Text(r, 1);
    *done += progress.Int(r, 2);
  }
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows ids,
                         db_.Query("SELECT id FROM dossiers WHERE id > $1::bigint ORDER BY id LIMIT $2::int",
                                   {dossiers_after, std::to_string(limit)}));
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_));
  if (!ids.empty()) {
    std::vector<std::int64_t> batch;
    for (int r = 0; r < ids.size(); ++r) batch.push_back(ids.Int(r, 0));
    SOHOA_RETURN_IF_ERROR(IndexDossiers(db_, batch).WithContext("indexing dossiers from id " + ids.Text(0, 0)));
    SOHOA_RETURN_IF_ERROR(SaveProgress(db_, kSearchPart, {ids.Text(ids.size() - 1, 0)}, ids.size()));
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    *done += ids.size();
    return ids.size();
  }
  std::int64_t after = 0;
  std::from_chars(entries_after.data(), entries_after.data() + entries_after.size(), after);
  SOHOA_ASSIGN_OR_RETURN(std::int64_t last, IndexBookEntries(db_, after, limit));
  if (last == 0) {
    // The rows the rates read, kept by triggers that were off while rows came.
    SOHOA_RETURN_IF_ERROR(RebuildRateRows(db_));
    SOHOA_RETURN_IF_ERROR(MarkDone(db_, kSearchPart));
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    return 0;
  }
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows indexed,
                         db_.Query("SELECT count(*) FROM book_entries WHERE id > $1::bigint AND id <= $2::bigint",
                                   {std::to_string(after), std::to_string(last)}));
  const std::int64_t entries = indexed.Int(0, 0);
  SOHOA_RETURN_IF_ERROR(SaveProgress(db_, kEntriesPart, {std::to_string(last)}, entries));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  *done += entries;
  return static_cast<int>(std::max<std::int64_t>(entries, 1));
}

Result<std::int64_t> PgTableRows::Count(const MigrationTable& table) {
  SOHOA_ASSIGN_OR_RETURN(postgres::Rows count, db_.Query("SELECT count(*) FROM " + QuotedName(table.name)));
  return count.Int(0, 0);
}

Result<std::unique_ptr<RowCursor>> PgTableRows::Rows(const MigrationTable& table) {
  if (reader_ == nullptr || reader_.use_count() > 1) {
    SOHOA_ASSIGN_OR_RETURN(Connection db, OpenSession(url_, display_));
    reader_ = std::make_shared<Connection>(std::move(db));
  }
  return PgCursor::Open(reader_, table);
}

Status PgTableRows::MarkVerified() {
  return db_.Run("UPDATE sohoa_migration SET verified_at = now(), updated_at = now() WHERE part = $1", {kWholePart});
}

}  // namespace sohoa::archive::postgres

namespace sohoa::archive {

Result<std::unique_ptr<MigrationTarget>> OpenPostgresMigrationTarget(const std::string& url,
                                                                     const std::string& display) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<postgres::PgTableRows> target, postgres::PgTableRows::Open(url, display));
  return std::unique_ptr<MigrationTarget>(std::move(target));
}

}  // namespace sohoa::archive
