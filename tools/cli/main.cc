// sohoa: the command line. Parses, picks the home, runs one subcommand.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "ocr/isolated_reader.h"
#include "schema/messages.h"
#include "tools/cli/command_line.h"
#include "tools/cli/common.h"

namespace {

// libgomp (linked by libtesseract) reads OMP_THREAD_LIMIT when it is loaded,
// before main() runs, so setting it here is too late for this process: set it
// and start again. Without it every page is 4-6x slower on OpenMP threads that
// fight the page workers for the cores. An explicit value is respected.
void EnsureOpenMpLimit(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT") != nullptr) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc?): go on, slower but correct.
}

// --lang before CLI11 reads the line, so that every message, its own
// complaints about the line included, is in that language.
void ChooseLanguage(const std::vector<std::string>& args) {
  sohoa::SetLanguage(sohoa::LanguageFromEnvironment());
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string value;
    if (args[i] == "--") break;
    if (args[i] == "--lang" && i + 1 < args.size()) value = args[i + 1];
    if (args[i].rfind("--lang=", 0) == 0) value = args[i].substr(7);
    if (auto language = sohoa::ParseLanguage(value)) sohoa::SetLanguage(*language);
  }
}

// The command (and subcommand) the line chose, "sohoa books".
std::string ChosenCommand(const CLI::App* app) {
  std::string path = "sohoa";
  for (const CLI::App* at = app; at != nullptr;) {
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : at->get_subcommands()) {
      path += " " + sub->get_name();
      next = sub;
      break;
    }
    at = next;
  }
  return path;
}

// What CLI11 says about a line it cannot take, in the reader's language:
// which subcommands a command needs, else the explanation with CLI11's own
// words after it as the technical detail.
std::string UsageProblem(const CLI::App* app, const CLI::Error& e) {
  const std::string command = ChosenCommand(app);
  const CLI::App* chosen = app;
  while (!chosen->get_subcommands().empty()) chosen = chosen->get_subcommands().front();
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && chosen->get_require_subcommand_min() > 0 &&
      chosen->get_subcommands().empty()) {
    std::string names;
    for (const CLI::App* sub : chosen->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_name().empty()) continue;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    return sohoa::Text(sohoa::Msg::kNeedsSubcommand, {command, names}) + "\n";
  }
  return sohoa::Text(sohoa::Msg::kUsageProblem, {e.what(), command}) + "\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Files from outside are decoded by this program started again as a child.
  sohoa::ocr::ServeIfDecoder(argc, argv);
  EnsureOpenMpLimit(argv);

  CLI::App app{
      "sohoa: digitize one-stop dossiers and civil-status registers into a searchable archive.\n"
      "The archive home is --home DIR, else $SOHOA_HOME, else ./sohoa-home. 'sohoa init' makes it;\n"
      "every other command needs it made (a mistyped path never becomes a new archive)."};
  app.set_version_flag("--version", "sohoa 0.1.0");
  sohoa::cli::GlobalOptions options;
  app.add_option("--home", options.home, "Archive home folder (default: $SOHOA_HOME or ./sohoa-home)");
  app.add_option("--catalog", options.catalog,
                 "The home's catalog: an SQLite file (sqlite:PATH) or postgresql://user@host/db "
                 "(default: $SOHOA_CATALOG, else the home's sohoa.toml, else catalog.db in the home)");
  app.add_option("--blobs", options.blobs,
                 "The home's blob store: a folder, or s3://bucket/prefix in an existing bucket (endpoint, region and "
                 "keys from AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or the file named by "
                 "SOHOA_S3_CREDENTIALS) (default: $SOHOA_BLOBS, else the home's sohoa.toml, else blobs/ in the home)");
  std::string language;
  app.add_option("--lang", language,
                 "Language of what sohoa says: vi (the default) or en; without it, LANG=en_* (or SOHOA_LANG=en) means en")
      ->check(CLI::IsMember({"vi", "en"}));
  app.require_subcommand(1);
  app.fallthrough();
  app.failure_message(UsageProblem);

  sohoa::cli::AddInitCommand(app, options);
  sohoa::cli::AddIngestCommand(app, options);
  sohoa::cli::AddWatchCommand(app, options);
  sohoa::cli::AddWorkerCommand(app, options);
  sohoa::cli::AddQueueCommands(app, options);
  sohoa::cli::AddQueryCommands(app, options);
  sohoa::cli::AddGetCommand(app, options);
  sohoa::cli::AddBooksCommands(app, options);  // after ingest: adds ingest --book
  sohoa::cli::AddUnderstandCommands(app, options);
  sohoa::cli::AddFixityCommands(app, options);
  sohoa::cli::AddReportCommand(app, options);
  sohoa::cli::AddRegisterCommands(app, options);
  sohoa::cli::AddAgenciesCommands(app, options);
  sohoa::cli::AddPackageCommands(app, options);
  sohoa::cli::AddRetentionCommands(app, options);
  sohoa::cli::AddUserCommands(app, options);
  sohoa::cli::AddServeCommand(app, options);
  sohoa::cli::AddMigrateCommand(app, options);

  std::vector<std::string> args(argv, argv + argc);
  ChooseLanguage(args);
  auto prepared = sohoa::cli::PrepareArguments(app, args);
  if (!prepared.ok()) return sohoa::cli::Fail(prepared.status());
  std::vector<char*> prepared_argv;
  for (std::string& arg : *prepared) prepared_argv.push_back(arg.data());
  prepared_argv.push_back(nullptr);
  try {
    app.parse(static_cast<int>(prepared->size()), prepared_argv.data());
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : sohoa::cli::kExitUsage;
  }
  if (!options.action) return sohoa::cli::kExitUsage;
  return options.action();
}
