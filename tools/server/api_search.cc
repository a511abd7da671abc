// GET /api/search, and the lists the search filters offer:
// GET /api/procedures, GET /api/agencies.
#include <cstdlib>

#include "archive/agencies.h"
#include "schema/agency.h"
#include "tools/server/internal/api.h"

namespace sohoa::server {
namespace {

using archive::Role;

constexpr int kMaxLimit = 100;

// The column a query error names ("... at column 7"), 0 when none.
int ErrorColumn(const std::string& message) {
  const std::size_t at = message.find("at column ");
  return at == std::string::npos ? 0 : std::atoi(message.c_str() + at + 10);
}

void Search(ApiRequest& r) {
  const std::string query = r.Query("q");
  const auto limit = IntParam(r, "limit", 20, 1, kMaxLimit);
  if (!limit) return;
  const auto offset = IntParam(r, "offset", 0, 0, 1000000);
  if (!offset) return;
  auto found = r.catalog.SearchDossiers(query, *limit, *offset);
  if (!found.ok()) {
    if (found.status().code() != StatusCode::kInvalidArgument) return SendStatus(r, found.status());
    nlohmann::json body = {{"error", Text(Msg::kApiBadQuery, {found.status().message()})},
                           {"hint", Text(Msg::kApiBadQueryHint)}};
    if (const int column = ErrorColumn(found.status().message()); column > 0) body["column"] = column;
    SendJson(r.res, 400, body);
    return;
  }
  nlohmann::json dossiers = nlohmann::json::array();
  for (const archive::DossierHit& d : found->hits) {
    const archive::SearchHit& h = d.best;
    dossiers.push_back({{"code", h.dossier_code},
                        {"procedure_code", h.procedure_code},
                        {"procedure_name", h.procedure_name},
                        {"applicant", h.applicant},
                        {"received_date", h.received_date},
                        {"document", h.document},
                        {"page", h.page},
                        {"snippet", h.snippet},
                        {"matching_pages", d.matching_pages},
                        {"score", h.score}});
  }
  Audit(r, "search", query,
        "limit " + std::to_string(*limit) + " offset " + std::to_string(*offset) + ", " +
            std::to_string(found->total) + " dossier(s)");
  // total_exact false: `total` is a lower bound ("1000+"), as on the CLI.
  SendJson(r.res, 200,
           {{"total", found->total},
            {"total_exact", found->total_exact},
            {"offset", *offset},
            {"limit", *limit},
            {"dossiers", dossiers}});
}

void Procedures(ApiRequest& r) {
  auto procedures = r.catalog.Procedures();
  if (!procedures.ok()) return SendStatus(r, procedures.status());
  nlohmann::json out = nlohmann::json::array();
  for (const Procedure& p : *procedures) out.push_back({{"code", p.code}, {"name", p.name}, {"field", p.field}});
  SendJson(r.res, 200, out);
}

void Agencies(ApiRequest& r) {
  auto agencies = archive::ListAgencies(r.catalog);
  if (!agencies.ok()) return SendStatus(r, agencies.status());
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::string> listed;
  for (const archive::AgencyEntry& a : *agencies) {
    if (!r.user.Covers(a.code)) continue;
    out.push_back({{"code", a.code}, {"name", a.name}});
    listed.push_back(a.code);
  }
  // A user's own agencies are choices even before any list names them.
  for (const std::string& code : r.user.agencies) {
    if (std::find(listed.begin(), listed.end(), code) == listed.end()) out.push_back({{"code", code}, {"name", ""}});
  }
  SendJson(r.res, 200, out);
}

}  // namespace

void AddSearchRoutes(Router& router) {
  router.Add({"GET", "/api/search", Auth::kRoles, {Role::kArchivist, Role::kStaff}, Search});
  router.Add({"GET", "/api/procedures", Auth::kAnyUser, {}, Procedures});
  router.Add({"GET", "/api/agencies", Auth::kAnyUser, {}, Agencies});
}

}  // namespace sohoa::server
