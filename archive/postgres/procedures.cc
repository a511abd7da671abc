// PgProcedureCatalog and PgEventLog: the procedure catalog and the event log
// in PostgreSQL, as archive/catalog.h says and the SQLite catalog does.
#include <map>

#include "archive/internal/catalog_checks.h"
#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {
namespace {

constexpr const char* kProcedureColumns =
    "SELECT code, name, field, level, form_titles, result_titles, requires_paper_result, code_status, retention "
    "FROM procedures ";

// An event's time as the SQLite catalog writes it: 2024-03-15T08:12:33.123Z.
constexpr const char* kEventTime = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

Procedure ReadProcedure(const Rows& rows, int row) {
  Procedure p;
  p.code = rows.Text(row, 0);
  p.name = rows.Text(row, 1);
  p.field = rows.Text(row, 2);
  p.level = rows.Text(row, 3);
  p.form_titles = internal::SplitTitles(rows.Text(row, 4));
  p.result_titles = internal::SplitTitles(rows.Text(row, 5));
  p.requires_paper_result = rows.Text(row, 6) == "t";
  p.code_status = rows.Text(row, 7);
  p.retention = rows.Text(row, 8);
  return p;
}

}  // namespace

Status InsertEvent(Connection& db, const Event& event) {
  SOHOA_ASSIGN_OR_RETURN(const std::string outcome, internal::CheckEvent(event));
  return db.Run("INSERT INTO events (type, object, actor, outcome, detail) VALUES ($1, $2, $3, $4, $5)",
                {event.type, event.object, event.actor.empty() ? "sohoa" : event.actor, outcome, event.detail});
}

Status WriteProcedures(Connection& db, const std::vector<Procedure>& procedures) {
  std::map<std::string, std::string> kept_retention;
  {
    SOHOA_ASSIGN_OR_RETURN(Rows kept, db.Query("SELECT code, retention FROM procedures WHERE retention <> ''"));
    for (int i = 0; i < kept.size(); ++i) kept_retention[kept.Text(i, 0)] = kept.Text(i, 1);
  }
  SOHOA_RETURN_IF_ERROR(db.Run("DELETE FROM procedures"));
  int position = 0;
  for (const Procedure& p : procedures) {
    const auto kept = kept_retention.find(p.code);
    const std::string& retention = p.retention.empty() && kept != kept_retention.end() ? kept->second : p.retention;
    SOHOA_RETURN_IF_ERROR(db.Run(
        "INSERT INTO procedures (code, position, name, field, level, form_titles, result_titles, "
        "requires_paper_result, code_status, retention) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {p.code, std::to_string(++position), p.name, p.field, p.level, internal::JoinTitles(p.form_titles),
         internal::JoinTitles(p.result_titles), p.requires_paper_result ? "true" : "false", p.code_status,
         retention}));
  }
  return Status::Ok();
}

Status PgProcedureCatalog::ReplaceProcedures(const std::vector<Procedure>& procedures) {
  SOHOA_RETURN_IF_ERROR(internal::CheckProcedures(procedures).WithContext("procedure catalog"));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool_.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(WriteProcedures(*db, procedures));
  Event event;
  event.type = "catalog import";
  event.object = "procedures";
  event.detail = std::to_string(procedures.size()) + " procedures";
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, event));
  return tx.Commit();
}

Result<std::vector<Procedure>> PgProcedureCatalog::Procedures() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool_.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(std::string(kProcedureColumns) + "ORDER BY position, code"));
  std::vector<Procedure> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(ReadProcedure(rows, i));
  return out;
}

Result<std::optional<Procedure>> PgProcedureCatalog::FindProcedure(const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool_.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(std::string(kProcedureColumns) + "WHERE code = $1", {code}));
  if (rows.empty()) return std::optional<Procedure>();
  return std::optional<Procedure>(ReadProcedure(rows, 0));
}

Status PgEventLog::AppendEvent(const Event& event) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool_.Acquire());
  return InsertEvent(*db, event);
}

Result<std::vector<Event>> PgEventLog::Events(const EventFilter& filter) {
  SOHOA_RETURN_IF_ERROR(internal::CheckEventFilter(filter));
  // Only the set members become conditions; the values are always bound.
  std::vector<Param> params;
  std::string where = " WHERE true";
  const auto bind = [&](const std::string& condition, std::string value) {
    params.push_back(std::move(value));
    where += " AND " + condition + "$" + std::to_string(params.size());
  };
  if (!filter.object.empty()) bind("object = ", filter.object);
  if (!filter.actor.empty()) bind("actor = ", filter.actor);
  if (!filter.type.empty()) bind("type = ", filter.type);
  // A day alone is its start, in UTC, as the SQLite catalog compares it.
  if (!filter.since.empty()) {
    bind("at >= ", filter.since.size() == 10 ? filter.since + "T00:00:00Z" : filter.since);
    where += "::timestamptz";
  }
  std::string sql = std::string("SELECT id, type, object, actor, outcome, detail, ") + kEventTime + " FROM events" + where;
  if (filter.limit > 0) {
    params.push_back(std::to_string(filter.limit));
    sql = "SELECT * FROM (" + sql + " ORDER BY id DESC LIMIT $" + std::to_string(params.size()) + ") newest";
  }
  sql += " ORDER BY id";
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, pool_.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query(sql, params));
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    Event e;
    e.type = rows.Text(i, 1);
    e.object = rows.Text(i, 2);
    e.actor = rows.Text(i, 3);
    e.outcome = rows.Text(i, 4);
    e.detail = rows.Text(i, 5);
    e.at = rows.Text(i, 6);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sohoa::archive::postgres
