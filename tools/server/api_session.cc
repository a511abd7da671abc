// POST/GET/DELETE /api/session: logging in and out with a cookie.
#include <ctime>

#include "tools/server/internal/api.h"

namespace sohoa::server {
namespace {

nlohmann::json UserJson(const archive::User& user) {
  return {{"name", user.name}, {"role", archive::RoleName(user.role)}, {"agencies", user.agencies}};
}

std::string SessionCookie(const ServerOptions& options, const std::string& value, int max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + value +
                       "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age);
  if (options.secure_cookies) cookie += "; Secure";
  return cookie;
}

void Login(ApiRequest& r) {
  auto body = JsonBody(r);
  if (!body) return;
  const std::string name = StringMember(*body, "username");
  const std::string password = StringMember(*body, "password");
  const auto now = LoginLimiter::Clock::now();
  if (auto wait = r.limiter.RetryAfter(name, r.address, now)) {
    (void)r.catalog.AppendEvent({"login", name, name, "failure", "rate limited from " + r.address, ""});
    r.res.set_header("Retry-After", std::to_string(*wait));
    SendError(r.res, 429, Msg::kApiRateLimited, Msg::kApiRateLimitedHint, {},
              {std::to_string((*wait + 59) / 60)});
    return;
  }
  auto user = archive::CheckPassword(r.catalog, name, password, r.address);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kUnauthenticated) return SendStatus(r, user.status());
    r.limiter.RecordFailure(name, r.address, now);
    SendError(r.res, 401, Msg::kApiLoginFailed, Msg::kApiLoginFailedHint);
    return;
  }
  r.limiter.RecordSuccess(name);
  auto session = archive::StartSession(r.catalog, *user, std::time(nullptr), r.options.session_seconds);
  if (!session.ok()) return SendStatus(r, session.status());
  r.res.set_header("Set-Cookie", SessionCookie(r.options, session->id, r.options.session_seconds));
  SendJson(r.res, 200, {{"user", UserJson(*user)}, {"csrf", session->csrf}});
}

void Current(ApiRequest& r) { SendJson(r.res, 200, {{"user", UserJson(r.user)}, {"csrf", r.csrf}}); }

void Logout(ApiRequest& r) {
  const std::string id = CookieValue(r.http.get_header_value("Cookie"), kSessionCookie);
  if (!id.empty()) {
    if (Status s = archive::EndSession(r.catalog, id); !s.ok()) return SendStatus(r, s);
  }
  r.res.set_header("Set-Cookie", SessionCookie(r.options, "", 0));
  r.res.status = 204;
}

}  // namespace

void AddSessionRoutes(Router& router) {
  router.Add({"POST", "/api/session", Auth::kNone, {}, Login});
  router.Add({"GET", "/api/session", Auth::kAnyUser, {}, Current});
  router.Add({"DELETE", "/api/session", Auth::kAnyUser, {}, Logout});
}

}  // namespace sohoa::server
