// The PostgreSQL catalog: its schema (migrate.cc), OpenPgCatalog, and what
// the files of each concern share. Each concern of archive/catalog.h is a
// class of its own (procedures.cc here; store.h, search.h, books.h,
// registers.h), on one connection pool for `sohoa serve` and many workers;
// PgCatalog (pg_catalog.cc) puts them together. Internal to archive/.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "archive/agencies.h"
#include "archive/catalog.h"
#include "archive/keying.h"
#include "archive/rates.h"
#include "archive/retention.h"
#include "archive/users.h"
#include "archive/postgres/pg_db.h"

namespace sohoa::archive::postgres {

// What every concern of one PgCatalog shares: its pool, and the scope its
// reads are limited to (Catalog::SetScope), owned by the PgCatalog.
struct PgContext {
  Pool& pool;
  const Scope& scope;
};

// Opens the catalog database at `url` (a libpq URI), migrating it to this
// binary's schema. Every catalog of the process on the same URL shares one
// pool of up to `connections`, opened as needed (the first opener sets the
// size): a concern holds a connection only for one call and never asks for
// a second while it holds one, so threads wait, never deadlock.
// `display` names it in messages (no password). A database sohoa never
// wrote is made a catalog only if `create` (sohoa init), else NotFound.
// Errors as Connection::Open and Migrate.
Result<std::unique_ptr<Catalog>> OpenPgCatalog(const std::string& url, const std::string& display,
                                               bool create = true, int connections = 8);

// SQL rendering a timestamptz column as the SQLite catalog writes times:
// ISO 8601 UTC with milliseconds, 2024-03-15T08:12:33.123Z.
std::string IsoTime(std::string_view column);

// "{a,b}": a text[] parameter.
std::string TextArray(const std::vector<std::string>& values);

// " AND <path> && $n" for a restricted scope (pushing the scope's agencies
// onto `params` as $n), "" for an unrestricted one. `path` is an SQL text[]
// of the agencies a row belongs to: dossiers.agency_path, or
// sohoa_agency_path(agency_code, dossier_code) for books and register rows.
std::string ScopeCondition(const Scope& scope, std::string_view path, std::vector<Param>& params);

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
