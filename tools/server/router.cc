// The router and the helpers every route file uses.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <regex>

#include "tools/server/internal/api.h"

namespace sohoa::server {
namespace {

// "/api/dossiers/{code}/files/{name}" → "/api/dossiers/([^/]+)/files/([^/]+)".
std::string PathRegex(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (std::string_view(".+*?^$()[]|\\").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return std::regex_replace(escaped, std::regex(R"(\\?\{[a-z_]+\\?\})"), "([^/]+)");
}

bool HasRole(const archive::User& user, const std::vector<archive::Role>& roles) {
  return std::find(roles.begin(), roles.end(), user.role) != roles.end();
}

bool ChangesState(const std::string& method) { return method != "GET" && method != "HEAD"; }

struct ThreadCatalogSlot {
  std::string path;
  std::unique_ptr<archive::Catalog> catalog;
};

}  // namespace

Result<archive::Catalog*> ThreadCatalog(const archive::HomeLayout& home) {
  // Catalog is one per thread: each worker opens its own, once.
  thread_local ThreadCatalogSlot slot;
  const std::string path = home.root.string() + "\n" + home.catalog_url;
  if (slot.catalog == nullptr || slot.path != path) {
    if (!archive::HomeExists(home)) return Unavailable("the home has no catalog");
    auto opened = archive::OpenCatalog(home);
    if (!opened.ok()) return opened.status();
    slot.catalog = std::move(opened).value();
    slot.path = path;
  }
  return slot.catalog.get();
}

std::string ClientAddress(const httplib::Request& req, const ServerOptions& options) {
  if (options.trust_proxy && req.has_header("X-Forwarded-For")) {
    std::string forwarded = req.get_header_value("X-Forwarded-For");
    // nginx appends the peer it saw: the first entry is the client.
    forwarded = forwarded.substr(0, forwarded.find(','));
    while (!forwarded.empty() && forwarded.front() == ' ') forwarded.erase(0, 1);
    while (!forwarded.empty() && forwarded.back() == ' ') forwarded.pop_back();
    if (!forwarded.empty() && forwarded.size() <= 64) return forwarded;
  }
  return req.remote_addr;
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, int status, Msg error, Msg hint,
               std::initializer_list<std::string_view> error_args,
               std::initializer_list<std::string_view> hint_args) {
  SendJson(res, status, {{"error", Text(error, error_args)}, {"hint", Text(hint, hint_args)}});
}

void SendStatus(ApiRequest& r, const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      SendError(r.res, 400, Msg::kApiBadRequest, Msg::kApiBadRequestHint, {status.message()});
      return;
    case StatusCode::kNotFound:
      SendError(r.res, 404, Msg::kApiNotFound, Msg::kApiNotFoundHint);
      return;
    case StatusCode::kUnauthenticated:
      SendError(r.res, 401, Msg::kApiUnauthenticated, Msg::kApiUnauthenticatedHint);
      return;
    case StatusCode::kPermissionDenied:
      SendError(r.res, 403, Msg::kApiForbidden, Msg::kApiForbiddenHint);
      return;
    case StatusCode::kUnavailable:
      // What was busy or missing is for the operator's log, not the client.
      std::fprintf(stderr, "sohoa serve: %s %s: %s\n", r.http.method.c_str(), r.http.path.c_str(),
                   status.ToString().c_str());
      SendError(r.res, 503, Msg::kApiUnavailable, Msg::kApiUnavailableHint);
      return;
    default:
      // The message may name a file or a table: it goes to the log, not to the client.
      std::fprintf(stderr, "sohoa serve: %s %s: %s\n", r.http.method.c_str(), r.http.path.c_str(),
                   status.ToString().c_str());
      SendError(r.res, 500, Msg::kApiInternal, Msg::kApiInternalHint);
  }
}

void Audit(ApiRequest& r, const std::string& type, const std::string& object, const std::string& detail) {
  if (!r.options.audit) return;
  (void)r.catalog.AppendEvent({type, object, r.user.name, "success", detail + " from " + r.address, ""});
}

void Deny(ApiRequest& r, int status, const std::string& object, const std::string& why) {
  (void)r.catalog.AppendEvent({"denied", object, r.user.name.empty() ? "anonymous" : r.user.name, "failure",
                               r.http.method + " " + r.http.path + ": " + why + " from " + r.address, ""});
  switch (status) {
    case 401: SendError(r.res, 401, Msg::kApiUnauthenticated, Msg::kApiUnauthenticatedHint); break;
    case 403: SendError(r.res, 403, Msg::kApiForbidden, Msg::kApiForbiddenHint); break;
    default: SendError(r.res, 404, Msg::kApiNotFound, Msg::kApiNotFoundHint); break;
  }
}

std::optional<int> PositiveInt(const std::string& text) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [at, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || at != end || value < 1) return std::nullopt;
  return value;
}

