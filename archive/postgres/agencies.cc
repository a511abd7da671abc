// PgAgencyDirectory: agency names from the office's list (source 'list'),
// which win over the names register exports give (archive/agencies.h).
#include "archive/postgres/registers.h"
#include "schema/text.h"

namespace sohoa::archive::postgres {

Result<AgencyImportCounts> PgAgencyDirectory::StoreAgencyNames(const std::vector<AgencyName>& names,
                                                               const std::string& source_file,
                                                               const std::string& actor) {
  std::vector<std::string> codes, normalized;
  codes.reserve(names.size());
  normalized.reserve(names.size());
  for (const AgencyName& a : names) {
    codes.push_back(a.code);
    normalized.push_back(ToNfc(a.name));
  }
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // A list naming one code twice is counted as the SQLite catalog counts it,
  // a row at a time: the second sees what the first wrote.
  AgencyImportCounts counts;
  for (size_t i = 0; i < names.size(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(
        Rows written,
        db->Query("WITH old AS (SELECT name, source FROM agencies WHERE code = $1 FOR UPDATE), "
                  "written AS (INSERT INTO agencies AS a (code, name, source, updated_at) "
                  "  VALUES ($1, $2, 'list', now()) ON CONFLICT (code) DO UPDATE SET name = $2, source = 'list', "
                  "  updated_at = now() WHERE (a.name, a.source) IS DISTINCT FROM ($2, 'list') RETURNING 1) "
                  "SELECT (SELECT count(*) FROM old), (SELECT count(*) FROM written)",
                  {codes[i], normalized[i]}));
    const bool found = written.Int(0, 0) > 0;
    if (found && written.Int(0, 1) == 0) {
      ++counts.unchanged;
    } else {
      ++(found ? counts.updated : counts.added);
    }
  }
  Event event;
  event.type = "import";
  event.object = source_file.empty() ? "agencies" : source_file;
  event.actor = actor;
  event.detail = "agency names: " + std::to_string(names.size()) + " row(s), " + std::to_string(counts.added) +
                 " added, " + std::to_string(counts.updated) + " updated, " + std::to_string(counts.unchanged) +
                 " unchanged";
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, event));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return counts;
}

Result<std::vector<AgencyEntry>> PgAgencyDirectory::ListAgencies() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query("SELECT code, name, source FROM agencies WHERE name <> '' "
                                              "ORDER BY code COLLATE \"C\""));
  std::vector<AgencyEntry> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back({rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2)});
  return out;
}

}  // namespace sohoa::archive::postgres
