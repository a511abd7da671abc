// PgUserDirectory: users, their agencies, tokens and sessions in PostgreSQL
// (schema/migrations_postgres/0002_archive.sql), as the SQLite catalog keeps
// them. archive/users.cc checks names, hashes passwords and makes tokens.
#include "archive/postgres/registers.h"
#include "schema/messages.h"

namespace sohoa::archive::postgres {
namespace {

Status Log(Connection& db, const std::string& type, std::string_view object, const std::string& actor,
           const std::string& detail) {
  Event event;
  event.type = type;
  event.object = std::string(object);
  event.actor = actor;
  event.detail = detail;
  return InsertEvent(db, event);
}

// The user row and agencies of `name`, enabled or not.
Result<std::optional<User>> Load(Connection& db, std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query("SELECT name, role, password_hash <> '', disabled, " +
                                                 IsoTime("created_at") + " FROM users WHERE name = $1",
                                             {std::string(name)}));
  if (rows.empty()) return std::optional<User>();
  User user;
  user.name = rows.Text(0, 0);
  user.role = ParseRole(rows.Text(0, 1)).value_or(Role::kStaff);
  user.has_password = rows.Text(0, 2) == "t";
  user.disabled = rows.Text(0, 3) == "t";
  user.created_at = rows.Text(0, 4);
  SOHOA_ASSIGN_OR_RETURN(Rows agencies, db.Query("SELECT agency_code FROM user_agencies WHERE user_name = $1 "
                                                 "ORDER BY agency_code COLLATE \"C\"",
                                                 {std::string(name)}));
  for (int i = 0; i < agencies.size(); ++i) user.agencies.push_back(agencies.Text(i, 0));
  return std::optional<User>(std::move(user));
}

Result<User> Existing(Connection& db, std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<User> user, Load(db, name));
  if (!user) return NotFound(Text(Msg::kUserUnknown, {name}));
  return *std::move(user);
}

Status EndSessionsOf(Connection& db, std::string_view name) {
  return db.Run("DELETE FROM user_sessions WHERE user_name = $1", {std::string(name)});
}

}  // namespace

Status PgUserDirectory::InsertUser(const User& user, const std::string& password_hash, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // ON CONFLICT rather than a look first: two admins adding the same name at
  // once must not make one of them fail with a bare constraint message.
  SOHOA_ASSIGN_OR_RETURN(
      Rows added, db->Query("INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3) "
                            "ON CONFLICT (name) DO NOTHING RETURNING 1",
                            {user.name, std::string(RoleName(user.role)), password_hash}));
  if (added.empty()) return AlreadyExists(Text(Msg::kUserExists, {user.name}));
  SOHOA_RETURN_IF_ERROR(db->Run("INSERT INTO user_agencies (user_name, agency_code) "
                                "SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
                                {user.name, TextArray(user.agencies)}));
  std::string scope;
  for (const std::string& code : user.agencies) scope += (scope.empty() ? "" : " ") + code;
  SOHOA_RETURN_IF_ERROR(Log(*db, "user-add", user.name, actor,
                            "role " + std::string(RoleName(user.role)) +
                                (scope.empty() ? ", no agency" : ", agencies " + scope)));
  return tx.Commit();
}

Result<std::optional<User>> PgUserDirectory::FindUser(std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return Load(*db, name);
}

Result<std::vector<User>> PgUserDirectory::ListUsers() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows names, db->Query("SELECT name FROM users ORDER BY name COLLATE \"C\""));
  std::vector<User> users;
  for (int i = 0; i < names.size(); ++i) {
    SOHOA_ASSIGN_OR_RETURN(User user, Existing(*db, names.Text(i, 0)));
    users.push_back(std::move(user));
  }
  return users;
}

Status PgUserDirectory::DisableUser(std::string_view name, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows updated, db->Query("UPDATE users SET disabled = true, updated_at = now() "
                                                 "WHERE name = $1 RETURNING 1",
                                                 {std::string(name)}));
  if (updated.empty()) return NotFound(Text(Msg::kUserUnknown, {name}));
  SOHOA_RETURN_IF_ERROR(EndSessionsOf(*db, name));
  SOHOA_RETURN_IF_ERROR(Log(*db, "user-disable", name, actor, ""));
  return tx.Commit();
}

