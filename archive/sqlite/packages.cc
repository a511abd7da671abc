// SqliteCatalog's PackageLog: the event log as packages see it.
#include <algorithm>

#include "archive/sqlite/catalog.h"

namespace sohoa::archive {
namespace {

using internal::Stmt;
using internal::Transaction;

Event ReadEvent(const Stmt& row, const std::string& object) {
  Event e;
  e.object = object;
  e.at = row.Text(0);
  e.type = row.Text(1);
  e.actor = row.Text(2);
  e.outcome = row.Text(3);
  e.detail = row.Text(4);
  return e;
}

}  // namespace

Result<std::vector<Event>> SqliteCatalog::PreservationEventsOf(const std::string& code) {
  std::vector<Event> out;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db_.Prepare("SELECT at, type, actor, outcome, detail FROM events e "
                    "WHERE object = ?1 AND type NOT IN ('export', 'import', 'view', 'download') "
                    "AND NOT EXISTS "
                    "(SELECT 1 FROM package_imports p WHERE p.dossier_code = ?1 "
                    "AND e.id > p.events_after AND e.id <= p.events_through) "
                    "ORDER BY at, id"));
    select.Bind(1, code);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      out.push_back(ReadEvent(select, code));
    }
  }
  if (out.empty()) return out;
  // sohoa verify logs one event for the whole store; its summary names the
  // sample, and only a 100% check is known to have read this dossier's files.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt fixity,
      db_.Prepare("SELECT at, type, actor, outcome, detail FROM events "
                  "WHERE object = 'blobs' AND type = 'fixity check' AND at >= ?1 "
                  "AND detail LIKE '%sample 100\\%)%' ESCAPE '\\' ORDER BY id DESC LIMIT 1"));
  fixity.Bind(1, out.front().at);
  SOHOA_ASSIGN_OR_RETURN(bool row, fixity.Step());
  if (row) {
    Event check = ReadEvent(fixity, "blobs");
    auto after = std::upper_bound(out.begin(), out.end(), check.at,
                                  [](const std::string& at, const Event& e) { return at < e.at; });
    out.insert(after, std::move(check));
  }
  return out;
}

Status SqliteCatalog::LogExports(const std::vector<std::string>& codes, const std::string& actor,
                                 const std::string& detail) {
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_));
  for (const std::string& code : codes) {
    SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db_, {"export", code, actor, "success", detail, ""}));
  }
  return tx.Commit();
}

Result<bool> SqliteCatalog::HoldsDossier(const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare("SELECT 1 FROM dossiers WHERE code = ?1"));
  select.Bind(1, code);
  return select.Step();
}

Result<bool> SqliteCatalog::HoldsDocument(const std::string& identifier) {
  const std::size_t dot = identifier.rfind('.');
  if (dot == std::string::npos) return false;
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db_.Prepare("SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                                     "WHERE d.code = ?1 AND CAST(doc.number AS TEXT) = ?2"));
  select.Bind(1, identifier.substr(0, dot)).Bind(2, identifier.substr(dot + 1));
  return select.Step();
}

Result<std::int64_t> SqliteCatalog::LastEventId() {
  return db_.QueryInt("SELECT coalesce(max(id), 0) FROM events");
}

Status SqliteCatalog::RecordImport(const std::string& code, std::int64_t events_after,
                                   const std::vector<Event>& events, const std::string& bag,
                                   const std::string& bagging_date, const std::string& actor,
                                   const std::string& detail) {
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_));
  SOHOA_ASSIGN_OR_RETURN(std::int64_t events_through, db_.QueryInt("SELECT coalesce(max(id), 0) FROM events"));
  SOHOA_ASSIGN_OR_RETURN(
      Stmt record,
      db_.Prepare("INSERT INTO package_imports (dossier_code, bag, bagging_date, events_after, "
                  "events_through, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, " SOHOA_SQL_NOW ")"));
  record.Bind(1, code).Bind(2, bag).Bind(3, bagging_date).Bind(4, events_after).Bind(5, events_through);
  SOHOA_RETURN_IF_ERROR(record.Run());
  for (const Event& e : events) {
    // InsertEvent stamps "now"; these keep the time they happened.
    SOHOA_ASSIGN_OR_RETURN(Stmt insert, db_.Prepare("INSERT INTO events (at, type, object, actor, outcome, detail) "
                                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert.Bind(1, e.at)
        .Bind(2, e.type)
        .Bind(3, code)
        .Bind(4, e.actor.empty() ? "sohoa" : e.actor)
        .Bind(5, e.outcome)
        .Bind(6, e.detail);
    SOHOA_RETURN_IF_ERROR(insert.Run());
  }
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db_, {"import", code, actor, "success", detail, ""}));
  return tx.Commit();
}

}  // namespace sohoa::archive
