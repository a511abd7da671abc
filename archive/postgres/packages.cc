// PgPackageLog: the event log as packages see it, as archive/sqlite/packages.cc
// reads and writes it; times read back as the SQLite catalog writes them.
#include <algorithm>

#include "archive/postgres/store.h"
#include "archive/postgres/store_rows.h"

namespace sohoa::archive::postgres {
namespace {

const std::string& EventColumns() {
  static const std::string columns = "SELECT " + IsoTime("at") + ", type, actor, outcome, detail FROM events ";
  return columns;
}

Event ReadEvent(const Rows& rows, int row, const std::string& object) {
  Event e;
  e.object = object;
  e.at = rows.Text(row, 0);
  e.type = rows.Text(row, 1);
  e.actor = rows.Text(row, 2);
  e.outcome = rows.Text(row, 3);
  e.detail = rows.Text(row, 4);
  return e;
}

}  // namespace

Result<std::vector<Event>> PgPackageLog::PreservationEventsOf(const std::string& code) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  std::vector<Event> out;
  SOHOA_ASSIGN_OR_RETURN(
      Rows events,
      db->Query(EventColumns() +
                    "e WHERE object = $1 AND type NOT IN ('export', 'import', 'view', 'download') "
                    "AND NOT EXISTS (SELECT 1 FROM package_imports p WHERE p.dossier_code = $1 "
                    "AND e.id > p.events_after AND e.id <= p.events_through) "
                    "ORDER BY date_trunc('milliseconds', at), id",
                {code}));
  for (int i = 0; i < events.size(); ++i) out.push_back(ReadEvent(events, i, code));
  if (out.empty()) return out;
  // sohoa verify logs one event for the whole store; its summary names the
  // sample, and only a 100% check is known to have read this dossier's files.
  SOHOA_ASSIGN_OR_RETURN(
      Rows fixity,
      db->Query(EventColumns() +
                    "WHERE object = 'blobs' AND type = 'fixity check' AND at >= $1::timestamptz "
                    "AND detail LIKE '%sample 100\\%)%' ESCAPE '\\' ORDER BY id DESC LIMIT 1",
                {out.front().at}));
  if (!fixity.empty()) {
    Event check = ReadEvent(fixity, 0, "blobs");
    auto after = std::upper_bound(out.begin(), out.end(), check.at,
                                  [](const std::string& at, const Event& e) { return at < e.at; });
    out.insert(after, std::move(check));
  }
  return out;
}

Status PgPackageLog::LogExports(const std::vector<std::string>& codes, const std::string& actor,
                                const std::string& detail) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  std::vector<Event> exports;
  for (const std::string& code : codes) exports.push_back({"export", code, actor, "success", detail, ""});
  SOHOA_RETURN_IF_ERROR(InsertEvents(*db, exports));
  return tx.Commit();
}

Result<std::int64_t> PgPackageLog::LastEventId() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query("SELECT coalesce(max(id), 0) FROM events"));
  return rows.Int(0, 0);
}

Status PgPackageLog::RecordImport(const std::string& code, std::int64_t events_after,
                                  const std::vector<Event>& events, const std::string& bag,
                                  const std::string& bagging_date, const std::string& actor,
                                  const std::string& detail) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(db->Run(
      "INSERT INTO package_imports (dossier_code, bag, bagging_date, events_after, events_through) "
      "SELECT $1, $2, $3, $4, coalesce(max(id), 0) FROM events",
      {code, bag, bagging_date, std::to_string(events_after)}));
  RowBatch rows(5);
  for (const Event& e : events) rows.Add(e.at, e.type, e.actor.empty() ? "sohoa" : e.actor, e.outcome, e.detail);
  if (!rows.empty()) {
    std::vector<Param> params = rows.Params();
    params.emplace_back(code);
    // InsertEvent stamps "now"; these keep the time they happened.
    SOHOA_RETURN_IF_ERROR(db->Run(
        "INSERT INTO events (at, type, object, actor, outcome, detail) "
        "SELECT coalesce(nullif(at, '')::timestamptz, now()), type, $6, actor, outcome, detail FROM unnest($1::text[], $2::text[], "
        "$3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(at, type, actor, outcome, detail, ord) "
        "ORDER BY ord",
        params));
  }
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, {"import", code, actor, "success", detail, ""}));
  return tx.Commit();
}

}  // namespace sohoa::archive::postgres