std::optional<int> IntParam(ApiRequest& r, const char* name, int fallback, int min, int max) {
  if (!r.http.has_param(name)) return fallback;
  const std::string text = r.http.get_param_value(name);
  int value = 0;
  const char* end = text.data() + text.size();
  auto [at, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || at != end || value < min || value > max) {
    const std::string what = std::string(name) + " = '" + text + "' (" + std::to_string(min) + ".." +
                             std::to_string(max) + ")";
    SendError(r.res, 400, Msg::kApiBadRequest, Msg::kApiBadRequestHint, {what});
    return std::nullopt;
  }
  return value;
}

std::optional<nlohmann::json> JsonBody(ApiRequest& r) {
  nlohmann::json body = nlohmann::json::parse(r.http.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    SendError(r.res, 400, Msg::kApiBadRequest, Msg::kApiBadRequestHint, {"JSON object"});
    return std::nullopt;
  }
  return body;
}

std::string StringMember(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void Router::Add(Route route) {
  names_.push_back({route.method, route.path});
  const std::string pattern = PathRegex(route.path);
  auto handler = [this, route = std::move(route)](const httplib::Request& req, httplib::Response& res) {
    Handle(route, req, res);
  };
  if (names_.back().method == "GET") {
    http_.Get(pattern, handler);
  } else if (names_.back().method == "POST") {
    http_.Post(pattern, handler);
  } else if (names_.back().method == "DELETE") {
    http_.Delete(pattern, handler);
  } else if (names_.back().method == "PUT") {
    http_.Put(pattern, handler);
  }
}

void Router::Handle(const Route& route, const httplib::Request& req, httplib::Response& res) {
  auto catalog = ThreadCatalog(state_.options.home);
  if (!catalog.ok()) {
    std::fprintf(stderr, "sohoa serve: %s\n", catalog.status().ToString().c_str());
    // A load balancer's probe is told no more than that.
    if (route.path == "/healthz") return SendJson(res, 503, {{"ok", false}});
    SendError(res, 503, Msg::kApiUnavailable, Msg::kApiUnavailableHint);
    return;
  }
  archive::Catalog& db = **catalog;
  // Nothing is visible until the user is known: no earlier request's scope
  // may stay in place.
  db.SetScope(archive::Scope::Of({}));
  ApiRequest r{req, res, db, *state_.blobs, state_.options, state_.limiter, {}, "", ClientAddress(req, state_.options)};
  if (route.auth != Auth::kNone) {
    auto identity = Authenticate(db, req.get_header_value("Cookie"), req.get_header_value("Authorization"),
                                 std::time(nullptr));
    if (!identity.ok()) {
      // Only a credential that is wrong is a 401; the catalog failing to
      // answer is the server's fault, and the client may try again.
      if (identity.status().code() != StatusCode::kUnauthenticated) return SendStatus(r, identity.status());
      Deny(r, 401, route.path, "not authenticated");
      return;
    }
    r.user = identity->user;
    r.csrf = identity->csrf;
    if (route.auth == Auth::kRoles && !HasRole(r.user, route.roles)) {
      Deny(r, 403, route.path, "role " + std::string(archive::RoleName(r.user.role)) + " not allowed");
      return;
    }
    if (identity->by_cookie && ChangesState(req.method) &&
        !SameSecret(req.get_header_value("X-CSRF-Token"), identity->csrf)) {
      Deny(r, 403, route.path, "missing or wrong CSRF token");
      return;
    }
    // Admins manage users and read the log: they see no citizen's data.
    db.SetScope(r.user.role == archive::Role::kAdmin ? archive::Scope::Of({})
                                                     : archive::Scope::Of(r.user.agencies));
  }
  route.handler(r);
}

}  // namespace sohoa::server
