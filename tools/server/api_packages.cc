// Bags: GET /api/dossiers/{code}/package (one dossier) and GET /api/export
// (what a query matches), built by archive::ExportBag in a temporary file,
// streamed, then deleted.
#include "archive/package.h"
#include "tools/server/internal/api.h"
#include "tools/server/internal/dossier_access.h"
#include "tools/server/internal/streaming.h"

namespace sohoa::server {
namespace {

using archive::Role;

// Builds the bag "<bag_name>.zip" in a temporary folder of its own (the
// file's name is the bag's top folder) and streams it. False, having
// answered, when it cannot be built.
bool SendBag(ApiRequest& r, const std::vector<std::string>& codes, const std::string& description,
             const std::string& bag_name) {
  const std::filesystem::path folder = TemporaryPath("");
  std::error_code ec;
  std::filesystem::create_directory(folder, ec);
  if (ec) {
    SendStatus(r, IoError("cannot create a temporary folder"));
    return false;
  }
  const std::filesystem::path out = folder / (bag_name + ".zip");
  archive::ExportOptions options;
  options.description = description;
  options.actor = r.user.name;
  auto summary = archive::ExportBag(r.options.home, r.catalog, codes, out, options);
  if (!summary.ok()) {
    std::filesystem::remove_all(folder, ec);
    SendStatus(r, summary.status());
    return false;
  }
  r.res.set_header("Content-Disposition", AttachmentHeader(out.filename().string()));
  StreamFile(r.res, out, "application/zip", folder);
  return true;
}

void Package(ApiRequest& r) {
  auto dossier = ScopedDossier(r, r.Param(1));
  if (!dossier) return;
  if (SendBag(r, {dossier->code}, "sohoa package " + dossier->code, dossier->code)) {
    Audit(r, "export", dossier->code, "package");
  }
}

void Export(ApiRequest& r) {
  const std::string query = r.Query("q");
  auto codes = r.catalog.MatchingDossiers(query);
  if (!codes.ok()) return SendStatus(r, codes.status());
  if (codes->empty()) {
    Deny(r, 404, query, "the export matched no dossier in scope");
    return;
  }
  if (SendBag(r, *codes, "sohoa export: " + query, "sohoa-export")) {
    Audit(r, "export", query, std::to_string(codes->size()) + " dossier(s)");
  }
}

}  // namespace

void AddPackageRoutes(Router& router) {
  router.Add({"GET", "/api/dossiers/{code}/package", Auth::kRoles, {Role::kArchivist}, Package});
  router.Add({"GET", "/api/export", Auth::kRoles, {Role::kArchivist}, Export});
}

}  // namespace sohoa::server
