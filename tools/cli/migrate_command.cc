// sohoa migrate: the home's catalog moved from its SQLite file into
// PostgreSQL, checked, and the home switched to it (archive/migrate.h).
#include <iostream>
#include <memory>

#include "archive/blob_migrate.h"
#include "archive/migrate.h"
#include "archive/storage.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct MigrateArgs {
  std::string to;
  archive::MigrateOptions options;
  std::string blobs;
  archive::BlobMigrationOptions blob_options;
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

// The blobs' move (archive/blob_migrate.h): progress on a terminal, then
// what was copied and checked, and whether the home was switched.
int RunMigrateBlobs(const GlobalOptions& global, const archive::HomeLayout& home, const MigrateArgs& args) {
  archive::BlobMigrationOptions options = args.blob_options;
  const bool terminal = StderrIsTerminal() && !global.json;
  if (terminal) {
    options.progress = [](const archive::BlobMigrationProgress& p) {
      using Step = archive::BlobMigrationProgress::Step;
      const Msg what = p.step == Step::kCopy ? Msg::kMigrateBlobsCopying : Msg::kMigrateBlobsReading;
      std::cerr << "\r\033[K"
                << ForTerminal(Text(what, {std::to_string(p.done), std::to_string(p.total), Megabytes(p.bytes)}), false)
                << std::flush;
    };
  }
  auto catalog = OpenCatalog(global);
  if (!catalog.ok()) return Fail(catalog.status());
  auto moved = archive::MigrateBlobs(home, **catalog, args.blobs, options);
  if (terminal) std::cerr << "\r\033[K" << std::flush;
  if (!moved.ok()) return Fail(moved.status());
  const archive::BlobMigration& m = *moved;
  if (global.json) {
    std::cout << nlohmann::json{{"source", m.source},       {"target", m.target},
                                {"blobs", m.blobs},         {"copied", m.copied},
                                {"already_there", m.already_there}, {"bytes_copied", m.bytes_copied},
                                {"stopped", m.stopped},     {"verified_blobs", m.verified_blobs},
                                {"verified", m.verified},   {"switched", m.switched},
                                {"problems", m.problems}}
                     .dump(2)
              << "\n";
    return m.stopped || m.verified ? kExitOk : kExitPartial;
  }
  if (m.stopped) {
    std::cout << Text(Msg::kMigrateBlobsStopped, {std::to_string(m.copied)}) << "\n";
    return kExitOk;
  }
  for (const std::string& problem : m.problems) {
    std::cout << Text(Msg::kMigrateBlobsProblem, {ForTerminal(problem)}) << "\n";
  }
  if (!m.verified) {
    std::cout << Text(Msg::kMigrateBlobsNotSwitched, {m.target, std::to_string(m.problems.size()), m.source}) << "\n";
    return kExitPartial;
  }
  std::cout << Text(Msg::kMigrateBlobsVerified, {std::to_string(m.blobs), m.target, std::to_string(m.copied),
                                                 std::to_string(m.already_there), Megabytes(m.verified_bytes)})
            << "\n";
  if (options.verify_only) {
    std::cout << Text(Msg::kMigrateVerifyOnly) << "\n";
    return kExitOk;
  }
  std::cout << Text(Msg::kMigrateBlobsSwitched,
                    {home.root.string(), m.target, (home.root / "sohoa.toml").string(), m.source})
            << "\n";
  return kExitOk;
}

int RunMigrateCatalog(const GlobalOptions& global, const MigrateArgs& args);

int RunMigrate(const GlobalOptions& global, const MigrateArgs& args) {
  if (args.to.empty() && args.blobs.empty()) return Fail(InvalidArgument(Text(Msg::kMigrateNothingAsked)));
  if (!args.to.empty()) {
    const int catalog = RunMigrateCatalog(global, args);
    if (catalog != kExitOk || args.blobs.empty()) return catalog;
  }
  auto home = ExistingHome(global);
  if (!home.ok()) return Fail(home.status());
  return RunMigrateBlobs(global, *home, args);
}

int RunMigrateCatalog(const GlobalOptions& global, const MigrateArgs& args) {
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
                    {absolute(home->root), m.target,
                     !blobs.ok() ? absolute(home->blobs())
                     : blobs->kind == archive::BlobLocation::Kind::kS3 ? blobs->s3_url
                                                                      : absolute(blobs->folder)})
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
      "Move the home's catalog from its SQLite file into PostgreSQL (--to), its blobs into an S3\n"
      "bucket (--blobs), or both. The catalog: every table copied with its ids (the event log\n"
      "included), the search index built, then both catalogs compared table by table (row counts and\n"
      "a SHA-256 over every row). The blobs: each copied unless the target has it with its size, checked\n"
      "against its SHA-256 both ways, then every one read back from the target and hashed. Only what\n"
      "is verified is switched to in the home's sohoa.toml; the old catalog.db and blob folder are left\n"
      "as they were, the way back. Stop sohoa serve, watch and workers first. Safe to stop at any moment\n"
      "and run again: it goes on where it stopped. Exit code 0: done (or stopped by --batches or\n"
      "--max-blobs), 1: something differs, the home not switched");
  cmd->add_option("--to", args->to,
                  "The PostgreSQL database to move the catalog into, postgresql://user@host/database: an\n"
                  "empty one (createdb), or one this same migration began");
  cmd->add_option("--blobs", args->blobs,
                  "The S3 store to move the blobs into, s3://bucket/prefix, in an existing bucket (endpoint,\n"
                  "region and keys from AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY\n"
                  "or the file SOHOA_S3_CREDENTIALS names), or a folder");
  cmd->add_option("--max-blobs", args->blob_options.max_blobs,
                  "Stop after copying this many blobs, to move a large store a slice at a time (default: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--batch", args->options.batch, "Rows copied per transaction (default 1000)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--batches", args->options.max_batches,
                  "Stop after this many batches, to move a large catalog a slice at a time (default: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--verify-only", args->options.verify_only,
                "Copy nothing: compare the two catalogs (or read every blob back from the target) again");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] {
    args->blob_options.verify_only = args->options.verify_only; options.action = [&options, args] { return RunMigrate(options, *args); }; });
}

}  // namespace sohoa::cli
