// For admins: GET /api/log (the access log), GET and POST /api/users,
// POST /api/users/{name}/disable.
#include "tools/server/internal/api.h"

namespace sohoa::server {
namespace {

using archive::Role;

nlohmann::json UserJson(const archive::User& u) {
  return {{"name", u.name},         {"role", archive::RoleName(u.role)}, {"agencies", u.agencies},
          {"disabled", u.disabled}, {"has_password", u.has_password},  {"created_at", u.created_at}};
}

void Log(ApiRequest& r) {
  const auto limit = IntParam(r, "limit", 200, 1, 10000);
  if (!limit) return;
  archive::EventFilter filter{.object = r.Query("object"),
                              .actor = r.Query("actor"),
                              .type = r.Query("type"),
                              .since = r.Query("since"),
                              .limit = *limit};
  auto events = r.catalog.Events(filter);
  if (!events.ok()) return SendStatus(r, events.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::Event& e : *events) {
    out.push_back({{"at", e.at}, {"type", e.type}, {"actor", e.actor}, {"object", e.object},
                   {"outcome", e.outcome}, {"detail", e.detail}});
  }
  SendJson(r.res, 200, out);
}

void Users(ApiRequest& r) {
  auto users = archive::ListUsers(r.catalog);
  if (!users.ok()) return SendStatus(r, users.status());
  nlohmann::json out = nlohmann::json::array();
  for (const archive::User& u : *users) out.push_back(UserJson(u));
  SendJson(r.res, 200, out);
}

void AddUser(ApiRequest& r) {
  auto body = JsonBody(r);
  if (!body) return;
  archive::User user;
  user.name = StringMember(*body, "name");
  const auto role = archive::ParseRole(StringMember(*body, "role"));
  if (!role) return SendStatus(r, InvalidArgument("role: staff, archivist, manager or admin"));
  user.role = *role;
  if (auto agencies = body->find("agencies"); agencies != body->end()) {
    if (!agencies->is_array()) return SendStatus(r, InvalidArgument("agencies"));
    for (const auto& a : *agencies) {
      if (!a.is_string()) return SendStatus(r, InvalidArgument("agencies"));
      user.agencies.push_back(a.get<std::string>());
    }
  }
  if (Status s = archive::AddUser(r.catalog, user, StringMember(*body, "password"), r.user.name); !s.ok()) {
    if (s.code() == StatusCode::kAlreadyExists) return SendStatus(r, InvalidArgument(s.message()));
    return SendStatus(r, s);
  }
  auto added = archive::FindUser(r.catalog, user.name);
  if (!added.ok() || !added->has_value()) return SendStatus(r, Internal("the new user cannot be read back"));
  SendJson(r.res, 201, UserJson(**added));
}

void DisableUser(ApiRequest& r) {
  const std::string name = r.Param(1);
  if (Status s = archive::DisableUser(r.catalog, name, r.user.name); !s.ok()) return SendStatus(r, s);
  auto user = archive::FindUser(r.catalog, name);
  if (!user.ok() || !user->has_value()) return SendStatus(r, Internal("the user cannot be read back"));
  SendJson(r.res, 200, UserJson(**user));
}

}  // namespace

void AddAdminRoutes(Router& router) {
  router.Add({"GET", "/api/log", Auth::kRoles, {Role::kAdmin}, Log});
  router.Add({"GET", "/api/users", Auth::kRoles, {Role::kAdmin}, Users});
  router.Add({"POST", "/api/users", Auth::kRoles, {Role::kAdmin}, AddUser});
  router.Add({"POST", "/api/users/{name}/disable", Auth::kRoles, {Role::kAdmin}, DisableUser});
}

}  // namespace sohoa::server
