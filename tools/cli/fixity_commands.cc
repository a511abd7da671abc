// sohoa verify and sohoa log: proving nothing changed, and what happened.
#include <iostream>
#include <memory>

#include "archive/catalog.h"
#include "archive/fixity.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct VerifyArgs {
  archive::FixityOptions fixity;
  double grace_hours = 24;
};

int RunVerify(const GlobalOptions& options, const VerifyArgs& args) {
  auto home = ResolveHome(options);
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  archive::FixityOptions fixity = args.fixity;
  fixity.grace = std::chrono::seconds(static_cast<long long>(args.grace_hours * 3600));
  auto report = archive::VerifyFixity(home, **catalog, fixity);
  if (!report.ok()) return Fail(report.status());
  const archive::FixityReport& r = *report;
  if (options.json) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems) {
      problems.push_back({{"kind", archive::FixityProblemName(p.kind)},
                          {"sha256", p.sha256},
                          {"path", p.path.string()},
                          {"detail", p.detail}});
    }
    nlohmann::json leftovers = nlohmann::json::array();
    for (const auto& path : r.leftovers) leftovers.push_back(path.string());
    nlohmann::json removed = nlohmann::json::array();
    for (const auto& path : r.removed) removed.push_back(path.string());
    std::cout << nlohmann::json{{"ok", r.ok()},
                                {"sample_percent", r.sample_percent},
                                {"referenced", r.referenced},
                                {"checked", r.checked},
                                {"bytes_checked", r.bytes_checked},
                                {"stored_files", r.stored_files},
                                {"problems", std::move(problems)},
                                {"leftovers", std::move(leftovers)},
                                {"removed", std::move(removed)},
                                {"catalog_problems", r.catalog_problems}}
                     .dump(2)
              << "\n";
  } else {
    for (const auto& p : r.problems) {
      std::cout << archive::FixityProblemName(p.kind) << ": "
                << (p.sha256.empty() ? p.path.string() : p.sha256) << " (" << p.detail << ")";
      if (!p.sha256.empty() && !p.path.empty()) std::cout << "\n  " << p.path.string();
      std::cout << "\n";
    }
    for (const auto& path : r.leftovers) std::cout << "leftover: " << path.string() << "\n";
    for (const auto& path : r.removed) std::cout << "removed: " << path.string() << "\n";
    for (const auto& p : r.catalog_problems) std::cout << "catalog: " << p << "\n";
    std::cout << (r.ok() ? "Fixity OK: " : "Fixity FAILED: ") << r.Summary() << "\n";
  }
  return r.ok() ? kExitOk : kExitPartial;
}

int RunLog(const GlobalOptions& options, const archive::EventFilter& filter) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  auto events = (*catalog)->Events(filter);
  if (!events.ok()) return Fail(events.status());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : *events) {
      out.push_back({{"at", e.at},
                     {"type", e.type},
                     {"object", e.object},
                     {"actor", e.actor},
                     {"outcome", e.outcome},
                     {"detail", e.detail}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& e : *events) {
    std::cout << e.at << "  " << Column(e.type, 16) << "  " << Column(e.outcome, 7) << "  "
              << Column(e.actor, 10) << "  " << e.object;
    if (!e.detail.empty()) std::cout << "  " << e.detail;
    std::cout << "\n";
  }
  if (events->empty()) std::cerr << "No events match.\n";
  return kExitOk;
}

}  // namespace

void AddFixityCommands(CLI::App& app, GlobalOptions& options) {
  auto verify = std::make_shared<VerifyArgs>();
  auto* cmd = app.add_subcommand(
      "verify",
      "Check the catalog file (SQLite's integrity check), re-hash the stored blobs and report\n"
      "missing, changed and unreferenced files.\n"
      "Records a 'fixity check' event. Exit code 0: all well, 1: problems found");
  cmd->add_option("--sample", verify->fixity.sample_percent,
                  "Re-hash only this percentage of the blobs, picked at random (default 100)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("--repair", verify->fixity.repair,
                "Remove blobs nothing points at and temporary files left by interrupted writes, once\n"
                "they are older than --grace; each removal is recorded as a 'deletion' event");
  cmd->add_option("--grace", verify->grace_hours,
                  "Hours an unreferenced blob is left alone, for an ingest still storing it (default 24)")
      ->check(CLI::Range(0.0, 24.0 * 365));
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, verify] {
    options.action = [&options, verify] { return RunVerify(options, *verify); };
  });

  auto filter = std::make_shared<archive::EventFilter>();
  auto* log = app.add_subcommand("log", "List the event log (ingestion, review, download, fixity check, ...),\n"
                                        "oldest first");
  log->add_option("--object", filter->object, "Only events about this dossier code or object");
  log->add_option("--actor", filter->actor, "Only events by this user (\"sohoa\" for the service)");
  log->add_option("--type", filter->type, "Only events of this type, e.g. \"fixity check\"");
  log->add_option("--since", filter->since, "Only events at or after this ISO date (2024-03-15)");
  log->add_option("--limit", filter->limit, "Only the newest N matching events (default: all)")
      ->check(CLI::NonNegativeNumber);
  AddJsonFlag(*log, options);
  log->callback([&options, filter] {
    options.action = [&options, filter] { return RunLog(options, *filter); };
  });
}

}  // namespace sohoa::cli
