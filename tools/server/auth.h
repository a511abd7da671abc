// Who is asking: a session cookie or a bearer token (archive/users.h), and
// the login rate limit. CSRF: a state-changing request authenticated by its
// cookie must carry the session's token in X-CSRF-Token (a bearer token is
// never sent by a browser on its own, so it needs none).
#pragma once

#include <chrono>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "archive/catalog.h"
#include "archive/users.h"
#include "schema/status.h"

namespace sohoa::server {

inline constexpr std::string_view kSessionCookie = "sohoa_session";

struct Identity {
  archive::User user;
  bool by_cookie = false;
  std::string session_id;  // the cookie's value, when by_cookie
  std::string csrf;        // the session's CSRF token, when by_cookie
};

// The user of a request's `Cookie` or `Authorization` header.
// Unauthenticated when neither is given or valid.
Result<Identity> Authenticate(archive::Catalog& catalog, std::string_view cookie_header,
                              std::string_view authorization_header, std::time_t now);

// The value of cookie `name` in a Cookie header, "" when absent.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

// Compares in time independent of where the strings differ.
bool SameSecret(std::string_view a, std::string_view b);

// Failed logins remembered in memory: kUserFailures per user name or
// kAddressFailures per client address within kWindow, and logins for that
// name or from that address are refused (before the password is checked:
// a limited login costs no Argon2 time) until the oldest failure ages out.
class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kUserFailures = 5;
  static constexpr int kAddressFailures = 20;
  static constexpr Clock::duration kWindow = std::chrono::minutes(15);

  // Seconds until a login for `user` from `address` may be tried, nullopt
  // when it may be tried now.
  std::optional<int> RetryAfter(const std::string& user, const std::string& address,
                                Clock::time_point now);
  void RecordFailure(const std::string& user, const std::string& address, Clock::time_point now);
  // A good login forgets the user's failures (not the address's).
  void RecordSuccess(const std::string& user);

 private:
  void Prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> by_user_, by_address_;
};

}  // namespace sohoa::server
