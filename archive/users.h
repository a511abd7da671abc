// Who may read the archive over a network, and what each may see
// (schema/migrations/0009_users.sql). Citizens' names, ID numbers and
// civil-status facts are personal data (NĐ 13/2023/NĐ-CP): a user sees only
// the dossiers of the agencies in their scope, in what their role allows.
//
// Roles:
//   staff      upload scans; see what their agencies received
//   archivist  search, read, download and export within their scope
//   manager    reports and the backlog: counts, no personal data
//   admin      users and the access log
// Passwords are kept as Argon2id strings (libsodium crypto_pwhash_str, at its
// "interactive" limits: ~0.1 s and 64 MiB a check, so logins must be rate
// limited by the caller); tokens and session ids only as their SHA-256.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "schema/status.h"

namespace sohoa::archive {

enum class Role { kStaff, kArchivist, kManager, kAdmin };

std::string_view RoleName(Role role);  // "staff", "archivist", ...
std::optional<Role> ParseRole(std::string_view name);

struct User {
  std::string name;
  Role role = Role::kStaff;
  // Agency codes; each covers itself and every agency under it.
  std::vector<std::string> agencies;
  bool disabled = false;
  bool has_password = false;
  std::string created_at;  // ISO 8601 UTC

  // Does the user's scope cover `agency_code` (000.00.22.H32 covers
  // 000.31.22.H32)? False for a code that is no agency code.
  bool Covers(std::string_view agency_code) const;
};

// A login name: 1-64 characters of a-z, 0-9, '.', '_', '-', starting with a
// letter or digit (they end up in logs and URLs).
bool IsValidUserName(std::string_view name);

// Adds a user. InvalidArgument for a bad name, an agency code that is not
// one, or a password shorter than 10 characters; AlreadyExists for a taken
// name. An empty password makes a user who can only use tokens. Logs a
// "user-add" event by `actor`.
Status AddUser(Catalog& catalog, const User& user, std::string_view password, const std::string& actor);

Result<std::optional<User>> FindUser(Catalog& catalog, std::string_view name);
Result<std::vector<User>> ListUsers(Catalog& catalog);

// Disables a user: their password, tokens and sessions stop working at once
// (sessions are deleted). NotFound for an unknown name.
Status DisableUser(Catalog& catalog, std::string_view name, const std::string& actor);

// Sets a new password (InvalidArgument when shorter than 10 characters) and
// ends the user's sessions.
Status SetPassword(Catalog& catalog, std::string_view name, std::string_view password,
                   const std::string& actor);

// A new bearer token for `name`, returned once: only its SHA-256 is kept.
Result<std::string> IssueToken(Catalog& catalog, std::string_view name, const std::string& label,
                               const std::string& actor);

// The enabled user with this name and password. Unauthenticated, the same
// for an unknown name, a wrong password and a disabled user (a caller must
// not tell them apart); every failure is logged as a "login" event.
Result<User> CheckPassword(Catalog& catalog, std::string_view name, std::string_view password,
                           const std::string& from);

// The enabled user a bearer token belongs to; Unauthenticated otherwise.
Result<User> CheckToken(Catalog& catalog, std::string_view token);

struct Session {
  std::string id;    // the cookie's value: shown once, kept as its SHA-256
  std::string csrf;  // sent back with every state-changing request
  std::time_t expires_at = 0;
};

// Starts a session for a user who has just proved who they are.
Result<Session> StartSession(Catalog& catalog, const User& user, std::time_t now, int lifetime_seconds);

// The user and CSRF token of a live session; Unauthenticated for an
// unknown, expired or ended session, or a disabled user.
Result<std::pair<User, std::string>> CheckSession(Catalog& catalog, std::string_view id, std::time_t now);

Status EndSession(Catalog& catalog, std::string_view id);

// The users, tokens and sessions of a catalog backend (Catalog::users()).
// The functions above check names, hash passwords and make tokens; this
// keeps what they made: hashes only, never a password or a token.
class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  // Adds `user` (`password_hash` "" for a token-only user) and logs
  // "user-add" by `actor`, in one transaction. AlreadyExists for a taken name.
  virtual Status InsertUser(const User& user, const std::string& password_hash, const std::string& actor) = 0;
  virtual Result<std::optional<User>> FindUser(std::string_view name) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Disables the user, ends their sessions, logs "user-disable". NotFound.
  virtual Status DisableUser(std::string_view name, const std::string& actor) = 0;
  // Replaces the password hash, ends the sessions, logs "user-password".
  virtual Status SetPasswordHash(std::string_view name, const std::string& password_hash,
                                 const std::string& actor) = 0;
  // Keeps a token's SHA-256 for an enabled user and logs "user-token".
  // NotFound for an unknown user, InvalidArgument for a disabled one.
  virtual Status InsertToken(std::string_view name, const std::string& token_sha256, const std::string& label,
                             const std::string& actor) = 0;
  // The password hash of an enabled user; "" for an unknown, disabled or
  // token-only one. Holds no read open when it returns (a slow hash check
  // follows, then a write).
  virtual Result<std::string> PasswordHashOf(std::string_view name) = 0;
  // The enabled user whose token has this SHA-256, nullopt for none; notes
  // when the token was last used, to the minute.
  virtual Result<std::optional<User>> UserOfToken(const std::string& token_sha256) = 0;
  // Keeps a new session (ended and expired ones go as it comes).
  virtual Status InsertSession(const std::string& id_sha256, const std::string& user_name, const std::string& csrf,
                               std::time_t expires_at, std::time_t now) = 0;
  // The enabled user and CSRF token of a live session, nullopt for none.
  virtual Result<std::optional<std::pair<User, std::string>>> SessionUser(const std::string& id_sha256,
                                                                          std::time_t now) = 0;
  virtual Status DeleteSession(const std::string& id_sha256) = 0;
};

}  // namespace sohoa::archive
