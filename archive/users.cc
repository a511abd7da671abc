// Users, tokens and sessions over the tables of
// schema/migrations/0009_users.sql.
#include "archive/users.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "archive/blob_store.h"
#include "archive/internal/catalog_impl.h"
#include "archive/internal/sha256.h"
#include "schema/agency.h"
#include "schema/messages.h"

namespace sohoa::archive {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

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

Status Log(Db& db, const std::string& type, std::string_view object, const std::string& actor,
           bool success, const std::string& detail) {
  Event event;
  event.type = type;
  event.object = std::string(object);
  event.actor = actor;
  event.outcome = success ? "success" : "failure";
  event.detail = detail;
  return internal::InsertEvent(db, event);
}

// The user row and agencies of `name`, enabled or not.
Result<std::optional<User>> Load(Db& db, std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT name, role, password_hash <> '', disabled, created_at FROM users "
                              "WHERE name = ?1"));
  select.Bind(1, name);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<User>();
  User user;
  user.name = select.Text(0);
  user.role = ParseRole(select.Text(1)).value_or(Role::kStaff);
  user.has_password = select.Int(2) != 0;
  user.disabled = select.Int(3) != 0;
  user.created_at = select.Text(4);
  SOHOA_ASSIGN_OR_RETURN(
      Stmt agencies,
      db.Prepare("SELECT agency_code FROM user_agencies WHERE user_name = ?1 ORDER BY agency_code"));
  agencies.Bind(1, name);
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, agencies.Step());
    if (!row) break;
    user.agencies.push_back(agencies.Text(0));
  }
  return std::optional<User>(std::move(user));
}

Result<User> Existing(Db& db, std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<User> user, Load(db, name));
  if (!user) return NotFound(Text(Msg::kUserUnknown, {name}));
  return *std::move(user);
}

Status EndSessionsOf(Db& db, std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(Stmt end, db.Prepare("DELETE FROM user_sessions WHERE user_name = ?1"));
  end.Bind(1, name);
  return end.Run();
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
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<User> taken, Load(db, user.name));
  if (taken) return AlreadyExists(Text(Msg::kUserExists, {user.name}));
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert, db.Prepare("INSERT INTO users (name, role, password_hash, disabled, created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, 0, " SOHOA_SQL_NOW ", " SOHOA_SQL_NOW ")"));
  insert.Bind(1, user.name).Bind(2, RoleName(user.role)).Bind(3, hashed);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  std::string scope;
  for (const std::string& code : user.agencies) {
    SOHOA_ASSIGN_OR_RETURN(Stmt agency,
                           db.Prepare("INSERT OR IGNORE INTO user_agencies (user_name, agency_code) VALUES (?1, ?2)"));
    agency.Bind(1, user.name).Bind(2, code);
    SOHOA_RETURN_IF_ERROR(agency.Run());
    scope += (scope.empty() ? "" : " ") + code;
  }
  SOHOA_RETURN_IF_ERROR(Log(db, "user-add", user.name, actor, true,
                            "role " + std::string(RoleName(user.role)) +
                                (scope.empty() ? ", no agency" : ", agencies " + scope)));
  return tx.Commit();
}

Result<std::optional<User>> FindUser(Catalog& catalog, std::string_view name) {
  return Load(internal::CatalogAccess::DbOf(catalog), name);
}

Result<std::vector<User>> ListUsers(Catalog& catalog) {
  Db& db = internal::CatalogAccess::DbOf(catalog);
  std::vector<std::string> names;
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare("SELECT name FROM users ORDER BY name"));
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      names.push_back(select.Text(0));
    }
  }
  std::vector<User> users;
  for (const std::string& name : names) {
    SOHOA_ASSIGN_OR_RETURN(User user, Existing(db, name));
    users.push_back(std::move(user));
  }
  return users;
}

Status DisableUser(Catalog& catalog, std::string_view name, const std::string& actor) {
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(Existing(db, name).status());
  SOHOA_ASSIGN_OR_RETURN(Stmt update,
                         db.Prepare("UPDATE users SET disabled = 1, updated_at = " SOHOA_SQL_NOW " WHERE name = ?1"));
  update.Bind(1, name);
  SOHOA_RETURN_IF_ERROR(update.Run());
  SOHOA_RETURN_IF_ERROR(EndSessionsOf(db, name));
  SOHOA_RETURN_IF_ERROR(Log(db, "user-disable", name, actor, true, ""));
  return tx.Commit();
}

Status SetPassword(Catalog& catalog, std::string_view name, std::string_view password, const std::string& actor) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  SOHOA_ASSIGN_OR_RETURN(std::string hashed, HashPassword(password));
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(Existing(db, name).status());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt update,
      db.Prepare("UPDATE users SET password_hash = ?2, updated_at = " SOHOA_SQL_NOW " WHERE name = ?1"));
  update.Bind(1, name).Bind(2, hashed);
  SOHOA_RETURN_IF_ERROR(update.Run());
  SOHOA_RETURN_IF_ERROR(EndSessionsOf(db, name));
  SOHOA_RETURN_IF_ERROR(Log(db, "user-password", name, actor, true, ""));
  return tx.Commit();
}

