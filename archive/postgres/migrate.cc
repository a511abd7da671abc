// The PostgreSQL catalog's schema: schema/migrations_postgres/*.sql, and the
// version in sohoa_catalog (the SQLite catalog keeps it in PRAGMA
// user_version and marks itself with application_id).
#include "archive/internal/catalog_checks.h"
#include "archive/postgres/catalog.h"
#include "schema/migrations.h"
#include "schema/procedure.h"

namespace sohoa::archive::postgres {
namespace {

// "SOHO": the advisory lock every sohoa process migrating takes.
constexpr const char* kMigrationLock = "1397705807";

Status NewerSchema(const Connection& db, int found) {
  return Unsupported("the catalog database " + db.display() + " was written by a newer sohoa (schema " +
                     std::to_string(found) + ", this binary knows " +
                     std::to_string(LatestPostgresCatalogVersion()) + "): upgrade sohoa");
}

}  // namespace

Result<int> SchemaVersion(Connection& db) {
  // Read from pg_tables, not with to_regclass(): the latter answers from the
  // session's catalog cache, which can still say "no such table" after
  // another worker's migration committed while this one waited for the lock.
  SOHOA_ASSIGN_OR_RETURN(Rows marked, db.Query("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = "
                                               "current_schema() AND tablename = 'sohoa_catalog')"));
  if (marked.Text(0, 0) != "t") return 0;
  SOHOA_ASSIGN_OR_RETURN(Rows version, db.Query("SELECT version FROM sohoa_catalog WHERE application = 'sohoa'"));
  if (version.empty()) return 0;
  return static_cast<int>(version.Int(0, 0));
}

Status Migrate(Connection& db) {
  const int latest = LatestPostgresCatalogVersion();
  SOHOA_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  if (version == latest) return Status::Ok();
  if (version > latest) return NewerSchema(db, version);

  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(db.Run(std::string("SELECT pg_advisory_xact_lock(") + kMigrationLock + ")"));
  // Another process may have migrated while we waited for the lock.
  SOHOA_ASSIGN_OR_RETURN(version, SchemaVersion(db));
  if (version > latest) return NewerSchema(db, version);
  if (version == latest) return tx.Commit();
  if (version == 0) {
    SOHOA_ASSIGN_OR_RETURN(Rows tables, db.Query("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"));
    if (tables.Int(0, 0) > 0) {
      return InvalidArgument("the database " + db.display() +
                             " holds another program's tables, not a sohoa catalog: give sohoa a database of its own");
    }
    SOHOA_RETURN_IF_ERROR(db.Script(
        "CREATE TABLE sohoa_catalog (application text PRIMARY KEY, version integer NOT NULL);"
        "INSERT INTO sohoa_catalog VALUES ('sohoa', 0);"));
  }
  for (const Migration& m : PostgresCatalogMigrations()) {
    if (m.version <= version) continue;
    Status applied = db.Script(m.sql);
    if (!applied.ok()) {
      return applied.WithContext("upgrading the catalog database " + db.display() + " to schema " +
                                 std::to_string(m.version) + " (" + std::string(m.name) + ")");
    }
  }
  if (version == 0) {
    SOHOA_RETURN_IF_ERROR(
        internal::CheckProcedures(BuiltinProcedures()).WithContext("built-in procedure catalog"));
    SOHOA_RETURN_IF_ERROR(WriteProcedures(db, BuiltinProcedures()));
  }
  SOHOA_RETURN_IF_ERROR(db.Run("UPDATE sohoa_catalog SET version = $1 WHERE application = 'sohoa'",
                               {std::to_string(latest)}));
  return tx.Commit();
}

}  // namespace sohoa::archive::postgres
