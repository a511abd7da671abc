// The PostgreSQL catalog written table by table for `sohoa migrate`
// (archive/migrate.h): rows inserted with their ids, in one transaction per
// batch together with the migration's progress (the table sohoa_migration),
// each identity's sequence set past the largest id copied, the search index
// built dossier by dossier, and every table read back in key order for the
// comparison. Internal to archive/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "archive/migrate.h"
#include "archive/postgres/pg_db.h"

namespace sohoa::archive::postgres {

class PgTableRows final : public MigrationTarget {
 public:
  // Makes the catalog's schema in an empty database (Catalog::OpenPostgres)
  // and connects; errors as Connection::Open and Migrate.
  static Result<std::unique_ptr<PgTableRows>> Open(const std::string& url, const std::string& display);

  const std::string& display() const override { return display_; }
  Result<std::vector<TargetTable>> Tables() override;
  Result<MigrationState> State() override;
  Result<std::string> FirstNonEmpty(const std::vector<std::string>& tables) override;
  Status Begin(const std::string& source) override;
  Status Write(const MigrationTable& table, const std::vector<MigrationRow>& rows) override;
  Status Finish(const MigrationTable& table) override;
  Result<int> IndexSearch(int limit, std::int64_t* done, std::int64_t* total) override;
  Result<std::int64_t> Count(const MigrationTable& table) override;
  Result<std::unique_ptr<RowCursor>> Rows(const MigrationTable& table) override;
  Status MarkVerified() override;

 private:
  PgTableRows(std::string url, std::string display, Connection db)
      : url_(std::move(url)), display_(std::move(display)), db_(std::move(db)) {}
  // Does `table` have triggers of its own (the rates' and keying's counts),
  // which must not count the copied rows again?
  Result<bool> HasTriggers(const std::string& table);

  std::string url_;
  std::string display_;
  Connection db_;
  std::shared_ptr<Connection> reader_;  // the cursors' connection, a new one while one is in use
  std::map<std::string, bool> has_triggers_;
};

}  // namespace sohoa::archive::postgres
