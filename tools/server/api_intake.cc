// What comes in: POST /api/register (the one-stop register CSV), POST
// /api/uploads (scans into the inbox), and people's decisions: GET
// /api/review, POST /api/review/{code}, POST /api/reuse.
#include "archive/rates.h"
#include "ingest/register_csv.h"
#include "ingest/review.h"
#include "schema/dossier_code.h"
#include "tools/server/internal/api.h"
#include "tools/server/internal/dossier_access.h"
#include "tools/server/upload.h"

namespace sohoa::server {
namespace {

using archive::Role;

// The agency a register row or a dossier code belongs to.
std::string AgencyOf(const std::string& agency_code, const std::string& dossier_code) {
  if (!agency_code.empty()) return agency_code;
  auto parsed = ParseDossierCode(dossier_code);
  return parsed ? parsed->agency_code : std::string();
}

void Register(ApiRequest& r) {
  auto parsed = ingest::ParseRegisterCsv(r.http.body);
  if (!parsed.ok()) return SendStatus(r, parsed.status());
  // A user imports the register of their own agencies only.
  std::vector<archive::RegisterRow> rows;
  nlohmann::json bad = nlohmann::json::array();
  for (const ingest::CsvRowError& e : parsed->errors) bad.push_back({{"line", e.line}, {"reason", e.reason}});
  for (std::size_t i = 0; i < parsed->rows.size(); ++i) {
    const archive::RegisterRow& row = parsed->rows[i];
    if (r.user.Covers(AgencyOf(row.agency_code, row.dossier_code))) {
      rows.push_back(row);
    } else {
      const int line = i < parsed->lines.size() ? parsed->lines[i] : 0;
      bad.push_back({{"line", line}, {"reason", Text(Msg::kApiNotFound)}});
    }
  }
  std::int64_t undated = 0;
  for (const auto& row : rows) undated += row.received_date.empty() ? 1 : 0;
  archive::RegisterImportCounts counts;
  if (!rows.empty()) {
    auto stored = archive::StoreRegister(r.catalog, rows, "upload by " + r.user.name, r.user.name);
    if (!stored.ok()) return SendStatus(r, stored.status());
    counts = *stored;
  }
  SendJson(r.res, 200,
           {{"rows", rows.size()}, {"added", counts.added}, {"updated", counts.updated},
            {"unchanged", counts.unchanged}, {"undated", undated}, {"bad", bad}});
}

void Uploads(ApiRequest& r) {
  std::vector<UploadFile> files;
  for (const auto& [field, part] : r.http.files) {
    if (part.filename.empty()) continue;
    files.push_back({part.filename, &part.content});
  }
  // A text field "book": the upload is that register book's page scans.
  const std::string book = r.http.has_file("book") ? r.http.get_file_value("book").content : "";
  auto result = WriteUpload(r.options.home, r.user.name, files, book);
  if (!result.ok()) return SendStatus(r, result.status());
  nlohmann::json accepted = nlohmann::json::array(), rejected = nlohmann::json::array();
  for (const auto& a : result->accepted) accepted.push_back({{"name", a.name}, {"bytes", a.bytes}});
  for (const auto& j : result->rejected) rejected.push_back({{"name", j.name}, {"error", j.error}});
  if (!result->accepted.empty()) {
    (void)r.catalog.AppendEvent({"upload", result->folder, r.user.name, "success",
                                 std::to_string(result->accepted.size()) + " file(s)" +
                                     (book.empty() ? "" : " of register book " + book) + " from " + r.address,
                                 ""});
  }
  SendJson(r.res, result->accepted.empty() ? 400 : 200, {{"accepted", accepted}, {"rejected", rejected}});
}

nlohmann::json ItemJson(const std::string& code, const FieldValue& f) {
  return {{"code", code},         {"field", f.name},        {"value", f.value},
          {"confidence", f.confidence}, {"source", f.source}, {"document", f.document},
          {"page", f.page},       {"box", {f.box.x, f.box.y, f.box.w, f.box.h}},
          {"evidence", f.evidence}, {"needs_review", f.needs_review},
          {"changed_by", f.changed_by}, {"changed_at", f.changed_at}};
}

void ReviewQueue(ApiRequest& r) {
  auto items = r.catalog.ReviewQueue();
  if (!items.ok()) return SendStatus(r, items.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::ReviewItem& i : *items) out.push_back(ItemJson(i.dossier_code, i.field));
  SendJson(r.res, 200, out);
}

void Correct(ApiRequest& r) {
  auto dossier = ScopedDossier(r, r.Param(1));
  if (!dossier) return;
  auto body = JsonBody(r);
  if (!body) return;
  const std::string field = StringMember(*body, "field");
  const std::string value = StringMember(*body, "value");
  if (field.empty()) return SendStatus(r, InvalidArgument("field"));
  if (Status s = ingest::ApplyCorrection(r.catalog, dossier->code, field, value, r.user.name); !s.ok()) {
    return SendStatus(r, s);
  }
  auto after = r.catalog.FindDossier(dossier->code);
  if (after.ok() && after->has_value()) {
    for (const FieldValue& f : (*after)->fields) {
      if (f.name == field) return SendJson(r.res, 200, ItemJson(dossier->code, f));
    }
  }
  FieldValue f;
  f.name = field;
  f.value = value;
  f.source = kSourceManual;
  f.changed_by = r.user.name;
  SendJson(r.res, 200, ItemJson(dossier->code, f));
}

void Reuse(ApiRequest& r) {
  auto body = JsonBody(r);
  if (!body) return;
  const std::string dossier = StringMember(*body, "dossier");
  const std::string source = StringMember(*body, "source");
  const std::string component = StringMember(*body, "component");
  // The new dossier may be in the register only; its code says whose it is.
  if (!r.user.Covers(AgencyOf("", dossier))) return Deny(r, 404, dossier, "dossier out of scope");
  const std::string source_code = source.substr(0, source.rfind('.'));
  if (!ScopedDossier(r, source_code)) return;
  if (Status s = archive::RecordReuse(r.catalog, dossier, source, component, r.user.name); !s.ok()) {
    return SendStatus(r, s);
  }
  SendJson(r.res, 200, {{"dossier", dossier}, {"source", source}, {"component", component}});
}

}  // namespace

void AddIntakeRoutes(Router& router) {
  router.Add({"POST", "/api/register", Auth::kRoles, {Role::kArchivist, Role::kManager}, Register});
  router.Add({"POST", "/api/uploads", Auth::kRoles, {Role::kStaff, Role::kArchivist}, Uploads});
  router.Add({"GET", "/api/review", Auth::kRoles, {Role::kArchivist}, ReviewQueue});
  router.Add({"POST", "/api/review/{code}", Auth::kRoles, {Role::kArchivist}, Correct});
  router.Add({"POST", "/api/reuse", Auth::kRoles, {Role::kArchivist}, Reuse});
}

}  // namespace sohoa::server
