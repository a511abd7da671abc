// sohoa user add|list|disable|passwd|token: the people and systems that may
// read the archive over the network (archive/users.h).
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "archive/users.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct AddArgs {
  std::string name;
  std::string role;
  std::vector<std::string> agencies;
  bool password_stdin = false;
  std::string by;
};

struct NameArgs {
  std::string name;
  std::string label;
  bool password_stdin = false;
  std::string by;
};

// One line from standard input without its line end: the password, piped
// (--password-stdin) or typed at a prompt that does not echo it.
Result<std::string> ReadPassword(bool from_stdin) {
  const bool terminal = ::isatty(STDIN_FILENO) != 0;
  if (!from_stdin && !terminal) {
    return InvalidArgument(Text(Msg::kUserPasswordHow));
  }
  termios saved{};
  const bool hide = terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) std::cerr << Text(Msg::kUserPasswordPrompt) << std::flush;
  if (hide) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (hide) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

nlohmann::json UserJson(const archive::User& u) {
  return {{"name", u.name},         {"role", std::string(archive::RoleName(u.role))}, {"agencies", u.agencies},
          {"disabled", u.disabled}, {"password", u.has_password},        {"created_at", u.created_at}};
}

int RunAdd(const GlobalOptions& options, const AddArgs& args) {
  const auto role = archive::ParseRole(args.role);
  if (!role) return Fail(InvalidArgument(Text(Msg::kUserRoles, {args.role})));
  std::string password;
  if (args.password_stdin || ::isatty(STDIN_FILENO)) {
    auto read = ReadPassword(args.password_stdin);
    if (!read.ok()) return Fail(read.status());
    password = *read;
  }
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  archive::User user;
  user.name = args.name;
  user.role = *role;
  user.agencies = args.agencies;
  if (Status s = archive::AddUser(**catalog, user, password, UserOrEnv(args.by)); !s.ok()) return Fail(s);
  std::string scope;
  for (const auto& code : user.agencies) scope += (scope.empty() ? "" : ", ") + code;
  std::cout << Text(Msg::kUserAdded, {user.name, archive::RoleName(user.role),
                                      scope.empty() ? Text(Msg::kUserNoAgency) : scope})
            << "\n";
  if (password.empty()) std::cout << Text(Msg::kUserNoPassword, {user.name}) << "\n";
  if (user.agencies.empty() && user.role != archive::Role::kAdmin) {
    std::cout << Text(Msg::kUserSeesNothing) << "\n";
  }
  return kExitOk;
}

int RunList(const GlobalOptions& options) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto users = archive::ListUsers(**catalog);
  if (!users.ok()) return Fail(users.status());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *users) out.push_back(UserJson(u));
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (users->empty()) {
    std::cout << Text(Msg::kUserNone) << "\n";
    return kExitOk;
  }
  for (const auto& u : *users) {
    std::string scope;
    for (const auto& code : u.agencies) scope += (scope.empty() ? "" : " ") + code;
    std::cout << Column(u.name, 20) << "  " << Column(archive::RoleName(u.role), 9) << "  "
              << Column(u.disabled ? Text(Msg::kUserDisabledMark) : "", 10) << "  "
              << (scope.empty() ? "-" : scope) << "\n";
  }
  return kExitOk;
}

int RunDisable(const GlobalOptions& options, const NameArgs& args) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (Status s = archive::DisableUser(**catalog, args.name, UserOrEnv(args.by)); !s.ok()) return Fail(s);
  std::cout << Text(Msg::kUserDisabled, {args.name}) << "\n";
  return kExitOk;
}

int RunPasswd(const GlobalOptions& options, const NameArgs& args) {
  auto password = ReadPassword(args.password_stdin);
  if (!password.ok()) return Fail(password.status());
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  if (Status s = archive::SetPassword(**catalog, args.name, *password, UserOrEnv(args.by)); !s.ok()) {
    return Fail(s);
  }
  std::cout << Text(Msg::kUserPasswordSet, {args.name}) << "\n";
  return kExitOk;
}

