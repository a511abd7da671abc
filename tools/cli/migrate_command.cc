// sohoa migrate: the home's catalog moved from its SQLite file into
// PostgreSQL, checked, and the home switched to it (archive/migrate.h).
#include <iostream>
#include <memory>

#include "archive/migrate.h"
#include "archive/storage.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct MigrateArgs {
  std::string to;
  archive::MigrateOptions options;
};

// A line per table copied (and for the search index) on a pipe or a log;
// on a terminal, one line redrawn, comparisons included.
class ProgressLine {
 public:
  void Show(const archive::MigrationProgress& p) {
    using Step = archive::MigrationProgress::Step;
    const std::string done = std::to_string(p.done), total = std::to_string(p.total);
    const std::string line = p.step == Step::kCopy    ? Text(Msg::kMigrateCopying, {p.table, done, total})
                             : p.step == Step::kIndex ? Text(Msg::kMigrateIndexing, {done, total})
                                                      : Text(Msg::kMigrateComparing, {p.table, done, total});
    const bool finished = p.done >= p.total && p.step != Step::kVerify;
    const std::string what = std::to_string(static_cast<int>(p.step)) + p.table;
    if (finished && what == last_finished_) return;
    if (finished) last_finished_ = what;
    if (terminal_) {
      std::cerr << "\r\033[K" << ForTerminal(line, false) << (finished ? "\n" : "") << std::flush;
      open_ = !finished;
    } else if (finished) {
      std::cerr << ForTerminal(line, false) << "\n";
    }
  }
  // Clears a line left open on a terminal.
  void End() {
    if (terminal_ && open_) std::cerr << "\r\033[K" << std::flush;
    open_ = false;
  }

 private:
  const bool terminal_ = StderrIsTerminal();
  bool open_ = false;
  std::string last_finished_;
};

void PrintChecks(const archive::MigrationResult& result) {
  std::cout << Column(Text(Msg::kMigrateColumnTable), 22) << "  " << Column("SQLite", 10, true) << "  "
            << Column("PostgreSQL", 10, true) << "  " << Text(Msg::kMigrateColumnChecksum) << "\n";
  for (const archive::TableCheck& check : result.checks) {
    std::cout << Column(check.table, 22) << "  " << Column(std::to_string(check.source_rows), 10, true) << "  "
              << Column(std::to_string(check.target_rows), 10, true) << "  "
              << (check.same() ? Text(Msg::kMigrateSame) + " " + check.source_sha256.substr(0, 16)
                               : Text(Msg::kMigrateDiffer))
              << "\n";
  }
}

nlohmann::json ChecksJson(const archive::HomeMigration& migration) {
  nlohmann::json tables = nlohmann::json::array();
  for (const archive::TableCheck& check : migration.result.checks) {
    tables.push_back({{"table", check.table},
                      {"sqlite_rows", check.source_rows},
                      {"postgresql_rows", check.target_rows},
                      {"sqlite_sha256", check.source_sha256},
                      {"postgresql_sha256", check.target_sha256},
                      {"same", check.same()},
                      {"first_difference", check.first_difference}});
  }
  return {{"source", migration.source.string()},
          {"target", migration.target},
          {"stopped", migration.result.stopped},
          {"verified", migration.result.verified},
          {"switched", migration.switched},
          {"tables", std::move(tables)}};
}

int RunMigrate(const GlobalOptions& global, const MigrateArgs& args) {
  auto home = ExistingHome(global);
  if (!home.ok()) return Fail(home.status());
  archive::MigrateOptions options = args.options;
  ProgressLine progress;
  if (!global.json) options.progress = [&progress](const archive::MigrationProgress& p) { progress.Show(p); };
  auto migrated = archive::MigrateHome(*home, args.to, options);
  progress.End();
  if (!migrated.ok()) return Fail(migrated.status());
  const archive::HomeMigration& m = *migrated;
  if (global.json) {
    std::cout << ChecksJson(m).dump(2) << "\n";
    return m.result.stopped || m.result.verified ? kExitOk : kExitPartial;
  }
  if (m.result.stopped) {
    std::cout << Text(Msg::kMigrateStopped, {std::to_string(options.max_batches)}) << "\n";
    return kExitOk;
  }
  PrintChecks(m.result);
  if (!m.result.verified) {
    for (const archive::TableCheck& check : m.result.checks) {
      if (check.same()) continue;
      const std::string where = check.first_difference.empty() ? "?" : check.first_difference;
      std::cout << Text(Msg::kMigrateDiffers, {check.table, ForTerminal(where)}) << "\n";
      break;
    }
    return kExitPartial;
  }
  std::int64_t rows = 0;
  for (const archive::TableCheck& check : m.result.checks) rows += check.source_rows;
  std::cout << Text(Msg::kMigrateVerified, {std::to_string(rows), std::to_string(m.result.checks.size())}) << "\n";
  if (options.verify_only) {
    std::cout << Text(Msg::kMigrateVerifyOnly) << "\n";
    return kExitOk;
  }
  auto blobs = archive::LocateBlobs(*home);
  const auto absolute = [](const std::filesystem::path& path) {
    std::error_code ec;
    const std::filesystem::path out = std::filesystem::absolute(path, ec);
    return (ec ? path : out.lexically_normal()).string();
  };
  std::cout << Text(Msg::kMigrateSwitched,
                    {absolute(home->root), m.target, absolute(blobs.ok() ? *blobs : home->blobs())})
            << "\n"
            << Text(Msg::kMigrateFallback, {m.source.string(), absolute(home->root / "sohoa.toml")}) << "\n";
  if (!m.still_chosen_by.empty()) std::cout << Text(Msg::kMigrateStillChosen, {m.still_chosen_by}) << "\n";
  return kExitOk;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<MigrateArgs>();
  auto* cmd = app.add_subcommand(
      "migrate",
      "Move the home's catalog from its SQLite file into PostgreSQL: every table copied with its\n"
      "ids (the event log included), the search index built, then both catalogs compared table by\n"
      "table (row counts and a SHA-256 over every row). Only when they are the same does the home's\n"
      "sohoa.toml name the new catalog; catalog.db is left as it was, the way back. Blobs stay\n"
      "where they are. Stop sohoa serve and watch first. Safe to stop at any moment and run again:\n"
      "it goes on where it stopped. Exit code 0: done (or stopped by --batches), 1: the catalogs\n"
      "differ, the home not switched");
  cmd->add_option("--to", args->to,
                  "The PostgreSQL database to move into, postgresql://user@host/database: an empty one\n"
                  "(createdb), or one this same migration began")
      ->required();
  cmd->add_option("--batch", args->options.batch, "Rows copied per transaction (default 1000)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--batches", args->options.max_batches,
                  "Stop after this many batches, to move a large catalog a slice at a time (default: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--verify-only", args->options.verify_only,
                "Copy nothing: compare the two catalogs again and print the table of counts");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunMigrate(options, *args); }; });
}

}  // namespace sohoa::cli
