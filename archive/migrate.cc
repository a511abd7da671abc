#include "archive/migrate.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>

#include "archive/internal/sha256.h"
#include "archive/storage.h"
#include "schema/messages.h"

namespace sohoa::archive {
namespace {

namespace fs = std::filesystem;

// Rows fetched at a time when comparing, whatever the copy's batch.
constexpr int kCompareBatch = 2000;
// The one table a new PostgreSQL catalog fills itself (the built-in
// procedure catalog), which the source's replaces.
constexpr std::string_view kBuiltInTable = "procedures";

using SourceTables = std::vector<std::pair<std::string, std::vector<std::string>>>;

// --- Keys, rows and their digest -----------------------------------------------

// Is key `a` before key `b` in the order both catalogs read rows?
bool KeyBefore(const MigrationTable& table, const MigrationRow& a, const MigrationRow& b) {
  for (std::size_t i = 0; i < table.key.size(); ++i) {
    const std::string& x = a[i].value_or("");
    const std::string& y = b[i].value_or("");
    if (x == y) continue;
    if (table.columns[table.key[i]].kind == ColumnKind::kInteger) {
      long long nx = 0, ny = 0;
      std::from_chars(x.data(), x.data() + x.size(), nx);
      std::from_chars(y.data(), y.data() + y.size(), ny);
      if (nx != ny) return nx < ny;
    }
    return x < y;  // std::string compares as unsigned bytes: SQLite's BINARY, PostgreSQL's "C"
  }
  return false;
}

// A row's values, unambiguously: N for NULL, else the length, ':' and the text.
void Digest(internal::Sha256& hash, const MigrationRow& row) {
  std::string out;
  for (const MigrationValue& value : row) {
    if (!value) {
      out += "N;";
      continue;
    }
    out += std::to_string(value->size()) + ":" + *value + ";";
  }
  out += '\n';
  hash.Update(out.data(), out.size());
}

// One side of a comparison, a row at a time.
class RowReader {
 public:
  explicit RowReader(RowCursor& cursor) : cursor_(cursor) {}
  // The next row, nullptr at the end.
  Result<const MigrationRow*> Peek() {
    if (next_ == rows_.size()) {
      SOHOA_ASSIGN_OR_RETURN(rows_, cursor_.Next(kCompareBatch));
      next_ = 0;
    }
    return next_ < rows_.size() ? &rows_[next_] : nullptr;
  }
  void Pop() { ++next_; }

 private:
  RowCursor& cursor_;
  std::vector<MigrationRow> rows_;
  std::size_t next_ = 0;
};

// --- The plan: which tables, which columns, in which order ----------------------

// The source's tables as the target holds them, each after the tables its
// foreign keys point at.
Result<std::vector<MigrationTable>> Plan(const SourceTables& source, const std::vector<TargetTable>& target,
                                         const std::string& target_name) {
  std::map<std::string, const TargetTable*> by_name;
  for (const TargetTable& t : target) by_name[t.name] = &t;
  std::map<std::string, MigrationTable> planned;
  for (const auto& [name, columns] : source) {
    const auto found = by_name.find(name);
    if (found == by_name.end()) {
      return InvalidArgument(Text(Msg::kMigrateNoPlace, {"table " + name, target_name}));
    }
    const TargetTable& t = *found->second;
    const std::set<std::string> held(columns.begin(), columns.end());
    for (const std::string& column : columns) {
      bool writable = false;
      for (const MigrationColumn& c : t.columns) writable = writable || c.name == column;
      if (!writable) return InvalidArgument(Text(Msg::kMigrateNoPlace, {name + "." + column, target_name}));
    }
    MigrationTable table;
    table.name = name;
    for (const MigrationColumn& c : t.columns) {
      if (held.count(c.name)) table.columns.push_back(c);
    }
    for (const std::string& key : t.key) {
      int index = -1;
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (table.columns[i].name == key) index = static_cast<int>(i);
      }
      if (index < 0) return InvalidArgument(Text(Msg::kMigrateNoPlace, {name + " (key " + key + ")", target_name}));
      table.key.push_back(index);
    }
    if (table.key.empty())
      return InvalidArgument(Text(Msg::kMigrateNoPlace, {name + " (no primary key)", target_name}));
    planned[name] = std::move(table);
  }
  // Parents first (Kahn), in name order among the tables that are ready.
  std::map<std::string, std::set<std::string>> waits_for;
  for (const auto& [name, table] : planned) {
    waits_for[name];
    for (const std::string& parent : by_name[name]->references) {
      if (parent != name && planned.count(parent)) waits_for[name].insert(parent);
    }
  }
  std::vector<MigrationTable> ordered;
  while (!waits_for.empty()) {
    auto ready = waits_for.begin();
    for (auto it = waits_for.begin(); it != waits_for.end(); ++it) {
      if (it->second.empty()) {
        ready = it;
        break;
      }
    }
    const std::string name = ready->first;  // a cycle: the first in name order, and let the keys say
    waits_for.erase(ready);
    for (auto& [other, parents] : waits_for) parents.erase(name);
    ordered.push_back(std::move(planned[name]));
  }
  return ordered;
}

// --- The three steps ------------------------------------------------------------

struct Run {
  MigrationSource& source;
  MigrationTarget& target;
  const MigrateOptions& options;
  int batches = 0;