Status PgUserDirectory::SetPasswordHash(std::string_view name, const std::string& password_hash,
                                        const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(Rows updated, db->Query("UPDATE users SET password_hash = $2, updated_at = now() "
                                                 "WHERE name = $1 RETURNING 1",
                                                 {std::string(name), password_hash}));
  if (updated.empty()) return NotFound(Text(Msg::kUserUnknown, {name}));
  SOHOA_RETURN_IF_ERROR(EndSessionsOf(*db, name));
  SOHOA_RETURN_IF_ERROR(Log(*db, "user-password", name, actor, ""));
  return tx.Commit();
}

Status PgUserDirectory::InsertToken(std::string_view name, const std::string& token_sha256,
                                    const std::string& label, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  // FOR SHARE: a DisableUser committing meanwhile waits for this token, or
  // this token sees the user disabled.
  SOHOA_ASSIGN_OR_RETURN(Rows user, db->Query("SELECT disabled FROM users WHERE name = $1 FOR SHARE",
                                              {std::string(name)}));
  if (user.empty()) return NotFound(Text(Msg::kUserUnknown, {name}));
  if (user.Text(0, 0) == "t") return InvalidArgument(Text(Msg::kUserIsDisabled, {name}));
  SOHOA_RETURN_IF_ERROR(db->Run("INSERT INTO user_tokens (token_sha256, user_name, label) VALUES ($1, $2, $3)",
                                {token_sha256, std::string(name), label}));
  SOHOA_RETURN_IF_ERROR(Log(*db, "user-token", name, actor, label.empty() ? "" : "label " + label));
  return tx.Commit();
}

Result<std::string> PgUserDirectory::PasswordHashOf(std::string_view name) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db->Query("SELECT password_hash FROM users WHERE name = $1 AND NOT disabled",
                                              {std::string(name)}));
  return rows.empty() ? std::string() : rows.Text(0, 0);
}

Result<std::optional<User>> PgUserDirectory::UserOfToken(const std::string& token_sha256) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // When it was last used, to the minute: a system calling many times a
  // second must not make every call a write.
  SOHOA_ASSIGN_OR_RETURN(
      Rows found, db->Query("SELECT t.user_name, coalesce(t.last_used_at < now() - interval '1 minute', true) "
                            "FROM user_tokens t JOIN users u ON u.name = t.user_name "
                            "WHERE t.token_sha256 = $1 AND NOT u.disabled",
                            {token_sha256}));
  if (found.empty()) return std::optional<User>();
  const std::string name = found.Text(0, 0);
  if (found.Text(0, 1) == "t") {
    SOHOA_RETURN_IF_ERROR(
        db->Run("UPDATE user_tokens SET last_used_at = now() WHERE token_sha256 = $1", {token_sha256}));
  }
  return Load(*db, name);
}

Status PgUserDirectory::InsertSession(const std::string& id_sha256, const std::string& user_name,
                                      const std::string& csrf, std::time_t expires_at, std::time_t now) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_RETURN_IF_ERROR(
      db->Run("DELETE FROM user_sessions WHERE expires_at <= $1", {std::to_string(static_cast<std::int64_t>(now))}));
  return db->Run("INSERT INTO user_sessions (id_sha256, user_name, csrf_token, expires_at) VALUES ($1, $2, $3, $4)",
                 {id_sha256, user_name, csrf, std::to_string(static_cast<std::int64_t>(expires_at))});
}

Result<std::optional<std::pair<User, std::string>>> PgUserDirectory::SessionUser(const std::string& id_sha256,
                                                                                 std::time_t now) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(
      Rows found, db->Query("SELECT s.user_name, s.csrf_token FROM user_sessions s JOIN users u "
                            "ON u.name = s.user_name WHERE s.id_sha256 = $1 AND s.expires_at > $2 "
                            "AND NOT u.disabled",
                            {id_sha256, std::to_string(static_cast<std::int64_t>(now))}));
  if (found.empty()) return std::optional<std::pair<User, std::string>>();
  SOHOA_ASSIGN_OR_RETURN(User user, Existing(*db, found.Text(0, 0)));
  return std::optional<std::pair<User, std::string>>(std::make_pair(std::move(user), found.Text(0, 1)));
}

Status PgUserDirectory::DeleteSession(const std::string& id_sha256) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return db->Run("DELETE FROM user_sessions WHERE id_sha256 = $1", {id_sha256});
}

}  // namespace sohoa::archive::postgres
