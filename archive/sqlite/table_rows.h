// The SQLite catalog read table by table for `sohoa migrate`
// (archive/migrate.h): its tables and columns as the file holds them, and
// each table's rows in primary-key order, a batch at a time, rendered as
// MigrationValues. Internal to archive/.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "archive/migrate.h"
#include "archive/sqlite/catalog.h"

namespace sohoa::archive {

class SqliteTableRows final : public MigrationSource {
 public:
  // As SqliteCatalog::Open(file, false): migrated to this binary's schema.
  static Result<std::unique_ptr<SqliteTableRows>> Open(const std::filesystem::path& file);

  const std::string& identity() const override { return identity_; }
  Result<std::vector<std::pair<std::string, std::vector<std::string>>>> Tables() override;
  Result<std::int64_t> Count(const MigrationTable& table) override;
  Result<std::unique_ptr<RowCursor>> Rows(const MigrationTable& table,
                                          const std::optional<MigrationRow>& after) override;

 private:
  SqliteTableRows(std::unique_ptr<SqliteCatalog> catalog, std::string identity)
      : catalog_(std::move(catalog)), identity_(std::move(identity)) {}
  std::unique_ptr<SqliteCatalog> catalog_;
  std::string identity_;
};

}  // namespace sohoa::archive
