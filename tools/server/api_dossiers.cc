// A dossier and what it holds: GET /api/dossiers/{code}, its files, its
// page images and their recognised words.
#include "archive/blob_store.h"
#include "archive/package.h"
#include "tools/server/internal/api.h"
#include "tools/server/internal/dossier_access.h"
#include "tools/server/internal/streaming.h"
#include "tools/server/page_png.h"

namespace sohoa::server {
namespace {

using archive::Role;

const char* UseName(archive::DossierFile::Use use) {
  switch (use) {
    case archive::DossierFile::Use::kSearchablePdf: return "pdf";
    case archive::DossierFile::Use::kPageImage: return "page_image";
    case archive::DossierFile::Use::kOriginal: break;
  }
  return "original";
}

void Show(ApiRequest& r) {
  auto dossier = ScopedDossier(r, r.Param(1));
  if (!dossier) return;
  const DossierRecord& d = *dossier;
  nlohmann::json body = nlohmann::json::parse(archive::DossierJson(d, nullptr, false));
  const std::string base = "/api/dossiers/" + PercentEncode(d.code);
  nlohmann::json files = nlohmann::json::array();
  for (const archive::DossierFile& f : archive::DossierFiles(d)) {
    files.push_back({{"name", f.name},
                     {"media_type", f.media_type.empty() ? "application/octet-stream" : f.media_type},
                     {"use", UseName(f.use)},
                     {"document", f.document},
                     {"url", base + "/files/" + PercentEncode(f.name)}});
  }
  nlohmann::json pages = nlohmann::json::array();
  for (std::size_t n = 0; n < d.documents.size(); ++n) {
    for (const PageRecord& p : d.documents[n].pages) {
      const std::string at = base + "/documents/" + std::to_string(n + 1) + "/pages/" + std::to_string(p.number);
      pages.push_back({{"document", n + 1},
                       {"page", p.number},
                       {"width", p.width},
                       {"height", p.height},
                       {"image", at + "/image"},
                       {"words", at + "/words"}});
    }
  }
  body["files"] = std::move(files);
  body["pages"] = std::move(pages);
  Audit(r, "view", d.code, "dossier");
  SendJson(r.res, 200, body);
}

void File(ApiRequest& r) {
  auto dossier = ScopedDossier(r, r.Param(1));
  if (!dossier) return;
  const std::string name = r.Param(2);
  for (const archive::DossierFile& f : archive::DossierFiles(*dossier)) {
    if (f.name != name) continue;
    Status streamed = StreamBlob(r.res, r.blobs, f.sha256, f.media_type.empty() ? "application/octet-stream" : f.media_type);
    if (streamed.code() == StatusCode::kNotFound || streamed.code() == StatusCode::kInvalidArgument) {
      return SendStatus(r, Internal("blob " + f.sha256 + " is missing: run 'sohoa verify'"));
    }
    if (!streamed.ok()) return SendStatus(r, streamed);
    Audit(r, "download", dossier->code, "file " + f.name);
    r.res.set_header("Content-Disposition", AttachmentHeader(f.name));
    return;
  }
  Deny(r, 404, dossier->code, "no file " + name);
}

void Image(ApiRequest& r) {
  auto page = ScopedPage(r);
  if (!page) return;
  const auto width = IntParam(r, "width", 0, kMinImageWidth, kMaxImageWidth);
  if (!width) return;
  auto png = PagePng(r.blobs, page->page.image_sha256, page->page.source_page, page->page.rotation, *width);
  if (!png.ok()) return SendStatus(r, png.status().code() == StatusCode::kNotFound ? Internal(png.status().message())
                                                                                   : png.status());
  Audit(r, "page", page->dossier_code, page->where + " image");
  r.res.set_content(*png, "image/png");
}

void Words(ApiRequest& r) {
  auto page = ScopedPage(r);
  if (!page) return;
  nlohmann::json words = nlohmann::json::array();
  for (const Word& w : page->page.words) {
    words.push_back({{"text", w.text}, {"x", w.box.x}, {"y", w.box.y}, {"w", w.box.w}, {"h", w.box.h},
                     {"confidence", w.confidence}});
  }
  Audit(r, "page", page->dossier_code, page->where + " words");
  SendJson(r.res, 200, {{"width", page->page.width}, {"height", page->page.height}, {"words", words}});
}

}  // namespace

std::optional<DossierRecord> ScopedDossier(ApiRequest& r, const std::string& code) {
  auto found = r.catalog.FindDossier(code);
  if (!found.ok()) {
    // A malformed code reads as an unknown one.
    if (found.status().code() == StatusCode::kInvalidArgument) {
      Deny(r, 404, code, "no such dossier in scope");
    } else {
      SendStatus(r, found.status());
    }
    return std::nullopt;
  }
  if (!found->has_value()) {
    Deny(r, 404, code, "no such dossier in scope");
    return std::nullopt;
  }
  return std::move(**found);
}

std::optional<ScopedPageRef> ScopedPage(ApiRequest& r) {
  auto dossier = ScopedDossier(r, r.Param(1));
  if (!dossier) return std::nullopt;
  const auto n = PositiveInt(r.Param(2));
  const auto p = PositiveInt(r.Param(3));
  if (n && p && *n <= static_cast<int>(dossier->documents.size())) {
    for (PageRecord& page : dossier->documents[static_cast<std::size_t>(*n - 1)].pages) {
      if (page.number != *p) continue;
      return ScopedPageRef{dossier->code, "document " + std::to_string(*n) + " page " + std::to_string(*p),
                           std::move(page)};
    }
  }
  Deny(r, 404, dossier->code, "no document " + r.Param(2) + " page " + r.Param(3));
  return std::nullopt;
}

void AddDossierRoutes(Router& router) {
  const std::vector<Role> readers = {Role::kArchivist, Role::kStaff};
  router.Add({"GET", "/api/dossiers/{code}", Auth::kRoles, readers, Show});
  router.Add({"GET", "/api/dossiers/{code}/files/{name}", Auth::kRoles, readers, File});
  router.Add({"GET", "/api/dossiers/{code}/documents/{n}/pages/{p}/image", Auth::kRoles, readers, Image});
  router.Add({"GET", "/api/dossiers/{code}/documents/{n}/pages/{p}/words", Auth::kRoles, readers, Words});
}

}  // namespace sohoa::server
