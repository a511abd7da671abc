// SqliteCatalog's UserDirectory over the tables of
// schema/migrations/0009_users.sql. archive/users.cc checks names, hashes
// passwords and makes tokens.
#include "archive/sqlite/catalog.h"
#include "schema/messages.h"

namespace sohoa::archive {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

namespace {

Status Log(Db& db, const std::string& type, std::string_view object, const std::string& actor,
           const std::string& detail) {
  Event event;
  event.type = type;
  event.object = std::string(object);
  event.actor = actor;
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

Status SqliteCatalog::InsertUser(const User& user, const std::string& password_hash, const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<User> taken, Load(db, user.name));
  if (taken) return AlreadyExists(Text(Msg::kUserExists, {user.name}));
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert, db.Prepare("INSERT INTO users (name, role, password_hash, disabled, created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, 0, " SOHOA_SQL_NOW ", " SOHOA_SQL_NOW ")"));
  insert.Bind(1, user.name).Bind(2, RoleName(user.role)).Bind(3, password_hash);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  std::string scope;
  for (const std::string& code : user.agencies) {
    SOHOA_ASSIGN_OR_RETURN(Stmt agency,
                           db.Prepare("INSERT OR IGNORE INTO user_agencies (user_name, agency_code) VALUES (?1, ?2)"));
    agency.Bind(1, user.name).Bind(2, code);
    SOHOA_RETURN_IF_ERROR(agency.Run());
    scope += (scope.empty() ? "" : " ") + code;
  }
  SOHOA_RETURN_IF_ERROR(Log(db, "user-add", user.name, actor,
                            "role " + std::string(RoleName(user.role)) +
                                (scope.empty() ? ", no agency" : ", agencies " + scope)));
  return tx.Commit();
}

Result<std::optional<User>> SqliteCatalog::FindUser(std::string_view name) { return Load(db_, name); }

Result<std::vector<User>> SqliteCatalog::ListUsers() {
  std::vector<std::string> names;
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare("SELECT name FROM users ORDER BY name"));
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      names.push_back(select.Text(0));
    }
  }
  std::vector<User> users;
  for (const std::string& name : names) {
    SOHOA_ASSIGN_OR_RETURN(User user, Existing(db_, name));
    users.push_back(std::move(user));
  }
  return users;
}

Status SqliteCatalog::DisableUser(std::string_view name, const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(Existing(db, name).status());
  SOHOA_ASSIGN_OR_RETURN(Stmt update,
                         db.Prepare("UPDATE users SET disabled = 1, updated_at = " SOHOA_SQL_NOW " WHERE name = ?1"));
  update.Bind(1, name);
  SOHOA_RETURN_IF_ERROR(update.Run());
  SOHOA_RETURN_IF_ERROR(EndSessionsOf(db, name));
  SOHOA_RETURN_IF_ERROR(Log(db, "user-disable", name, actor, ""));
  return tx.Commit();
}

Status SqliteCatalog::SetPasswordHash(std::string_view name, const std::string& password_hash,
                                      const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(Existing(db, name).status());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt update,
      db.Prepare("UPDATE users SET password_hash = ?2, updated_at = " SOHOA_SQL_NOW " WHERE name = ?1"));
  update.Bind(1, name).Bind(2, password_hash);
  SOHOA_RETURN_IF_ERROR(update.Run());
  SOHOA_RETURN_IF_ERROR(EndSessionsOf(db, name));
  SOHOA_RETURN_IF_ERROR(Log(db, "user-password", name, actor, ""));
  return tx.Commit();
}

Status SqliteCatalog::InsertToken(std::string_view name, const std::string& token_sha256, const std::string& label,
                                  const std::string& actor) {
  Db& db = db_;
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(User user, Existing(db, name));
  if (user.disabled) return InvalidArgument(Text(Msg::kUserIsDisabled, {user.name}));
  SOHOA_ASSIGN_OR_RETURN(Stmt insert, db.Prepare("INSERT INTO user_tokens (token_sha256, user_name, label, created_at) "
                                                 "VALUES (?1, ?2, ?3, " SOHOA_SQL_NOW ")"));
  insert.Bind(1, token_sha256).Bind(2, name).Bind(3, label);
  SOHOA_RETURN_IF_ERROR(insert.Run());
  SOHOA_RETURN_IF_ERROR(Log(db, "user-token", name, actor, label.empty() ? "" : "label " + label));
  return tx.Commit();
}

