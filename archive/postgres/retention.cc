// PgRetentionStore: the period per procedure, the dossiers past it, and the
// rows of a deletion, as the SQLite catalog keeps them. archive/retention.cc
// checks the input and removes the blobs.
#include "archive/postgres/registers.h"
#include "archive/postgres/store.h"

namespace sohoa::archive::postgres {
namespace {

// The dossier's retention and due date ('' when never due), worked out the
// same way for listing and for deleting. A due date is the received date
// with the years added as SQLite's date(d, '+N years') adds them: a day the
// month lacks runs over into the next (2016-02-29 + 1 year = 2017-03-01),
// where PostgreSQL's interval arithmetic would stop at 2017-02-28.
constexpr std::string_view kDueSql =
    "SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.received_date, "
    "       coalesce(p.retention, '') AS retention, "
    "       CASE WHEN p.retention ~ '^[0-9]{1,4}$' AND d.received_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-[0-3][0-9]$' "
    "            THEN to_char(make_date(substr(d.received_date, 1, 4)::int + p.retention::int, "
    "                                   substr(d.received_date, 6, 2)::int, 1) "
    "                         + (substr(d.received_date, 9, 2)::int - 1), 'YYYY-MM-DD') "
    "            ELSE '' END AS due "
    "FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code ";

}  // namespace

Status PgRetentionStore::SetRetention(const std::string& procedure_code, const std::string& retention,
                                      const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows updated, db->Query("UPDATE procedures SET retention = $2 WHERE code = $1 RETURNING 1",
                                                 {procedure_code, retention}));
  if (updated.empty()) {
    return NotFound("no procedure " + procedure_code +
                    " in the catalog: see 'sohoa catalog list', or import one with 'sohoa catalog import'");
  }
  Event event;
  event.type = "retention change";
  event.object = procedure_code;
  event.actor = actor;
  event.detail = retention.empty() ? "retention cleared" : "retention " + retention;
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, event));
  return tx.Commit();
}

Result<std::vector<RetentionDue>> PgRetentionStore::DossiersPastRetention(const std::string& as_of) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(
      Rows rows, db->Query("SELECT code, procedure_code, procedure_name, received_date, retention, due FROM (" +
                               std::string(kDueSql) +
                               ") s WHERE due <> '' AND due <= $1 ORDER BY due COLLATE \"C\", code COLLATE \"C\"",
                           {as_of}));
  std::vector<RetentionDue> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    RetentionDue due;
    due.code = rows.Text(i, 0);
    due.procedure_code = rows.Text(i, 1);
    due.procedure_name = rows.Text(i, 2);
    due.received_date = rows.Text(i, 3);
    due.retention = rows.Text(i, 4);
    due.due_date = rows.Text(i, 5);
    out.push_back(std::move(due));
  }
  return out;
}

Result<DeletedRows> PgRetentionStore::DeleteDossierRows(const DeletionRequest& request) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // FOR UPDATE: a later scan of the dossier stored meanwhile waits, then
  // finds it gone, rather than adding documents to rows being deleted.
  SOHOA_ASSIGN_OR_RETURN(Rows dossier,
                         db->Query(std::string(kDueSql) + "WHERE d.code = $1 FOR UPDATE OF d", {request.code}));
  if (dossier.empty()) return NotFound("no dossier with code " + request.code);
  const std::string id = dossier.Text(0, 0);
  const std::string procedure_code = dossier.Text(0, 2);
  const std::string received_date = dossier.Text(0, 4);
  const std::string retention = dossier.Text(0, 5);
  const std::string due = dossier.Text(0, 6);
  SOHOA_ASSIGN_OR_RETURN(const std::string reason, DeletionReason(request, procedure_code, retention, due));

  DeletedRows result;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Rows blobs, db->Query("SELECT doc.source_sha256, doc.pdf_sha256, p.image_sha256 FROM documents doc "
                              "LEFT JOIN pages p ON p.document_id = doc.id WHERE doc.dossier_id = $1",
                              {id}));
    for (int i = 0; i < blobs.size(); ++i) {
      for (int c = 0; c < 3; ++c) {
        if (!blobs.IsNull(i, c) && !blobs.Text(i, c).empty()) result.blobs.insert(blobs.Text(i, c));
      }
    }
    SOHOA_ASSIGN_OR_RETURN(Rows count, db->Query("SELECT count(*) FROM documents WHERE dossier_id = $1", {id}));
    result.documents = static_cast<int>(count.Int(0, 0));
  }

  SOHOA_RETURN_IF_ERROR(db->Run("INSERT INTO deletions (dossier_code, procedure_code, received_date, retention, "
                                "deleted_by, reason) VALUES ($1, $2, $3, $4, $5, $6)",
                                {request.code, procedure_code, received_date, retention, request.actor, reason}));
  SOHOA_RETURN_IF_ERROR(ForgetClassifierExample(*db, request.code));
  // Documents, pages (and so their index rows) and fields go by cascade.
  SOHOA_RETURN_IF_ERROR(db->Run("DELETE FROM dossiers WHERE id = $1", {id}));

  Event event;
  event.type = "deletion";
  event.object = request.code;
  event.actor = request.actor;
  event.detail = reason + "; retention " + (retention.empty() ? "not set" : retention + " years") + ", " +
                 std::to_string(result.documents) + " document(s)";
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, event));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return result;
}

Result<std::vector<DeletionRecord>> PgRetentionStore::Deletions() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query("SELECT dossier_code, procedure_code, received_date, retention, "
                                              "deleted_by, reason, " +
                                              IsoTime("deleted_at") + " FROM deletions ORDER BY id"));
  std::vector<DeletionRecord> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3), rows.Text(i, 4),
                   rows.Text(i, 5), rows.Text(i, 6)});
  }
  return out;
}

}  // namespace sohoa::archive::postgres
