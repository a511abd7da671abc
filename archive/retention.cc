// Retention: the period per procedure, the dossiers past it, and deletion
// on a person's explicit request. See archive/retention.h; the catalog's
// backend keeps the rows (RetentionStore).
#include "archive/retention.h"

#include <set>

#include "schema/date.h"
#include "schema/procedure.h"

namespace sohoa::archive {
namespace {

bool IsIsoDay(const std::string& s) { return ParseIsoDay(s).has_value(); }

}  // namespace

Status SetRetention(Catalog& catalog, const std::string& procedure_code, const std::string& retention,
                    const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(std::string normalized, NormalizeRetention(retention));
  return catalog.retention().SetRetention(procedure_code, normalized, actor);
}

Result<std::vector<RetentionDue>> DossiersPastRetention(Catalog& catalog, const std::string& as_of) {
  if (!IsIsoDay(as_of)) return InvalidArgument("the date '" + as_of + "' is not YYYY-MM-DD");
  return catalog.retention().DossiersPastRetention(as_of);
}

Result<DeletionResult> DeleteDossier(Catalog& catalog, BlobStore& blobs, const DeletionRequest& request) {
  if (request.actor.empty()) return InvalidArgument("say who deletes the dossier (--by NAME)");
  if (request.reason.empty()) {
    return InvalidArgument("say why the dossier is deleted (--reason TEXT, e.g. the disposal decision)");
  }
  if (!IsIsoDay(request.as_of)) return InvalidArgument("the date '" + request.as_of + "' is not YYYY-MM-DD");
  SOHOA_ASSIGN_OR_RETURN(DeletedRows deleted, catalog.retention().DeleteDossierRows(request));
  DeletionResult result;
  result.documents = deleted.documents;
  // Only after the commit: until then the rows still point at the blobs.
  // A blob another dossier or a book page shares stays.
  SOHOA_ASSIGN_OR_RETURN(std::vector<std::string> referenced, catalog.ReferencedBlobs());
  const std::set<std::string> still_used(referenced.begin(), referenced.end());
  for (const std::string& sha : deleted.blobs) {
    if (still_used.count(sha)) continue;
    SOHOA_ASSIGN_OR_RETURN(bool there, blobs.Contains(sha));
    if (!there) continue;
    SOHOA_RETURN_IF_ERROR(blobs.Remove(sha));
    ++result.blobs_removed;
  }
  return result;
}

Result<std::vector<DeletionRecord>> Deletions(Catalog& catalog) { return catalog.retention().Deletions(); }

Result<std::string> DeletionReason(const DeletionRequest& request, const std::string& procedure_code,
                                   const std::string& retention, const std::string& due) {
  if (retention == "permanent") {
    return InvalidArgument("dossier " + request.code + " is kept permanently (procedure " + procedure_code +
                           "): it cannot be deleted; change the procedure's retention first if that is wrong");
  }
  const bool past = !due.empty() && due <= request.as_of;
  if (!past && !request.before_due) {
    return InvalidArgument(
        "dossier " + request.code + " is not past its retention (" +
        (due.empty() ? std::string("no retention set for its procedure") : "kept until " + due) +
        "): pass --before-due to delete it anyway; the deletion record will say so");
  }
  return past ? request.reason : request.reason + " (deleted before its retention ended)";
}

}  // namespace sohoa::archive