  bool Spent() const { return options.max_batches > 0 && batches >= options.max_batches; }
  void Tell(MigrationProgress::Step step, const std::string& table, std::int64_t done, std::int64_t total) const {
    if (options.progress) options.progress({step, table, done, total});
  }
};

// Copies what is not yet copied; false when stopped by max_batches.
Result<bool> Copy(Run& run, const std::vector<MigrationTable>& tables, MigrationState& state) {
  const int batch = std::max(1, run.options.batch);
  for (const MigrationTable& table : tables) {
    MigrationState::Copied& copied = state.tables[table.name];
    if (copied.done) {
      run.Tell(MigrationProgress::Step::kCopy, table.name, copied.rows, copied.rows);
      continue;
    }
    SOHOA_ASSIGN_OR_RETURN(std::int64_t total, run.source.Count(table));
    run.Tell(MigrationProgress::Step::kCopy, table.name, copied.rows, total);
    SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<RowCursor> rows, run.source.Rows(table, copied.last_key));
    while (true) {
      if (run.Spent()) return false;
      SOHOA_ASSIGN_OR_RETURN(std::vector<MigrationRow> next, rows->Next(batch));
      if (next.empty()) break;
      Status written = run.target.Write(table, next);
      if (!written.ok()) {
        return written.WithContext("copying " + table.name + " from " + table.KeyText(table.KeyOf(next.front())));
      }
      ++run.batches;
      copied.rows += static_cast<std::int64_t>(next.size());
      copied.last_key = table.KeyOf(next.back());
      run.Tell(MigrationProgress::Step::kCopy, table.name, copied.rows, std::max(total, copied.rows));
    }
    SOHOA_RETURN_IF_ERROR(run.target.Finish(table));
    copied.done = true;
  }
  return true;
}

Result<bool> Index(Run& run, MigrationState& state) {
  if (state.indexed) return true;
  while (true) {
    if (run.Spent()) return false;
    std::int64_t done = 0, total = 0;
    SOHOA_ASSIGN_OR_RETURN(int indexed, run.target.IndexSearch(std::max(1, run.options.batch), &done, &total));
    run.Tell(MigrationProgress::Step::kIndex, "", done, total);
    if (indexed == 0) break;
    ++run.batches;
  }
  state.indexed = true;
  return true;
}

Result<TableCheck> Compare(Run& run, const MigrationTable& table) {
  TableCheck check;
  check.table = table.name;
  SOHOA_ASSIGN_OR_RETURN(check.source_rows, run.source.Count(table));
  SOHOA_ASSIGN_OR_RETURN(check.target_rows, run.target.Count(table));
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<RowCursor> source_rows, run.source.Rows(table, std::nullopt));
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<RowCursor> target_rows, run.target.Rows(table));
  RowReader a(*source_rows), b(*target_rows);
  internal::Sha256 source_hash, target_hash;
  std::int64_t read = 0;
  const auto differs_at = [&](const MigrationRow& key) {
    if (check.first_difference.empty()) check.first_difference = table.KeyText(key);
  };
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(const MigrationRow* x, a.Peek());
    SOHOA_ASSIGN_OR_RETURN(const MigrationRow* y, b.Peek());
    if (x == nullptr && y == nullptr) break;
    const MigrationRow kx = x != nullptr ? table.KeyOf(*x) : MigrationRow{};
    const MigrationRow ky = y != nullptr ? table.KeyOf(*y) : MigrationRow{};
    const bool take_x = x != nullptr && (y == nullptr || kx == ky || KeyBefore(table, kx, ky));
    const bool take_y = y != nullptr && (x == nullptr || kx == ky || KeyBefore(table, ky, kx));
    if (take_x && take_y) {
      if (*x != *y) differs_at(kx);
    } else {
      differs_at(take_x ? kx : ky);
    }
    if (take_x) {
      Digest(source_hash, *x);
      a.Pop();
      if (++read % kCompareBatch == 0) {
        run.Tell(MigrationProgress::Step::kVerify, table.name, read, check.source_rows);
      }
    }
    if (take_y) {
      Digest(target_hash, *y);
      b.Pop();
    }
  }
  check.source_sha256 = source_hash.HexDigest();
  check.target_sha256 = target_hash.HexDigest();
  run.Tell(MigrationProgress::Step::kVerify, table.name, read, check.source_rows);
  return check;
}

}  // namespace

