// sohoa watch: the service loop. Takes what staff drop into <home>/inbox
// once it is complete, archives it, and sets aside what it cannot take.
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <thread>

#include "ingest/inbox.h"
#include "ingest/pipeline.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct WatchArgs {
  double settle_seconds = 10;
  double poll_seconds = 2;
  bool once = false;
  int workers = 0;
  std::string tessdata;
};

volatile std::sig_atomic_t g_stop = 0;
void RequestStop(int) { g_stop = 1; }

std::string Now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

// Archives claimed entries and releases their claims. A claim is released
// only once its files are archived or copied to failed/ with a reason.
// Returns false when the archive itself cannot be written.
bool ArchiveClaims(ingest::Pipeline& pipeline, ingest::Inbox& inbox, const std::vector<fs::path>& claims,
                   bool json, int& failures) {
  if (claims.empty()) return true;
  auto summary = pipeline.Ingest(claims);
  if (!summary.ok()) {
    std::cerr << "sohoa: " << summary.status().message() << " (the claims stay in work/ and are retried)\n";
    return false;
  }
  failures += static_cast<int>(summary->failures.size());
  for (const auto& claim : claims) {
    if (Status s = inbox.Release(claim); !s.ok()) std::cerr << "sohoa: " << s.message() << "\n";
  }
  if (json) {
    nlohmann::json f = nlohmann::json::array();
    for (const auto& failure : summary->failures) {
      f.push_back({{"file", failure.path.filename().string()}, {"reason", failure.reason}});
    }
    std::cout << nlohmann::json{{"at", Now()},        {"entries", claims.size()},
                                {"dossiers", summary->dossiers}, {"pages", summary->pages},
                                {"codes", summary->codes}, {"failures", f}}
                     .dump()
              << std::endl;
  } else {
    std::cout << Now() << "  took " << claims.size() << " entr" << (claims.size() == 1 ? "y" : "ies") << ": "
              << summary->dossiers << " dossier(s), " << summary->pages << " page(s)";
    if (summary->duplicates > 0) std::cout << ", " << summary->duplicates << " already archived";
    std::cout << std::endl;
    for (const auto& failure : summary->failures) {
      std::cout << "  set aside " << failure.path.filename().string() << ": " << failure.reason
                << " (copy and reason in failed/)" << std::endl;
    }
  }
  return true;
}

int RunWatch(const GlobalOptions& options, const WatchArgs& args) {
  auto created = HomeCreatedIfMissing(options);
  if (!created.ok()) return Fail(created.status());
  const archive::HomeLayout& home = *created;
  ingest::IngestOptions ingest_options;
  ingest_options.workers = args.workers;
  ingest_options.tessdata_dir = args.tessdata;
  ingest_options.actor = "watch";
  auto pipeline = ingest::Pipeline::Create(home, ingest_options);
  if (!pipeline.ok()) return Fail(pipeline.status());

  const auto settle = std::chrono::milliseconds(static_cast<long long>(args.settle_seconds * 1000));
  const auto poll = std::chrono::milliseconds(static_cast<long long>(args.poll_seconds * 1000));
  ingest::Inbox inbox(home, settle);
  ingest::InboxWaiter waiter(home.inbox());
  int failures = 0;

  // What a stopped run had claimed but not finished goes first.
  if (auto unfinished = inbox.Unfinished(); !unfinished.empty()) {
    std::cerr << "Resuming " << unfinished.size() << " entr" << (unfinished.size() == 1 ? "y" : "ies")
              << " claimed by a run that stopped\n";
    if (!ArchiveClaims(**pipeline, inbox, unfinished, options.json, failures)) return kExitError;
  }

  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  if (!args.once) {
    std::cerr << "Watching " << home.inbox().string() << " (" << (waiter.uses_inotify() ? "inotify" : "polling")
              << ", taken after " << args.settle_seconds << " s unchanged or at once with a .ready file); "
              << "Ctrl-C stops after the current batch\n";
  }
  bool first_look = true;
  while (!g_stop) {
    std::vector<fs::path> ready = inbox.ReadyEntries(ingest::Inbox::Clock::now());
    if (args.once && first_look) {
      // One pass still needs two looks, `settle` apart, to see that nothing grows.
      first_look = false;
      std::this_thread::sleep_for(settle);
      ready = inbox.ReadyEntries(ingest::Inbox::Clock::now());
    }
    std::vector<fs::path> claims;
    for (const auto& entry : ready) {
      auto claimed = inbox.Claim(entry);
      if (!claimed.ok()) {
        std::cerr << "sohoa: " << claimed.status().message() << "\n";
        continue;
      }
      claims.push_back(*claimed);
    }
    if (!ArchiveClaims(**pipeline, inbox, claims, options.json, failures)) return kExitError;
    if (args.once) break;
    waiter.Wait(std::min(poll, std::max(settle, 100ms)));
  }
  return failures == 0 ? kExitOk : kExitPartial;
}

}  // namespace

void AddWatchCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<WatchArgs>();
  auto* cmd = app.add_subcommand(
      "watch",
      "Run the service: archive what staff drop into <home>/inbox. A file or folder is taken once it\n"
      "has not changed for --settle seconds (or at once when its folder holds a .ready file), moved\n"
      "into work/, archived, and removed; what cannot be taken is copied to failed/ with a reason.");
  cmd->add_option("--settle", args->settle_seconds, "Seconds an entry must stay unchanged (default 10)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--poll", args->poll_seconds, "Seconds between looks when nothing wakes sohoa (default 2)")
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_flag("--once", args->once, "Take what is ready now, then stop (for cron or a systemd timer)");
  cmd->add_option("--workers", args->workers, "OCR worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--tessdata", args->tessdata, "Folder holding vie.traineddata (default: Tesseract's)");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunWatch(options, *args); }; });
}

}  // namespace sohoa::cli
