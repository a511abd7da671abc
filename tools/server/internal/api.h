// What every route file of the API shares: the request a handler sees, the
// router that registers a route with cpp-httplib and in the list compared
// with openapi.json, and the one place a Status becomes an HTTP answer.
#pragma once

#include <httplib.h>

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/storage.h"
#include "archive/users.h"
#include "schema/messages.h"
#include "schema/status.h"
#include "tools/server/auth.h"
#include "tools/server/server.h"

namespace sohoa::server {

// What a handler knows of its request. `user` is empty (no name) on a route
// that needs no authentication.
struct ApiRequest {
  const httplib::Request& http;
  httplib::Response& res;
  archive::Catalog& catalog;
  archive::BlobStore& blobs;
  const ServerOptions& options;
  LoginLimiter& limiter;
  archive::User user;
  std::string csrf;     // the session's CSRF token; "" for a bearer token
  std::string address;  // the client's (X-Forwarded-For only with --trust-proxy)

  // The n-th (1-based) path parameter, as decoded by cpp-httplib.
  std::string Param(int n) const { return http.matches[n].str(); }
  // A query parameter, "" when absent.
  std::string Query(const char* name) const {
    return http.has_param(name) ? http.get_param_value(name) : std::string();
  }
};

using ApiHandler = std::function<void(ApiRequest&)>;

enum class Auth {
  kNone,        // public: no user
  kAnyUser,     // any authenticated user
  kRoles,       // only the roles listed
};

struct Route {
  std::string method;  // GET, POST, DELETE
  std::string path;    // OpenAPI template: /api/dossiers/{code}
  Auth auth = Auth::kRoles;
  std::vector<archive::Role> roles;
  ApiHandler handler;
};

// State the routes share across threads; owned by the Server.
struct ServerState {
  ServerOptions options;
  std::unique_ptr<archive::BlobStore> blobs;  // the home's (archive/storage.h)
  LoginLimiter limiter;
};

class Router {
 public:
  Router(httplib::Server& http, ServerState& state) : http_(http), state_(state) {}
  // Registers `route`: {name} segments match one path segment each.
  void Add(Route route);
  const std::vector<RouteName>& names() const { return names_; }

 private:
  void Handle(const Route& route, const httplib::Request& req, httplib::Response& res);
  httplib::Server& http_;
  ServerState& state_;
  std::vector<RouteName> names_;
};

// The catalog of this thread for `home`, opened on first use; Unavailable
// when it cannot be opened.
Result<archive::Catalog*> ThreadCatalog(const archive::HomeLayout& home);

// The client's address: the peer, or with --trust-proxy the first address
// of X-Forwarded-For.
std::string ClientAddress(const httplib::Request& req, const ServerOptions& options);

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
// {"error", "hint"} in the server's language.
void SendError(httplib::Response& res, int status, Msg error, Msg hint,
               std::initializer_list<std::string_view> error_args = {},
               std::initializer_list<std::string_view> hint_args = {});
// The HTTP answer for a failed Status: 400 with the message, 404, 401, 403,
// 503, else 500 without the message (it may name a path on the server).
void SendStatus(ApiRequest& r, const Status& status);

// Appends a read event of the request's user (unless --audit off).
void Audit(ApiRequest& r, const std::string& type, const std::string& object,
           const std::string& detail);
// A denied attempt: the event, whatever --audit says, then `status` with
// its error (401, 403 or 404).
void Deny(ApiRequest& r, int status, const std::string& object, const std::string& why);

// Parses an integer parameter in [min, max]; nullopt (having sent a 400)
// when it is not one. `fallback` when the parameter is absent.
std::optional<int> IntParam(ApiRequest& r, const char* name, int fallback, int min, int max);
// Parses a whole path segment as a positive integer; nullopt if it is not.
std::optional<int> PositiveInt(const std::string& text);
// The body as a JSON object; nullopt (having sent a 400) otherwise.
std::optional<nlohmann::json> JsonBody(ApiRequest& r);
// A string member of a JSON object, "" when absent or not a string.
std::string StringMember(const nlohmann::json& body, const char* name);

// The route files' registrations.
void AddSessionRoutes(Router& router);
void AddSearchRoutes(Router& router);
void AddDossierRoutes(Router& router);
void AddPackageRoutes(Router& router);
void AddReportRoutes(Router& router);
void AddIntakeRoutes(Router& router);
void AddAdminRoutes(Router& router);
void AddKeyingRoutes(Router& router);

}  // namespace sohoa::server
