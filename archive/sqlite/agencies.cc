// SqliteCatalog::StoreAgencyNames and ListAgencies over the `agencies` table
// (schema/migrations/0005_archive_and_rates.sql, 0008_agency_names.sql).
#include "archive/sqlite/catalog.h"
#include "schema/text.h"

namespace sohoa::archive {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

Result<AgencyImportCounts> SqliteCatalog::StoreAgencyNames(const std::vector<AgencyName>& names,
                                                           const std::string& source_file, const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  AgencyImportCounts counts;
  for (const AgencyName& a : names) {
    const std::string name = ToNfc(a.name);
    // Prepared statements are cached by the Db: preparing in the loop is cheap.
    SOHOA_ASSIGN_OR_RETURN(Stmt select,
                           db.Prepare("SELECT name, source FROM agencies WHERE code = ?1"));
    select.Bind(1, a.code);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (found && select.Text(0) == name && select.Text(1) == "list") {
      ++counts.unchanged;
      continue;
    }
    ++(found ? counts.updated : counts.added);
    SOHOA_ASSIGN_OR_RETURN(
        Stmt upsert,
        db.Prepare("INSERT INTO agencies (code, name, source, updated_at) "
                   "VALUES (?1, ?2, 'list', " SOHOA_SQL_NOW ") "
                   "ON CONFLICT (code) DO UPDATE SET name = ?2, source = 'list', "
                   "updated_at = " SOHOA_SQL_NOW));
    upsert.Bind(1, a.code).Bind(2, name);
    SOHOA_RETURN_IF_ERROR(upsert.Run());
  }
  Event event;
  event.type = "import";
  event.object = source_file.empty() ? "agencies" : source_file;
  event.actor = actor;
  event.detail = "agency names: " + std::to_string(names.size()) + " row(s), " +
                 std::to_string(counts.added) + " added, " + std::to_string(counts.updated) +
                 " updated, " + std::to_string(counts.unchanged) + " unchanged";
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return counts;
}

Result<std::vector<AgencyEntry>> SqliteCatalog::ListAgencies() {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT code, name, source FROM agencies WHERE name <> '' "
                              "ORDER BY code"));
  std::vector<AgencyEntry> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back({select.Text(0), select.Text(1), select.Text(2)});
  }
  return out;
}

}  // namespace sohoa::archive
