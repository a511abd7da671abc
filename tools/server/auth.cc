#include "tools/server/auth.h"

#include <algorithm>

namespace sohoa::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t semicolon = header.find(';');
    std::string_view pair = Trim(header.substr(0, semicolon));
    header = semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) {
      return std::string(Trim(pair.substr(eq + 1)));
    }
  }
  return "";
}

bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char differ = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    differ |= static_cast<unsigned char>(x ^ y);
  }
  return differ == 0;
}

Result<Identity> Authenticate(archive::Catalog& catalog, std::string_view cookie_header,
                              std::string_view authorization_header, std::time_t now) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization_header.size() > kBearer.size() &&
      authorization_header.substr(0, kBearer.size()) == kBearer) {
    SOHOA_ASSIGN_OR_RETURN(archive::User user,
                           archive::CheckToken(catalog, Trim(authorization_header.substr(kBearer.size()))));
    return Identity{std::move(user), false, "", ""};
  }
  const std::string session = CookieValue(cookie_header, kSessionCookie);
  if (session.empty()) return Unauthenticated("no session cookie and no bearer token");
  SOHOA_ASSIGN_OR_RETURN(auto checked, archive::CheckSession(catalog, session, now));
  return Identity{std::move(checked.first), true, session, std::move(checked.second)};
}

void LoginLimiter::Prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= kWindow) failures.pop_front();
}

std::optional<int> LoginLimiter::RetryAfter(const std::string& user, const std::string& address,
                                            Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::optional<Clock::time_point> free_at;
  auto check = [&](std::map<std::string, std::deque<Clock::time_point>>& table, const std::string& key,
                   int limit) {
    auto it = table.find(key);
    if (it == table.end()) return;
    Prune(it->second, now);
    if (static_cast<int>(it->second.size()) < limit) return;
    // Free again once enough failures have aged out to go under the limit.
    const Clock::time_point at = it->second[it->second.size() - static_cast<std::size_t>(limit)] + kWindow;
    if (!free_at || at > *free_at) free_at = at;
  };
  check(by_user_, user, kUserFailures);
  check(by_address_, address, kAddressFailures);
  if (!free_at) return std::nullopt;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*free_at - now).count();
  return static_cast<int>(std::max<long long>(1, seconds));
}

void LoginLimiter::RecordFailure(const std::string& user, const std::string& address,
                                 Clock::time_point now) {
  std::lock_guard lock(mutex_);
  // Names that never log in again must not grow the tables for ever.
  constexpr std::size_t kMaxKeys = 100000;
  for (auto* table : {&by_user_, &by_address_}) {
    if (table->size() < kMaxKeys) continue;
    for (auto it = table->begin(); it != table->end();) {
      Prune(it->second, now);
      it = it->second.empty() ? table->erase(it) : std::next(it);
    }
  }
  by_user_[user].push_back(now);
  by_address_[address].push_back(now);
}

void LoginLimiter::RecordSuccess(const std::string& user) {
  std::lock_guard lock(mutex_);
  by_user_.erase(user);
}

}  // namespace sohoa::server
