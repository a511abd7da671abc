// Users, tokens and sessions: names checked, passwords hashed (Argon2id)
// and tokens made here; the catalog's backend keeps the hashes
// (UserDirectory).
#include "archive/users.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "archive/blob_store.h"
#include "archive/internal/sha256.h"
#include "schema/agency.h"
#include "schema/messages.h"

namespace sohoa::archive {

namespace {

constexpr std::size_t kMinPassword = 10;

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPassword) {
    return InvalidArgument(Text(Msg::kUserPasswordShort, {std::to_string(kMinPassword)}));
  }
  char hashed[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hashed, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Unavailable("not enough memory to hash the password");
  }
  return std::string(hashed);
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kStaff: return "staff";
    case Role::kArchivist: return "archivist";
    case Role::kManager: return "manager";
    case Role::kAdmin: return "admin";
  }
  return "staff";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kStaff, Role::kArchivist, Role::kManager, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

bool User::Covers(std::string_view agency_code) const {
  return std::any_of(agencies.begin(), agencies.end(),
                     [&](const std::string& scope) { return AgencyIncludes(scope, agency_code); });
}

bool IsValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

Status AddUser(Catalog& catalog, const User& user, std::string_view password, const std::string& actor) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  if (!IsValidUserName(user.name)) {
    return InvalidArgument(Text(Msg::kUserBadName, {user.name}));
  }
  for (const std::string& code : user.agencies) {
    if (!IsAgencyCode(code)) return InvalidArgument(Text(Msg::kUserBadAgency, {code}));
  }
  std::string hashed;
  if (!password.empty()) {
    SOHOA_ASSIGN_OR_RETURN(hashed, HashPassword(password));
  }
  return catalog.users().InsertUser(user, hashed, actor);
}

Result<std::optional<User>> FindUser(Catalog& catalog, std::string_view name) { return catalog.users().FindUser(name); }

Result<std::vector<User>> ListUsers(Catalog& catalog) { return catalog.users().ListUsers(); }

Status DisableUser(Catalog& catalog, std::string_view name, const std::string& actor) {
  return catalog.users().DisableUser(name, actor);
}

Status SetPassword(Catalog& catalog, std::string_view name, std::string_view password, const std::string& actor) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  SOHOA_ASSIGN_OR_RETURN(std::string hashed, HashPassword(password));
  return catalog.users().SetPasswordHash(name, hashed, actor);
}

Result<std::string> IssueToken(Catalog& catalog, std::string_view name, const std::string& label,
                               const std::string& actor) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  const std::string token = "sohoa_" + RandomToken(32);
  SOHOA_RETURN_IF_ERROR(catalog.users().InsertToken(name, Sha256OfBytes(token), label, actor));
  return token;
}

Result<User> CheckPassword(Catalog& catalog, std::string_view name, std::string_view password,
                           const std::string& from) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  SOHOA_ASSIGN_OR_RETURN(const std::string hashed, catalog.users().PasswordHashOf(name));
  // An unknown name costs the same check as a known one: the time taken
  // says nothing about which names exist.
  static const std::string kNobody = [] {
    Result<std::string> h = HashPassword("no one has this password");
    return h.ok() ? *h : std::string();
  }();
  const std::string& against = hashed.empty() ? kNobody : hashed;
  const bool verified = !against.empty() &&
                        crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  const bool right = !hashed.empty() && !password.empty() && verified;
  const std::string who = IsValidUserName(name) ? std::string(name) : std::string("(not a user name)");
  SOHOA_RETURN_IF_ERROR(
      catalog.AppendEvent({"login", who, who, right ? "success" : "failure", from.empty() ? "" : "from " + from, ""}));
  // One answer for every way a login fails: it says nothing of which names exist.
  if (!right) return Unauthenticated(Text(Msg::kUserWrongLogin));
  SOHOA_ASSIGN_OR_RETURN(std::optional<User> user, catalog.users().FindUser(name));
  if (!user) return NotFound(Text(Msg::kUserUnknown, {name}));
  return *std::move(user);
}

Result<User> CheckToken(Catalog& catalog, std::string_view token) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<User> user, catalog.users().UserOfToken(Sha256OfBytes(token)));
  if (!user) return Unauthenticated("the token is not valid (unknown, or its user is disabled)");
  return *std::move(user);
}

Result<Session> StartSession(Catalog& catalog, const User& user, std::time_t now, int lifetime_seconds) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  Session session{RandomToken(32), RandomToken(24), now + lifetime_seconds};
  SOHOA_RETURN_IF_ERROR(
      catalog.users().InsertSession(Sha256OfBytes(session.id), user.name, session.csrf, session.expires_at, now));
  return session;
}

Result<std::pair<User, std::string>> CheckSession(Catalog& catalog, std::string_view id, std::time_t now) {
  SOHOA_ASSIGN_OR_RETURN(auto found, catalog.users().SessionUser(Sha256OfBytes(id), now));
  if (!found) return Unauthenticated("the session has ended: log in again");
  return *std::move(found);
}

Status EndSession(Catalog& catalog, std::string_view id) { return catalog.users().DeleteSession(Sha256OfBytes(id)); }

}  // namespace sohoa::archive
