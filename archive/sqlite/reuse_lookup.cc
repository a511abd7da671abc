// Catalog::DocumentsOfCitizen: the archived documents a new scan may
// re-digitize (missed reuse, ingest/reuse_detect.h).
#include <map>

#include "archive/catalog.h"
#include "archive/sqlite/catalog.h"
#include "archive/sqlite/scope_sql.h"
#include "schema/citizen_id.h"

namespace sohoa::archive {

using internal::Db;
using internal::Stmt;

Result<std::vector<ArchivedDocument>> SqliteCatalog::DocumentsOfCitizen(const std::string& citizen_id) {
  if (!CheckCitizenId(citizen_id).well_formed) {
    return InvalidArgument("'" + citizen_id + "' is not a citizen ID: it must be 12 digits");
  }
  Db& db = db_;
  // A dossier whose citizen_id field was misread may still show the number
  // on a page (the ID copy, the form), hence the full-text half.
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare("WITH holders AS ("
                 "  SELECT dossier_id AS id FROM fields WHERE value = ?1"
                 "  UNION"
                 "  SELECT sp.dossier_id FROM page_search"
                 "  JOIN search_pages sp ON sp.page_id = page_search.rowid"
                 "  WHERE page_search MATCH ?2) "
                 "SELECT d.code, doc.id, doc.number, doc.kind, doc.reused_from "
                 "FROM holders h JOIN dossiers d ON d.id = h.id "
                 "JOIN documents doc ON doc.dossier_id = d.id WHERE 1" +
                 internal::ScopeCondition(scope_, "d.agency_code", "d.code") +
                 " ORDER BY d.code, doc.number"));
  select.Bind(1, citizen_id).Bind(2, "text : \"" + citizen_id + "\"");
  std::vector<ArchivedDocument> out;
  std::map<std::int64_t, std::size_t> by_document_id;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    ArchivedDocument doc;
    doc.dossier_code = select.Text(0);
    doc.number = static_cast<int>(select.Int(2));
    doc.identifier = doc.dossier_code + "." + std::to_string(doc.number);
    doc.kind = select.Text(3);
    doc.reused_from = select.Text(4);
    by_document_id[select.Int(1)] = out.size();
    out.push_back(std::move(doc));
  }
  for (const auto& [document_id, index] : by_document_id) {
    // Prepare is cached: each use gets the statement reset and unbound.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt read,
        db.Prepare("SELECT text, image_sha256 FROM pages WHERE document_id = ?1 ORDER BY number"));
    read.Bind(1, document_id);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, read.Step());
      if (!row) break;
      out[index].page_texts.push_back(read.Text(0));
      out[index].page_image_sha256s.push_back(read.Text(1));
    }
  }
  return out;
}

}  // namespace sohoa::archive
