// sohoa verify, compact and log: proving nothing changed, keeping search
// fast, and what happened.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "archive/catalog.h"
#include "archive/fixity.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct VerifyArgs {
  archive::FixityOptions fixity;
  double grace_hours = 24;
};

std::string ProblemName(archive::FixityProblem::Kind kind) {
  using Kind = archive::FixityProblem::Kind;
  switch (kind) {
    case Kind::kMissing: return Text(Msg::kFixityMissing);
    case Kind::kChanged: return Text(Msg::kFixityChanged);
    case Kind::kUnreadable: return Text(Msg::kFixityUnreadable);
    case Kind::kUnreferenced: return Text(Msg::kFixityUnreferenced);
  }
  return std::string(archive::FixityProblemName(kind));
}

// The report's summary in the reader's language (the event log keeps
// FixityReport::Summary's, which does not change with who reads it).
std::string Summary(const archive::FixityReport& r) {
  using Kind = archive::FixityProblem::Kind;
  char percent[16];
  std::snprintf(percent, sizeof percent, "%g", r.sample_percent);
  std::string s = Text(Msg::kVerifySummary,
                       {std::to_string(r.checked), std::to_string(r.referenced), Megabytes(r.bytes_checked), percent,
                        std::to_string(r.Count(Kind::kMissing)), std::to_string(r.Count(Kind::kChanged)),
                        std::to_string(r.Count(Kind::kUnreadable)), std::to_string(r.Count(Kind::kUnreferenced)),
                        std::to_string(r.leftovers.size())});
  if (!r.removed.empty()) s += Text(Msg::kVerifyRemoved, {std::to_string(r.removed.size())});
  s += r.catalog_problems.empty()
           ? Text(Msg::kVerifyCatalogOk)
           : Text(Msg::kVerifyCatalogProblems,
                  {std::to_string(r.catalog_problems.size()), r.catalog_problems.front()});
  return s;
}

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
      std::cout << ProblemName(p.kind) << ": " << (p.sha256.empty() ? p.path.string() : p.sha256) << " ("
                << p.detail << ")";
      if (!p.sha256.empty() && !p.path.empty()) std::cout << "\n  " << p.path.string();
      std::cout << "\n";
    }
    for (const auto& path : r.leftovers) std::cout << Text(Msg::kFixityLeftover) << ": " << path.string() << "\n";
    for (const auto& path : r.removed) std::cout << Text(Msg::kFixityRemoved) << ": " << path.string() << "\n";
    for (const auto& p : r.catalog_problems) std::cout << Text(Msg::kFixityCatalog) << ": " << p << "\n";
    std::cout << Text(r.ok() ? Msg::kVerifyOk : Msg::kVerifyFailed, {Summary(r)}) << "\n";
    using Kind = archive::FixityProblem::Kind;
    if (r.Count(Kind::kMissing) + r.Count(Kind::kChanged) + r.Count(Kind::kUnreadable) > 0) {
      std::cout << Text(Msg::kVerifyWhatToDo) << "\n";
    }
    if (r.Count(Kind::kUnreferenced) > 0 || !r.leftovers.empty()) std::cout << Text(Msg::kVerifyRepairHint) << "\n";
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
  if (events->empty()) std::cerr << Text(Msg::kLogNone) << "\n";
  return kExitOk;
}

int RunCompact(const GlobalOptions& options, int max_steps) {
  auto catalog = OpenCatalog(options);
  if (!catalog.ok()) return Fail(catalog.status());
  const auto started = std::chrono::steady_clock::now();
  auto steps = (*catalog)->CompactSearchIndex(max_steps, [](int done) {
    if (done % 10 == 0) std::cerr << Text(Msg::kCompactProgress, {std::to_string(done)}) << "\n";
  });
  if (!steps.ok()) return Fail(steps.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", seconds);
  std::cout << (*steps == 0 ? Text(Msg::kCompactNothing) : Text(Msg::kCompactDone, {std::to_string(*steps), elapsed}))
            << "\n";
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

  auto max_steps = std::make_shared<int>(0);
  auto* compact = app.add_subcommand(
      "compact",
      "Merge the search index into one segment, in small steps that never hold up an ingest for\n"
      "long. Searches look every word up in each segment: run it after a large import, and\n"
      "nightly (sohoa-verify.service does). Safe to stop and run again");
  compact->add_option("--max-steps", *max_steps, "Stop after this many steps (default: until done)")
      ->check(CLI::NonNegativeNumber);
  compact->callback([&options, max_steps] {
    options.action = [&options, max_steps] { return RunCompact(options, *max_steps); };
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