Result<std::string> IssueToken(Catalog& catalog, std::string_view name, const std::string& label,
                               const std::string& actor) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(User user, Existing(db, name));
  if (user.disabled) return InvalidArgument(Text(Msg::kUserIsDisabled, {user.name}));
  const std::string token = "sohoa_" + RandomToken(32);
  SOHOA_ASSIGN_OR_RETURN(Stmt insert, db.Prepare("INSERT INTO user_tokens (token_sha256, user_name, label, created_at) "
                                                 "VALUES (?1, ?2, ?3, " SOHOA_SQL_NOW ")"));
  insert.Bind(1, Sha256OfBytes(token)).Bind(2, name).Bind(3, label);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  SOHOA_RETURN_IF_ERROR(Log(db, "user-token", name, actor, true, label.empty() ? "" : "label " + label));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return token;
}

Result<User> CheckPassword(Catalog& catalog, std::string_view name, std::string_view password,
                           const std::string& from) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  Db& db = internal::CatalogAccess::DbOf(catalog);
  std::string hashed;
  {
    // Read and let go before the slow hash check and the write that follows:
    // a statement left open keeps its read snapshot, and another request's
    // commit in the meantime (a busy server commits several during one
    // Argon2 check) would make the login's event fail with SQLITE_BUSY.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select, db.Prepare("SELECT password_hash FROM users WHERE name = ?1 AND disabled = 0"));
    select.Bind(1, name);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (found) hashed = select.Text(0);
  }
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
  SOHOA_RETURN_IF_ERROR(Log(db, "login", who, who, right, from.empty() ? "" : "from " + from));
  // One answer for every way a login fails: it says nothing of which names exist.
  if (!right) return Unauthenticated(Text(Msg::kUserWrongLogin));
  return Existing(db, name);
}

Result<User> CheckToken(Catalog& catalog, std::string_view token) {
  Db& db = internal::CatalogAccess::DbOf(catalog);
  std::string name;
  bool stale = false;
  {
    // Read and finished before any write: a write begun inside this read
    // would fail at once (SQLITE_BUSY) whenever another connection wrote
    // since the read began, which under load is most of the time.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db.Prepare("SELECT t.user_name, coalesce(t.last_used_at, '') < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
                   "'-1 minute') FROM user_tokens t JOIN users u ON u.name = t.user_name "
                   "WHERE t.token_sha256 = ?1 AND u.disabled = 0"));
    select.Bind(1, Sha256OfBytes(token));
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return Unauthenticated("the token is not valid (unknown, or its user is disabled)");
    name = select.Text(0);
    stale = select.Int(1) != 0;
  }
  // When it was last used, to the minute: a system calling many times a
  // second must not make every call a write.
  if (stale) {
    SOHOA_ASSIGN_OR_RETURN(Stmt used, db.Prepare("UPDATE user_tokens SET last_used_at = " SOHOA_SQL_NOW
                                                 " WHERE token_sha256 = ?1"));
    used.Bind(1, Sha256OfBytes(token));
    SOHOA_RETURN_IF_ERROR(used.Run());
  }
  return Existing(db, name);
}

Result<Session> StartSession(Catalog& catalog, const User& user, std::time_t now, int lifetime_seconds) {
  SOHOA_RETURN_IF_ERROR(internal::SodiumReady());
  Db& db = internal::CatalogAccess::DbOf(catalog);
  Session session{RandomToken(32), RandomToken(24), now + lifetime_seconds};
  // Ended and expired sessions go as new ones come.
  SOHOA_ASSIGN_OR_RETURN(Stmt sweep, db.Prepare("DELETE FROM user_sessions WHERE expires_at <= ?1"));
  sweep.Bind(1, static_cast<std::int64_t>(now));
  SOHOA_RETURN_IF_ERROR(sweep.Run());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert, db.Prepare("INSERT INTO user_sessions (id_sha256, user_name, csrf_token, created_at, expires_at) "
                              "VALUES (?1, ?2, ?3, " SOHOA_SQL_NOW ", ?4)"));
  insert.Bind(1, Sha256OfBytes(session.id))
      .Bind(2, user.name)
      .Bind(3, session.csrf)
      .Bind(4, static_cast<std::int64_t>(session.expires_at));
  SOHOA_RETURN_IF_ERROR(insert.Run());
  return session;
}

Result<std::pair<User, std::string>> CheckSession(Catalog& catalog, std::string_view id, std::time_t now) {
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select, db.Prepare("SELECT s.user_name, s.csrf_token FROM user_sessions s JOIN users u "
                              "ON u.name = s.user_name WHERE s.id_sha256 = ?1 AND s.expires_at > ?2 "
                              "AND u.disabled = 0"));
  select.Bind(1, Sha256OfBytes(id)).Bind(2, static_cast<std::int64_t>(now));
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Unauthenticated("the session has ended: log in again");
  const std::string name = select.Text(0);
  std::string csrf = select.Text(1);
  SOHOA_ASSIGN_OR_RETURN(User user, Existing(db, name));
  return std::make_pair(std::move(user), std::move(csrf));
}

Status EndSession(Catalog& catalog, std::string_view id) {
  Db& db = internal::CatalogAccess::DbOf(catalog);
  SOHOA_ASSIGN_OR_RETURN(Stmt end, db.Prepare("DELETE FROM user_sessions WHERE id_sha256 = ?1"));
  end.Bind(1, Sha256OfBytes(id));
  return end.Run();
}

}  // namespace sohoa::archive
