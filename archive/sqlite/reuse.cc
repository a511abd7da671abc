// SqliteCatalog::RecordReuse: the explicit reuse rows (QĐ 766 indicator
// 4.3); archive/reuse.cc checks the names first.
#include "archive/sqlite/catalog.h"

namespace sohoa::archive {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

Status SqliteCatalog::RecordReuse(const std::string& dossier_code, const std::string& source,
                                  const std::string& source_dossier, int source_number, const std::string& component,
                                  const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt find, db.Prepare("SELECT 1 FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id "
                              "WHERE d.code = ?1 AND doc.number = ?2"));
    find.Bind(1, source_dossier).Bind(2, source_number);
    SOHOA_ASSIGN_OR_RETURN(bool found, find.Step());
    if (!found) {
      return NotFound("no archived document " + source + ": 'sohoa show " + source_dossier +
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