Result<MigrationResult> Migrate(MigrationSource& source, MigrationTarget& target, const MigrateOptions& options) {
  SOHOA_ASSIGN_OR_RETURN(SourceTables source_tables, source.Tables());
  SOHOA_ASSIGN_OR_RETURN(std::vector<TargetTable> target_tables, target.Tables());
  SOHOA_ASSIGN_OR_RETURN(MigrationState state, target.State());
  Run run{source, target, options};
  MigrationResult result;
  SOHOA_ASSIGN_OR_RETURN(std::vector<MigrationTable> tables, Plan(source_tables, target_tables, target.display()));

  if (state.source.empty()) {
    if (options.verify_only) return FailedPrecondition(Text(Msg::kMigrateNothingYet, {target.display()}));
    std::vector<std::string> names;
    for (const MigrationTable& table : tables) {
      if (table.name != kBuiltInTable) names.push_back(table.name);
    }
    SOHOA_ASSIGN_OR_RETURN(std::string taken, target.FirstNonEmpty(names));
    if (!taken.empty()) return FailedPrecondition(Text(Msg::kMigrateTargetTaken, {target.display(), taken}));
    SOHOA_RETURN_IF_ERROR(target.Begin(source.identity()));
    state.source = source.identity();
  } else if (state.source != source.identity()) {
    return FailedPrecondition(Text(Msg::kMigrateOtherSource, {target.display(), state.source, source.identity()}));
  }

  // Once verified, a run only compares: rows changed since in either
  // catalog are for the comparison to find, not for a copy to paper over.
  if (!options.verify_only && state.verified_at.empty()) {
    SOHOA_ASSIGN_OR_RETURN(bool copied, Copy(run, tables, state));
    if (copied) {
      SOHOA_ASSIGN_OR_RETURN(copied, Index(run, state));
    }
    if (!copied) {
      result.stopped = true;
      return result;
    }
  }
  result.verified = true;
  for (const MigrationTable& table : tables) {
    SOHOA_ASSIGN_OR_RETURN(TableCheck check, Compare(run, table));
    result.verified = result.verified && check.same();
    result.checks.push_back(std::move(check));
  }
  if (result.verified && !options.verify_only) SOHOA_RETURN_IF_ERROR(target.MarkVerified());
  return result;
}

Result<HomeMigration> MigrateHome(const HomeLayout& home, const std::string& url, const MigrateOptions& options) {
  SOHOA_ASSIGN_OR_RETURN(CatalogLocation to, ParseCatalogUrl(url, home.root));
  if (to.kind != CatalogLocation::Kind::kPostgres) return InvalidArgument(Text(Msg::kMigrateNotPostgres, {url}));
  SOHOA_ASSIGN_OR_RETURN(CatalogLocation from, LocateCatalog(home));
  HomeMigration out;
  out.target = to.ForDisplay();
  if (from.kind == CatalogLocation::Kind::kSqlite) {
    std::error_code ec;
    out.source = fs::absolute(from.sqlite_file, ec).lexically_normal();
    if (ec) out.source = from.sqlite_file;
    if (!fs::is_regular_file(out.source, ec)) return NotFound(Text(Msg::kMigrateNoSource, {out.source.string()}));
  } else if (from.ForDisplay() != out.target) {  // the same database, with or without its password
    return InvalidArgument(
        Text(Msg::kMigrateHomeElsewhere, {from.ForDisplay(), from.chosen_by.empty() ? "sohoa.toml" : from.chosen_by}));
  }
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<MigrationTarget> target, OpenPostgresMigrationTarget(url, out.target));
  if (out.source.empty()) {
    // The home already runs on `url`: the file it was moved from.
    SOHOA_ASSIGN_OR_RETURN(MigrationState state, target->State());
    if (state.source.rfind("sqlite:", 0) != 0) return FailedPrecondition(Text(Msg::kMigrateNothingYet, {out.target}));
    out.source = state.source.substr(7);
  }
  SOHOA_ASSIGN_OR_RETURN(std::unique_ptr<MigrationSource> source, OpenSqliteMigrationSource(out.source));
  SOHOA_ASSIGN_OR_RETURN(out.result, Migrate(*source, *target, options));
  if (out.result.verified && !out.result.stopped && !options.verify_only) {
    // A home already on `url` keeps its settings as written (a password too).
    if (from.kind == CatalogLocation::Kind::kSqlite) {
      SOHOA_ASSIGN_OR_RETURN(StorageSettings settings, ReadStorageSettings(home));
      settings.catalog_url = url;
      SOHOA_RETURN_IF_ERROR(WriteStorageSettings(home, settings));
      if (!home.catalog_url.empty()) out.still_chosen_by = from.chosen_by;
    }
    out.switched = true;
  }
  return out;
}

}  // namespace sohoa::archive
