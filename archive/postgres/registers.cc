// PgRegisterStore's writes: the one-stop register (the denominator of every
// rate) and explicit reuse. The rates and the backlog are in rates.cc.
#include "archive/postgres/registers.h"

#include <map>
#include <unordered_set>

namespace sohoa::archive::postgres {
namespace {

// Rows per statement: bounds the size of the array parameters.
constexpr size_t kRegisterChunk = 20000;

// "{t,f,NULL}": a boolean[] parameter.
std::string BoolArray(const std::vector<std::optional<bool>>& values) {
  std::string out = "{";
  for (const std::optional<bool>& v : values) {
    if (out.size() > 1) out += ',';
    out += !v ? "NULL" : *v ? "t" : "f";
  }
  return out + "}";
}

// Upserts `rows` (no dossier code twice) as the SQLite catalog does a row
// at a time: an empty value (or unset flag) keeps what an earlier export
// said, since exports with fewer columns must not erase what a fuller one
// gave; a row whose merged values are those stored is left alone. Adds what
// it did to `counts`.
Status UpsertChunk(Connection& db, const std::vector<const RegisterRow*>& rows, const std::string& source_file,
                   RegisterImportCounts& counts) {
  std::vector<std::string> code, procedure_code, procedure_name, agency_code, received, due, channel;
  std::vector<std::optional<bool>> e_result;
  for (const RegisterRow* row : rows) {
    code.push_back(row->dossier_code);
    procedure_code.push_back(row->procedure_code);
    procedure_name.push_back(row->procedure_name);
    agency_code.push_back(row->agency_code);
    received.push_back(row->received_date);
    due.push_back(row->due_date);
    channel.push_back(row->channel);
    e_result.push_back(row->e_result);
  }
  // `keep` is the merged value: the stored one where the row has none.
  auto keep = [](const char* column) {
    const std::string c(column);
    return "CASE WHEN i." + c + " = '' THEN coalesce(r." + c + ", '') ELSE i." + c + " END";
  };
  auto same = [](const char* column) {
    const std::string c(column);
    return " AND i." + c + " IN ('', r." + c + ")";
  };
  SOHOA_ASSIGN_OR_RETURN(
      Rows counted,
      db.Query("WITH merged AS MATERIALIZED ("
               "  SELECT i.dossier_code, " + keep("procedure_code") + " AS procedure_code, " +
                   keep("procedure_name") + " AS procedure_name, " + keep("agency_code") + " AS agency_code, " +
                   keep("received_date") + " AS received_date, " + keep("due_date") + " AS due_date, " +
                   keep("channel") + " AS channel, coalesce(i.e_result, r.e_result) AS e_result, "
               "         r.dossier_code IS NOT NULL AS existed, "
               "         coalesce(r.dossier_code IS NOT NULL" + same("procedure_code") + same("procedure_name") +
                   same("agency_code") + same("received_date") + same("due_date") + same("channel") +
                   " AND (i.e_result IS NULL OR i.e_result IS NOT DISTINCT FROM r.e_result), false) AS same"
               "  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
               "              $8::boolean[]) AS i (dossier_code, procedure_code, procedure_name, agency_code, "
               "                                  received_date, due_date, channel, e_result) "
               "  LEFT JOIN register r ON r.dossier_code = i.dossier_code), "
               "written AS ("
               "  INSERT INTO register (dossier_code, procedure_code, procedure_name, agency_code, received_date, "
               "                        due_date, channel, e_result, source_file, imported_at) "
               "  SELECT dossier_code, procedure_code, procedure_name, agency_code, received_date, due_date, "
               "         channel, e_result, $9, now() FROM merged WHERE NOT same "
               "  ON CONFLICT (dossier_code) DO UPDATE SET procedure_code = EXCLUDED.procedure_code, "
               "    procedure_name = EXCLUDED.procedure_name, agency_code = EXCLUDED.agency_code, "
               "    received_date = EXCLUDED.received_date, due_date = EXCLUDED.due_date, "
               "    channel = EXCLUDED.channel, e_result = EXCLUDED.e_result, "
               "    source_file = EXCLUDED.source_file, imported_at = EXCLUDED.imported_at) "
               "SELECT count(*) FILTER (WHERE NOT existed), count(*) FILTER (WHERE existed AND NOT same), "
               "       count(*) FILTER (WHERE same) FROM merged",
               {TextArray(code), TextArray(procedure_code), TextArray(procedure_name), TextArray(agency_code),
                TextArray(received), TextArray(due), TextArray(channel), BoolArray(e_result), source_file}));
  counts.added += counted.Int(0, 0);
  counts.updated += counted.Int(0, 1);
  counts.unchanged += counted.Int(0, 2);
  return Status::Ok();
}

// Names the agencies of the register rows, each with the last name the
// export gave it. A name from the office's list (source 'list') stays:
// exports often abbreviate it.
Status NameAgencies(Connection& db, const std::vector<RegisterRow>& rows) {
  std::map<std::string, std::string> named;
  for (const RegisterRow& row : rows) {
    if (!row.agency_name.empty()) named[row.agency_code] = row.agency_name;
  }
  if (named.empty()) return Status::Ok();
  std::vector<std::string> codes, names;
  for (const auto& [code, name] : named) {
    codes.push_back(code);
    names.push_back(name);
  }
  return db.Run(
      "INSERT INTO agencies AS a (code, name, source, updated_at) "
      "SELECT code, name, 'register', now() FROM unnest($1::text[], $2::text[]) AS n (code, name) "
      "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at "
      "WHERE a.name <> EXCLUDED.name AND a.source = 'register'",
      {TextArray(codes), TextArray(names)});
}

}  // namespace

Result<RegisterImportCounts> PgRegisterStore::StoreRegister(const std::vector<RegisterRow>& rows,
                                                            const std::string& source_file,
                                                            const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  RegisterImportCounts counts;
  // A dossier code the export repeats starts a new statement, so that its
  // second row merges with what its first one wrote, as row by row.
  std::vector<const RegisterRow*> chunk;
  std::unordered_set<std::string_view> in_chunk;
  for (const RegisterRow& row : rows) {
    if (chunk.size() == kRegisterChunk || in_chunk.count(row.dossier_code) != 0) {
      SOHOA_RETURN_IF_ERROR(UpsertChunk(*db, chunk, source_file, counts));
      chunk.clear();
      in_chunk.clear();
    }
    chunk.push_back(&row);
    in_chunk.insert(row.dossier_code);
  }
  if (!chunk.empty()) SOHOA_RETURN_IF_ERROR(UpsertChunk(*db, chunk, source_file, counts));
  SOHOA_RETURN_IF_ERROR(NameAgencies(*db, rows));
  Event event;
  event.type = "import";
  event.object = source_file.empty() ? "register" : source_file;
  event.actor = actor;
  event.detail = "one-stop register: " + std::to_string(rows.size()) + " row(s), " + std::to_string(counts.added) +
                 " added, " + std::to_string(counts.updated) + " updated, " + std::to_string(counts.unchanged) +
                 " unchanged";
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, event));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  // A large import leaves as many rows pending: the importer, rather than
  // the next report, moves them into the rates' sums.
  if (rows.size() >= static_cast<size_t>(kPendingRowsRefreshed)) {
    SOHOA_RETURN_IF_ERROR(RefreshRateCounts(*db, kPendingRowsRefreshed));
  }
  return counts;
}

Status PgRegisterStore::RecordReuse(const std::string& dossier_code, const std::string& source,
                                    const std::string& source_dossier, int source_number,
                                    const std::string& component, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows found, db->Query("SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                                               "WHERE d.code = $1 AND doc.number = $2",
                                               {source_dossier, std::to_string(source_number)}));
  if (found.empty()) {
    return NotFound("no archived document " + source + ": 'sohoa show " + source_dossier +
                    "' lists the documents of that dossier");
  }
  // Recording the same reuse twice changes nothing, and logs nothing.
  SOHOA_ASSIGN_OR_RETURN(Rows added, db->Query("INSERT INTO reuse (dossier_code, component, source, kind, actor) "
                                               "VALUES ($1, $2, $3, 'explicit', $4) "
                                               "ON CONFLICT (dossier_code, component, source, kind) DO NOTHING "
                                               "RETURNING 1",
                                               {dossier_code, component, source, actor}));
  if (added.empty()) return Status::Ok();
  Event event;
  event.type = "reuse";
  event.object = dossier_code;
  event.actor = actor;
  event.detail =
      (component.empty() ? std::string("a component") : "component " + component) + " taken from " + source;
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, event));
  return tx.Commit();
}

}  // namespace sohoa::archive::postgres
