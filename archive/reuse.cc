// RecordReuse: staff took a component of a new dossier from a document
// already in the archive instead of scanning it again (QĐ 766 indicator 4.3).
// Rows of kind 'missed' (a re-scan sohoa noticed) are written at ingest.
#include "archive/internal/catalog_impl.h"
#include "archive/rates.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

struct DocumentName {
  std::string dossier_code;
  int number = 0;
};

// "<dossier code>.<n>" (TT 02/2019 file naming): the code itself holds dots,
// so the number is what follows the last one.
Result<DocumentName> ParseDocumentName(const std::string& source) {
  const size_t dot = source.rfind('.');
  auto bad = [&] {
    return InvalidArgument("\"" + source +
                           "\" is not a document name: write <dossier code>.<n>, e.g. "
                           "000.31.22.H32-230620-0017.2 for its second document");
  };
  if (dot == std::string::npos || dot == 0 || dot + 1 >= source.size() ||
      source.size() - dot > 5) {
    return bad();
  }
  int number = 0;
  for (size_t i = dot + 1; i < source.size(); ++i) {
    if (source[i] < '0' || source[i] > '9') return bad();
    number = number * 10 + (source[i] - '0');
  }
  if (number < 1) return bad();
  return DocumentName{source.substr(0, dot), number};
}

}  // namespace

Status RecordReuse(Catalog& catalog, const std::string& dossier_code, const std::string& source,
                   const std::string& component, const std::string& actor) {
  if (dossier_code.empty()) return InvalidArgument("reuse: which dossier reused the document?");
  SOHOA_ASSIGN_OR_RETURN(DocumentName name, ParseDocumentName(source));
  if (name.dossier_code == dossier_code) {
    return InvalidArgument("reuse: " + source + " is a document of " + dossier_code +
                           " itself; name a document of an earlier dossier");
  }
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt find, db.Prepare("SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                              "WHERE d.code = ?1 AND doc.number = ?2"));
    find.Bind(1, name.dossier_code).Bind(2, name.number);
    SOHOA_ASSIGN_OR_RETURN(bool found, find.Step());
    if (!found) {
      return NotFound("no archived document " + source + ": 'sohoa show " + name.dossier_code +
                      "' lists the documents of that dossier");
    }
  }
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt known, db.Prepare("SELECT 1 FROM reuse WHERE dossier_code = ?1 AND component = ?2 "
                               "AND source = ?3 AND kind = 'explicit'"));
    known.Bind(1, dossier_code).Bind(2, component).Bind(3, source);
    SOHOA_ASSIGN_OR_RETURN(bool found, known.Step());
    if (found) return Status::Ok();
  }
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert,
      db.Prepare("INSERT INTO reuse (dossier_code, component, source, kind, actor, at) "
                 "VALUES (?1, ?2, ?3, 'explicit', ?4, " SOHOA_SQL_NOW ")"));
  insert.Bind(1, dossier_code).Bind(2, component).Bind(3, source).Bind(4, actor);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  Event event;
  event.type = "reuse";
  event.object = dossier_code;
  event.actor = actor;
  event.detail = (component.empty() ? std::string("a component") : "component " + component) +
                 " taken from " + source;
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  return tx.Commit();
}

}  // namespace sohoa::archive