Result<std::string> SqliteCatalog::PasswordHashOf(std::string_view name) {
  // The statement is reset when `select` goes: a statement left open keeps
  // its read snapshot, and another request's commit in the meantime (a busy
  // server commits several during one Argon2 check) would make the login's
  // event fail with SQLITE_BUSY.
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db_.Prepare("SELECT password_hash FROM users WHERE name = ?1 AND disabled = 0"));
  select.Bind(1, name);
  SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
  return found ? select.Text(0) : std::string();
}

Result<std::optional<User>> SqliteCatalog::UserOfToken(const std::string& token_sha256) {
  std::string name;
  bool stale = false;
  {
    // Read and finished before any write: a write begun inside this read
    // would fail at once (SQLITE_BUSY) whenever another connection wrote
    // since the read began, which under load is most of the time.
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select,
        db_.Prepare("SELECT t.user_name, coalesce(t.last_used_at, '') < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
                    "'-1 minute') FROM user_tokens t JOIN users u ON u.name = t.user_name "
                    "WHERE t.token_sha256 = ?1 AND u.disabled = 0"));
    select.Bind(1, token_sha256);
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return std::optional<User>();
    name = select.Text(0);
    stale = select.Int(1) != 0;
  }
  // When it was last used, to the minute: a system calling many times a
  // second must not make every call a write.
  if (stale) {
    SOHOA_ASSIGN_OR_RETURN(Stmt used, db_.Prepare("UPDATE user_tokens SET last_used_at = " SOHOA_SQL_NOW
                                                  " WHERE token_sha256 = ?1"));
    used.Bind(1, token_sha256);
    SOHOA_RETURN_IF_ERROR(used.Run());
  }
  return Load(db_, name);
}

Status SqliteCatalog::InsertSession(const std::string& id_sha256, const std::string& user_name,
                                    const std::string& csrf, std::time_t expires_at, std::time_t now) {
  SOHOA_ASSIGN_OR_RETURN(Stmt sweep, db_.Prepare("DELETE FROM user_sessions WHERE expires_at <= ?1"));
  sweep.Bind(1, static_cast<std::int64_t>(now));
  SOHOA_RETURN_IF_ERROR(sweep.Run());
  SOHOA_ASSIGN_OR_RETURN(
      Stmt insert, db_.Prepare("INSERT INTO user_sessions (id_sha256, user_name, csrf_token, created_at, expires_at) "
                               "VALUES (?1, ?2, ?3, " SOHOA_SQL_NOW ", ?4)"));
  insert.Bind(1, id_sha256).Bind(2, user_name).Bind(3, csrf).Bind(4, static_cast<std::int64_t>(expires_at));
  return insert.Run();
}

Result<std::optional<std::pair<User, std::string>>> SqliteCatalog::SessionUser(const std::string& id_sha256,
                                                                               std::time_t now) {
  std::string name, csrf;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt select, db_.Prepare("SELECT s.user_name, s.csrf_token FROM user_sessions s JOIN users u "
                                 "ON u.name = s.user_name WHERE s.id_sha256 = ?1 AND s.expires_at > ?2 "
                                 "AND u.disabled = 0"));
    select.Bind(1, id_sha256).Bind(2, static_cast<std::int64_t>(now));
    SOHOA_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) return std::optional<std::pair<User, std::string>>();
    name = select.Text(0);
    csrf = select.Text(1);
  }
  SOHOA_ASSIGN_OR_RETURN(User user, Existing(db_, name));
  return std::optional<std::pair<User, std::string>>(std::make_pair(std::move(user), std::move(csrf)));
}

Status SqliteCatalog::DeleteSession(const std::string& id_sha256) {
  SOHOA_ASSIGN_OR_RETURN(Stmt end, db_.Prepare("DELETE FROM user_sessions WHERE id_sha256 = ?1"));
  end.Bind(1, id_sha256);
  return end.Run();
}

}  // namespace sohoa::archive
