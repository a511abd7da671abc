#include "archive/internal/dossier_merge.h"

#include <cstdio>
#include <set>

#include "schema/text.h"

namespace sohoa::archive::internal {

Status CheckDossier(const DossierRecord& dossier) {
  if (dossier.code.empty())
    return InvalidArgument("a dossier needs a code before it can be archived");
  for (std::size_t d = 0; d < dossier.documents.size(); ++d) {
    const DocumentRecord& doc = dossier.documents[d];
    std::string where = "dossier " + dossier.code + ", document " + std::to_string(d + 1);
    if (!doc.source_name.empty()) where += " (" + doc.source_name + ")";
    if (doc.kind.empty()) return InvalidArgument(where + " has no kind");
    std::set<int> numbers;
    for (const PageRecord& page : doc.pages) {
      if (page.number < 1) {
        return InvalidArgument(where + ": page numbers start at 1, found " +
                               std::to_string(page.number));
      }
      if (!numbers.insert(page.number).second) {
        return InvalidArgument(where + ": page " + std::to_string(page.number) + " appears twice");
      }
    }
  }
  for (const FieldValue& f : dossier.fields) {
    if (f.name.empty())
      return InvalidArgument("dossier " + dossier.code + " has a field value without a name");
  }
  return Status::Ok();
}

void MergeDossier(const DossierRecord& in, DossierRow& row) {
  auto take = [](const std::string& incoming, std::string& kept) {
    if (!incoming.empty()) kept = incoming;
  };
  take(in.code_source, row.code_source);
  take(in.agency_code, row.agency_code);
  take(in.received_date, row.received_date);
  take(ToNfc(in.applicant), row.applicant);
  take(in.status, row.status);
  if (!in.procedure_code.empty() &&
      (row.procedure_code.empty() || in.procedure_confidence >= row.procedure_confidence)) {
    row.procedure_code = in.procedure_code;
    row.procedure_name = in.procedure_name;
    row.field = in.field;
    row.procedure_confidence = in.procedure_confidence;
    row.procedure_evidence = in.procedure_evidence;
  }
}

ReuseSource ParseReusedFrom(const std::string& reused_from) {
  const size_t dot = reused_from.rfind('.');
  if (dot == std::string::npos) return {};
  return {reused_from.substr(0, dot), reused_from.substr(dot + 1)};
}

namespace {

std::string Component(const std::string& code, int number) {
  return code + "." + std::to_string(number);
}

}  // namespace

Status CheckReuseOfOtherDossier(const std::string& code, int number, const DocumentRecord& doc) {
  if (ParseReusedFrom(doc.reused_from).dossier_code != code) return Status::Ok();
  return InvalidArgument(Component(code, number) + " cannot re-scan " + doc.reused_from +
                         ": reuse is of a document of another dossier");
}

Status ReuseSourceNotArchived(const std::string& code, int number, const DocumentRecord& doc) {
  return InvalidArgument(Component(code, number) + " is marked as a re-scan of " + doc.reused_from +
                         ", which is not an archived document (\"<dossier code>.<n>\")");
}

Event MissedReuseEvent(const std::string& code, int number, const DocumentRecord& doc) {
  Event event;
  event.type = "reuse";
  event.object = code;
  event.detail = "missed: re-scanned although already digitized: " + Component(code, number) + " (" +
                 doc.kind + ") re-scans " + doc.reused_from;
  if (!doc.reuse_evidence.empty()) event.detail += "; " + doc.reuse_evidence;
  return event;
}

Event IngestionEvent(const std::string& code, int added, int pages, int skipped) {
  Event event;
  event.type = "ingestion";
  event.object = code;
  event.detail = std::to_string(added) + (added == 1 ? " document" : " documents") + " added (" +
                 std::to_string(pages) + (pages == 1 ? " page" : " pages") + ")";
  if (skipped > 0) event.detail += ", " + std::to_string(skipped) + " already archived";
  return event;
}

std::vector<Event> PreservationEvents(const DossierRecord& dossier,
                                      const std::unordered_set<std::string>& already_archived) {
  std::vector<Event> out;
  auto log = [&](const char* type, std::string detail) {
    Event event;
    event.type = type;
    event.object = dossier.code;
    event.detail = std::move(detail);
    out.push_back(std::move(event));
  };
  std::unordered_set<std::string> seen = already_archived;
  int pages = 0;
  double confidence = 0;
  for (const DocumentRecord& doc : dossier.documents) {
    if (!doc.source_sha256.empty() && already_archived.count(doc.source_sha256)) continue;
    for (const PageRecord& page : doc.pages) {
      ++pages;
      confidence += page.confidence;
    }
    if (doc.source_sha256.empty() || !seen.insert(doc.source_sha256).second) continue;
    log("message digest calculation", "sha256 " + doc.source_sha256 + " " + doc.source_name);
    log("format identification",
        doc.source_name + ": " + (doc.media_type.empty() ? "unknown" : doc.media_type));
  }
  if (pages > 0) {
    char mean[16];
    std::snprintf(mean, sizeof mean, "%.2f", confidence / pages);
    log("OCR", std::to_string(pages) + (pages == 1 ? " page" : " pages") +
                   " recognised, mean confidence " + mean);
  }
  if (!dossier.procedure_code.empty()) {
    std::string detail = "procedure " + dossier.procedure_code;
    if (!dossier.procedure_evidence.empty()) detail += ": " + dossier.procedure_evidence;
    log("classification", detail);
  }
  return out;
}

}  // namespace sohoa::archive::internal
