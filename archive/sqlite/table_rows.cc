#include "archive/sqlite/table_rows.h"

#include <charconv>
#include <set>
#include <system_error>

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;
using internal::Db;
using internal::Stmt;

// Tables the SQLite catalog keeps only for its FTS5 search index (which the
// target builds its own way), besides the FTS5 tables and their shadows.
const std::set<std::string>& SearchOnlyTables() {
  static const std::set<std::string> tables = {"search_pages", "search_documents"};
  return tables;
}

// The column as a MigrationValue (archive/migrate.h).
std::string SelectOf(const MigrationColumn& column) {
  // lower(hex()): bytes as both catalogs render them.
  return column.kind == ColumnKind::kBytes ? "lower(hex(" + QuotedName(column.name) + "))" : QuotedName(column.name);
}

MigrationValue ValueOf(const Stmt& row, int i, ColumnKind kind) {
  if (row.IsNull(i)) return std::nullopt;
  switch (kind) {
    case ColumnKind::kReal:
    case ColumnKind::kDouble: return CanonicalMigrationReal(row.Double(i), kind);
    case ColumnKind::kTime: return CanonicalMigrationTime(row.Text(i));
    default: return row.Text(i);
  }
}

// Keyset pages: each Next() reads the rows after the last key it returned,
// by the primary key's index, so a batch costs the same at any depth.
class SqliteCursor final : public RowCursor {
 public:
  SqliteCursor(Db& db, const MigrationTable& table, std::optional<MigrationRow> after)
      : db_(db), table_(table), after_(std::move(after)) {
    std::string columns, key;
    for (const MigrationColumn& c : table.columns) columns += (columns.empty() ? "" : ", ") + SelectOf(c);
    for (int k : table.key) key += (key.empty() ? "" : ", ") + QuotedName(table.columns[k].name);
    std::string marks;
    for (std::size_t i = 1; i <= table.key.size(); ++i) marks += (i > 1 ? ", ?" : "?") + std::to_string(i);
    const std::string limit = "?" + std::to_string(table.key.size() + 1);
    first_ = "SELECT " + columns + " FROM " + QuotedName(table.name) + " ORDER BY " + key + " LIMIT " + limit;
    following_ = "SELECT " + columns + " FROM " + QuotedName(table.name) + " WHERE (" + key + ") > (" + marks +
                 ") ORDER BY " + key + " LIMIT " + limit;
  }

  Result<std::vector<MigrationRow>> Next(int limit) override {
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare(after_ ? following_ : first_));
    if (after_) {
      for (std::size_t i = 0; i < table_.key.size(); ++i) {
        const std::string& value = (*after_)[i].value_or("");
        if (table_.columns[table_.key[i]].kind == ColumnKind::kInteger) {
          std::int64_t number = 0;
          std::from_chars(value.data(), value.data() + value.size(), number);
          select.Bind(static_cast<int>(i + 1), number);
        } else {
          select.Bind(static_cast<int>(i + 1), std::string_view(value));
        }
      }
    }
    select.Bind(static_cast<int>(table_.key.size() + 1), limit);
    std::vector<MigrationRow> rows;
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      MigrationRow values;
      values.reserve(table_.columns.size());
      for (std::size_t i = 0; i < table_.columns.size(); ++i) {
        values.push_back(ValueOf(select, static_cast<int>(i), table_.columns[i].kind));
      }
      rows.push_back(std::move(values));
    }
    if (!rows.empty()) after_ = table_.KeyOf(rows.back());
    return rows;
  }

 private:
  Db& db_;
  const MigrationTable table_;
  std::optional<MigrationRow> after_;
  std::string first_, following_;
};

}  // namespace

Result<std::unique_ptr<SqliteTableRows>> SqliteTableRows::Open(const fs::path& file) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<SqliteCatalog> catalog, SqliteCatalog::Open(file, false));
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(file, ec);
  if (ec) absolute = fs::absolute(file);
  return std::unique_ptr<SqliteTableRows>(new SqliteTableRows(std::move(catalog), "sqlite:" + absolute.string()));
}

Result<std::vector<std::pair<std::string, std::vector<std::string>>>> SqliteTableRows::Tables() {
  Db& db = catalog_->db();
  SOHOA_ASSIGN_OR_RETURN(Stmt tables,
                         db.Prepare("SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_schema "
                                    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"));
  std::vector<std::string> names, virtual_tables;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (!row) break;
    (tables.Int(1) != 0 ? virtual_tables : names).push_back(tables.Text(0));
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const std::string& name : names) {
    bool shadow = SearchOnlyTables().count(name) > 0;
    for (const std::string& v : virtual_tables) shadow = shadow || name.rfind(v + "_", 0) == 0;
    if (shadow) continue;
    SOHOA_ASSIGN_OR_RETURN(Stmt columns, db.Prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid"));
    columns.Bind(1, std::string_view(name));
    std::vector<std::string> column_names;
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, columns.Step());
      if (!row) break;
      column_names.push_back(columns.Text(0));
    }
    out.emplace_back(name, std::move(column_names));
  }
  return out;
}

Result<std::int64_t> SqliteTableRows::Count(const MigrationTable& table) {
  return catalog_->db().QueryInt("SELECT count(*) FROM " + QuotedName(table.name));
}

Result<std::unique_ptr<RowCursor>> SqliteTableRows::Rows(const MigrationTable& table,
                                                         const std::optional<MigrationRow>& after) {
  return std::unique_ptr<RowCursor>(new SqliteCursor(catalog_->db(), table, after));
}

Result<std::unique_ptr<MigrationSource>> OpenSqliteMigrationSource(const std::filesystem::path& file) {
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<SqliteTableRows> rows, SqliteTableRows::Open(file));
  return std::unique_ptr<MigrationSource>(std::move(rows));
}

}  // namespace sohoa::archive
