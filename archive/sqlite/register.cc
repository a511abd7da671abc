// SqliteCatalog::StoreRegister: the one-stop register of received dossiers, the
// denominator of every rate (schema/migrations/0005_archive_and_rates.sql).
#include <optional>

#include "archive/sqlite/catalog.h"
#include "archive/rates.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

// An empty value (or unset flag) in a later export keeps what an earlier one
// said, as StoreDossier and StoreBook do: exports with fewer columns must
// not erase what a fuller one gave.
void Merge(const RegisterRow& stored, RegisterRow& incoming) {
  auto keep = [](std::string& value, const std::string& old) {
    if (value.empty()) value = old;
  };
  keep(incoming.procedure_code, stored.procedure_code);
  keep(incoming.procedure_name, stored.procedure_name);
  keep(incoming.agency_code, stored.agency_code);
  keep(incoming.received_date, stored.received_date);
  keep(incoming.due_date, stored.due_date);
  keep(incoming.channel, stored.channel);
  if (!incoming.e_result) incoming.e_result = stored.e_result;
}

bool Same(const RegisterRow& a, const RegisterRow& b) {
  return a.procedure_code == b.procedure_code && a.procedure_name == b.procedure_name &&
         a.agency_code == b.agency_code && a.received_date == b.received_date &&
         a.due_date == b.due_date && a.channel == b.channel && a.e_result == b.e_result;
}

Result<std::optional<RegisterRow>> LoadRow(Db& db, const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT procedure_code, procedure_name, agency_code, "
                              "received_date, due_date, channel, e_result "
                              "FROM register WHERE dossier_code = ?1"));
  select.Bind(1, code);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<RegisterRow>();
  RegisterRow row;
  row.dossier_code = code;
  row.procedure_code = select.Text(0);
  row.procedure_name = select.Text(1);
  row.agency_code = select.Text(2);
  row.received_date = select.Text(3);
  row.due_date = select.Text(4);
  row.channel = select.Text(5);
  if (!select.IsNull(6)) row.e_result = select.Int(6) != 0;
  return std::optional<RegisterRow>(std::move(row));
}

Status Write(Db& db, const RegisterRow& row, const std::string& source_file) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt upsert,
      db.Prepare("INSERT INTO register (dossier_code, procedure_code, procedure_name, "
                 "agency_code, received_date, due_date, channel, e_result, source_file, "
                 "imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " SOHOA_SQL_NOW ") "
                 "ON CONFLICT (dossier_code) DO UPDATE SET procedure_code = ?2, "
                 "procedure_name = ?3, agency_code = ?4, received_date = ?5, due_date = ?6, "
                 "channel = ?7, e_result = ?8, source_file = ?9, imported_at = " SOHOA_SQL_NOW));
  upsert.Bind(1, row.dossier_code)
      .Bind(2, row.procedure_code)
      .Bind(3, row.procedure_name)
      .Bind(4, row.agency_code)
      .Bind(5, row.received_date)
      .Bind(6, row.due_date)
      .Bind(7, row.channel)
      .Bind(9, source_file);
  if (row.e_result) {
    upsert.Bind(8, *row.e_result ? 1 : 0);
  } else {
    upsert.BindNull(8);
  }
  return upsert.Run();
}

// A name from the office's list of agencies (source 'list') stays: exports
// often abbreviate it.
Status NameAgency(Db& db, const std::string& code, const std::string& name) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt upsert,
      db.Prepare("INSERT INTO agencies (code, name, source, updated_at) "
                 "VALUES (?1, ?2, 'register', " SOHOA_SQL_NOW ") "
                 "ON CONFLICT (code) DO UPDATE SET name = ?2, updated_at = " SOHOA_SQL_NOW
                 " WHERE name <> ?2 AND source = 'register'"));
  upsert.Bind(1, code).Bind(2, name);
  return upsert.Run();
}

}  // namespace

Result<RegisterImportCounts> SqliteCatalog::StoreRegister(const std::vector<RegisterRow>& rows,
                                                          const std::string& source_file, const std::string& actor) {
  std::vector<RegisterRow> normalized = rows;
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  RegisterImportCounts counts;
  std::string last_agency_named;
  for (RegisterRow& row : normalized) {
    SOHOA_ASSIGN_OR_RETURN(std::optional<RegisterRow> stored, LoadRow(db, row.dossier_code));
    if (stored) {
      Merge(*stored, row);
      if (Same(*stored, row)) {
        ++counts.unchanged;
      } else {
        SOHOA_RETURN_IF_ERROR(Write(db, row, source_file));
        ++counts.updated;
      }
    } else {
      SOHOA_RETURN_IF_ERROR(Write(db, row, source_file));
      ++counts.added;
    }
    // Exports repeat the agency's name on every row: skip the runs.
    if (!row.agency_name.empty() && row.agency_code + row.agency_name != last_agency_named) {
      SOHOA_RETURN_IF_ERROR(NameAgency(db, row.agency_code, row.agency_name));
      last_agency_named = row.agency_code + row.agency_name;
    }
  }
  Event event;
  event.type = "import";
  event.object = source_file.empty() ? "register" : source_file;
  event.actor = actor;
  event.detail = "one-stop register: " + std::to_string(rows.size()) + " row(s), " +
                 std::to_string(counts.added) + " added, " + std::to_string(counts.updated) +
                 " updated, " + std::to_string(counts.unchanged) + " unchanged";
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return counts;
}

}  // namespace sohoa::archive
