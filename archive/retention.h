// Retention (thời hạn bảo quản, TT 02/2019/TT-BNV): each procedure says how
// long its dossiers are kept; sohoa lists the dossiers past it, and deletes
// one only when a person says so, recording who and why. A deleted dossier's
// events stay in the log and a deletion record stays for ever.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive {

// Sets a procedure's retention ("permanent", "20", "20 năm", "vĩnh viễn"; ""
// clears it) and logs a "retention change" event. NotFound for a procedure
// the catalog does not hold; InvalidArgument for a malformed period.
Status SetRetention(Catalog& catalog, const std::string& procedure_code, const std::string& retention,
                    const std::string& actor);

struct RetentionDue {
  std::string code, procedure_code, procedure_name;
  std::string received_date;  // YYYY-MM-DD
  std::string retention;      // years, as stored
  std::string due_date;       // received + retention years, YYYY-MM-DD
};

// Dossiers whose retention ended on or before `as_of` (YYYY-MM-DD), oldest
// due first. Dossiers without a received date, of a procedure without a
// retention, or kept permanently are never due. InvalidArgument for a
// malformed date.
Result<std::vector<RetentionDue>> DossiersPastRetention(Catalog& catalog, const std::string& as_of);

struct DeletionRequest {
  std::string code;
  std::string actor;    // who asked: required
  std::string reason;   // why (a decision number, a disposal list): required
  std::string as_of;    // YYYY-MM-DD the retention is checked against
  bool before_due = false;  // delete although not past retention (recorded)
};

struct DeletionResult {
  int documents = 0;
  int blobs_removed = 0;  // originals, PDFs and page scans nothing else uses
};

// Deletes one dossier's catalog rows in one transaction, records the
// deletion (who, why, when, the retention it was under) and a "deletion"
// event, then removes its blobs that no other row references.
// InvalidArgument, with nothing deleted, without an actor or a reason, for a
// dossier kept permanently, or for one not past its retention unless
// before_due; NotFound for an unknown code.
Result<DeletionResult> DeleteDossier(Catalog& catalog, BlobStore& blobs, const DeletionRequest& request);

struct DeletionRecord {
  std::string code, procedure_code, received_date, retention, deleted_by, reason, deleted_at;
};
Result<std::vector<DeletionRecord>> Deletions(Catalog& catalog);

// For a backend's DeleteDossierRows: may `request` delete the dossier found
// with this procedure, retention and due date ("" when none)? Returns the
// reason to record (the request's, marked when deleted before its due
// date); InvalidArgument, saying what to do, for a dossier kept
// permanently or one not past its retention without before_due.
Result<std::string> DeletionReason(const DeletionRequest& request, const std::string& procedure_code,
                                   const std::string& retention, const std::string& due);

// What a catalog backend deleted of a dossier (RetentionStore): its
// documents, and the blobs its rows pointed at, which DeleteDossier then
// removes where nothing else points at them.
struct DeletedRows {
  int documents = 0;
  std::set<std::string> blobs;
};

// Retention and deletions of a catalog backend (Catalog::retention()); the
// functions above check their input and call it.
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  // `retention` normalized (NormalizeRetention).
  virtual Status SetRetention(const std::string& procedure_code, const std::string& retention,
                              const std::string& actor) = 0;
  // `as_of` checked.
  virtual Result<std::vector<RetentionDue>> DossiersPastRetention(const std::string& as_of) = 0;
  // The checks and the transaction of DeleteDossier, without the blobs.
  virtual Result<DeletedRows> DeleteDossierRows(const DeletionRequest& request) = 0;
  virtual Result<std::vector<DeletionRecord>> Deletions() = 0;
};

}  // namespace sohoa::archive
