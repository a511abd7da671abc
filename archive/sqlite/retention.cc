// SqliteCatalog's RetentionStore: the period per procedure, the dossiers
// past it, and the rows of a deletion. archive/retention.cc checks the
// input and removes the blobs.
#include <set>

#include "archive/sqlite/catalog.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

// The dossier's retention and due date ("" when never due), as SQL works it
// out for DossiersPastRetention, so listing and deleting agree.
constexpr std::string_view kDueSql =
    "SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.received_date, "
    "       coalesce(p.retention, ''), "
    "       CASE WHEN p.retention GLOB '[0-9]*' AND d.received_date <> '' "
    "            THEN date(d.received_date, '+' || p.retention || ' years') ELSE '' END AS due "
    "FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code ";

}  // namespace

Status SqliteCatalog::SetRetention(const std::string& procedure_code, const std::string& normalized,
                                   const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(Stmt update, db.Prepare("UPDATE procedures SET retention = ?2 WHERE code = ?1"));
  update.Bind(1, procedure_code).Bind(2, normalized);
  SOHOA_RETURN_IF_ERROR(update.Run());
  SOHOA_ASSIGN_OR_RETURN(std::int64_t changed, db.QueryInt("SELECT changes()"));
  if (changed == 0) {
    return NotFound("no procedure " + procedure_code +
                    " in the catalog: see 'sohoa catalog list', or import one with 'sohoa catalog import'");
  }
  Event event;
  event.type = "retention change";
  event.object = procedure_code;
  event.actor = actor;
  event.detail = normalized.empty() ? "retention cleared" : "retention " + normalized;
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  return tx.Commit();
}

Result<std::vector<RetentionDue>> SqliteCatalog::DossiersPastRetention(const std::string& as_of) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare(std::string(kDueSql) +
                                                 "WHERE due <> '' AND due <= ?1 ORDER BY due, d.code"));
  select.Bind(1, as_of);
  std::vector<RetentionDue> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    RetentionDue due;
    due.code = select.Text(1);
    due.procedure_code = select.Text(2);
    due.procedure_name = select.Text(3);
    due.received_date = select.Text(4);
    due.retention = select.Text(5);
    due.due_date = select.Text(6);
    out.push_back(std::move(due));
  }
  return out;
}

Result<DeletedRows> SqliteCatalog::DeleteDossierRows(const DeletionRequest& request) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));

  SOHOA_ASSIGN_OR_RETURN(Stmt dossier, db.Prepare(std::string(kDueSql) + "WHERE d.code = ?1"));
  dossier.Bind(1, request.code);
  SOHOA_ASSIGN_OR_RETURN(bool found, dossier.Step());
  if (!found) return NotFound("no dossier with code " + request.code);
  const std::int64_t id = dossier.Int(0);
  const std::string procedure_code = dossier.Text(2);
  const std::string received_date = dossier.Text(4);
  const std::string retention = dossier.Text(5);
  const std::string due = dossier.Text(6);
  SOHOA_ASSIGN_OR_RETURN(const std::string reason, DeletionReason(request, procedure_code, retention, due));

  DeletedRows result;
  std::set<std::string>& its_blobs = result.blobs;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select, db.Prepare("SELECT doc.source_sha256, doc.pdf_sha256, p.image_sha256 FROM documents doc "
                                "LEFT JOIN pages p ON p.document_id = doc.id WHERE doc.dossier_id = ?1"));
    select.Bind(1, id);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      for (int c = 0; c < 3; ++c) {
        if (!select.IsNull(c) && !select.Text(c).empty()) its_blobs.insert(select.Text(c));
      }
    }
  }
  SOHOA_ASSIGN_OR_RETURN(
      Stmt count, db.Prepare("SELECT count(*) FROM documents WHERE dossier_id = ?1"));
  count.Bind(1, id);
  SOHOA_ASSIGN_OR_RETURN(bool counted, count.Step());
  if (counted) result.documents = static_cast<int>(count.Int(0));

  SOHOA_ASSIGN_OR_RETURN(
      Stmt record,
      db.Prepare("INSERT INTO deletions (dossier_code, procedure_code, received_date, retention, deleted_by, "
                 "reason, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " SOHOA_SQL_NOW ")"));
  record.Bind(1, request.code)
      .Bind(2, procedure_code)
      .Bind(3, received_date)
      .Bind(4, retention)
      .Bind(5, request.actor)
      .Bind(6, reason);
  SOHOA_RETURN_IF_ERROR(record.Run());
  SOHOA_RETURN_IF_ERROR(internal::ForgetClassifierExample(db, request.code));
  // Documents, pages (and so their index rows) and fields go by cascade.
  SOHOA_ASSIGN_OR_RETURN(Stmt remove, db.Prepare("DELETE FROM dossiers WHERE id = ?1"));
  remove.Bind(1, id);
  SOHOA_RETURN_IF_ERROR(remove.Run());

  Event event;
  event.type = "deletion";
  event.object = request.code;
  event.actor = request.actor;
  event.detail = reason + "; retention " + (retention.empty() ? "not set" : retention + " years") +
                 ", " + std::to_string(result.documents) + " document(s)";
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, event));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return result;
}

Result<std::vector<DeletionRecord>> SqliteCatalog::Deletions() {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Stmt select,
                         db.Prepare("SELECT dossier_code, procedure_code, received_date, retention, deleted_by, "
                                    "reason, deleted_at FROM deletions ORDER BY id"));
  std::vector<DeletionRecord> out;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back({select.Text(0), select.Text(1), select.Text(2), select.Text(3), select.Text(4),
                   select.Text(5), select.Text(6)});
  }
  return out;
}

}  // namespace sohoa::archive
