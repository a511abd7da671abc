// The PostgreSQL catalog, as far as it goes: its schema (migrate.cc) and the
// concerns of archive/catalog.h it implements so far, each on a connection
// pool for `sohoa serve` and many workers. Internal to archive/; a home
// cannot be pointed at it yet (archive/storage.h refuses postgresql://)
// until every concern of Catalog is here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "archive/catalog.h"
#include "archive/postgres/pg_db.h"

namespace sohoa::archive::postgres {

// Brings the database's schema up to LatestPostgresCatalogVersion() in one
// transaction, under an advisory lock so that workers starting together
// migrate once; a fresh database also gets the built-in procedure catalog.
// InvalidArgument for a database holding another program's tables,
// Unsupported for one written by a newer sohoa.
Status Migrate(Connection& db);

// The schema version the database is at; 0 for one sohoa never touched.
Result<int> SchemaVersion(Connection& db);

class PgProcedureCatalog final : public ProcedureCatalog {
 public:
  explicit PgProcedureCatalog(Pool& pool) : pool_(pool) {}
  Status ReplaceProcedures(const std::vector<Procedure>& procedures) override;
  Result<std::vector<Procedure>> Procedures() override;
  Result<std::optional<Procedure>> FindProcedure(const std::string& code) override;

 private:
  Pool& pool_;
};

class PgEventLog final : public EventLog {
 public:
  explicit PgEventLog(Pool& pool) : pool_(pool) {}
  Status AppendEvent(const Event& event) override;
  using EventLog::Events;
  Result<std::vector<Event>> Events(const EventFilter& filter) override;

 private:
  Pool& pool_;
};

// Within a caller's transaction: the whole procedure catalog (a procedure
// imported without a retention keeps the one set before), and one event.
Status WriteProcedures(Connection& db, const std::vector<Procedure>& procedures);
Status InsertEvent(Connection& db, const Event& event);

}  // namespace sohoa::archive::postgres