int RunToken(const GlobalOptions& options, const NameArgs& args) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto token = archive::IssueToken(**catalog, args.name, args.label, UserOrEnv(args.by));
  if (!token.ok()) return Fail(token.status());
  // The token alone on standard output, for scripts; the advice on stderr.
  std::cout << *token << "\n";
  std::cerr << Text(Msg::kUserTokenOnce, {args.name}) << "\n";
  return kExitOk;
}

}  // namespace

void AddUserCommands(CLI::App& app, GlobalOptions& options) {
  auto* user = app.add_subcommand(
      "user",
      "People and systems that may use the archive over the network (sohoa serve): their role,\n"
      "the agencies they see (each with every agency under it in the code tree), passwords and\n"
      "tokens. Every change is an event in 'sohoa log'.");
  user->require_subcommand(1);

  auto add = std::make_shared<AddArgs>();
  auto* add_cmd = user->add_subcommand(
      "add",
      "Add a user. Roles: staff (upload, see what their agencies received), archivist (search,\n"
      "read, download, export within their agencies), manager (reports and backlog: counts, no\n"
      "personal data), admin (users and the access log). The password (at least 10 characters)\n"
      "is typed at a prompt, or piped with --password-stdin; a user without one uses tokens.");
  add_cmd->add_option("name", add->name, "Login name: a-z, 0-9, '.', '_', '-'")->required();
  add_cmd->add_option("--role", add->role, "staff, archivist, manager or admin")->required();
  add_cmd->add_option("--agency", add->agencies,
                      "An agency code the user sees, with every agency under it (repeatable), e.g.\n"
                      "000.00.22.H32 for a district and its communes");
  add_cmd->add_flag("--password-stdin", add->password_stdin, "Read the password from standard input");
  add_cmd->add_option("--by", add->by, "Who adds the user (default: $USER)");
  add_cmd->callback([&options, add] { options.action = [&options, add] { return RunAdd(options, *add); }; });

  auto* list = user->add_subcommand("list", "The users: name, role, disabled or not, agencies");
  AddJsonFlag(*list, options);
  list->callback([&options] { options.action = [&options] { return RunList(options); }; });

  auto disable = std::make_shared<NameArgs>();
  auto* disable_cmd = user->add_subcommand(
      "disable", "Disable a user: their password, tokens and sessions stop working at once");
  disable_cmd->add_option("name", disable->name, "Login name")->required();
  disable_cmd->add_option("--by", disable->by, "Who disables the user (default: $USER)");
  disable_cmd->callback(
      [&options, disable] { options.action = [&options, disable] { return RunDisable(options, *disable); }; });

  auto passwd = std::make_shared<NameArgs>();
  auto* passwd_cmd = user->add_subcommand(
      "passwd", "Set a user's password (at a prompt, or --password-stdin); ends their sessions");
  passwd_cmd->add_option("name", passwd->name, "Login name")->required();
  passwd_cmd->add_flag("--password-stdin", passwd->password_stdin, "Read the password from standard input");
  passwd_cmd->add_option("--by", passwd->by, "Who sets it (default: $USER)");
  passwd_cmd->callback(
      [&options, passwd] { options.action = [&options, passwd] { return RunPasswd(options, *passwd); }; });

  auto token = std::make_shared<NameArgs>();
  auto* token_cmd = user->add_subcommand(
      "token",
      "A new bearer token for a user (another system: Authorization: Bearer TOKEN). It is\n"
      "printed once; sohoa keeps only its hash.");
  token_cmd->add_option("name", token->name, "Login name")->required();
  token_cmd->add_option("--label", token->label, "What the token is for, e.g. one-stop-system");
  token_cmd->add_option("--by", token->by, "Who issues it (default: $USER)");
  token_cmd->callback(
      [&options, token] { options.action = [&options, token] { return RunToken(options, *token); }; });
}

}  // namespace sohoa::cli
