// sohoa watch: runs the inbox service (ingest/inbox_service.h) and says what
// became of each entry. The service itself lives in ingest/.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "ingest/inbox_service.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct WatchArgs {
  double settle_seconds = 10;
  double poll_seconds = 2;
  double retry_seconds = 30;
  bool once = false;
  int workers = 0;
  int max_crashes = 2;
  double stall_seconds = 1200;
  std::string tessdata;
};

std::atomic<bool> g_stop{false};

extern "C" void RequestStop(int) {
  if (g_stop.exchange(true)) {
    // A second signal: stop now. Claims stay in work/ and are finished by
    // the next start, so nothing is lost.
    constexpr char kNow[] = "sohoa watch: stopping now; unfinished entries stay in work/ for the next start\n";
    ssize_t ignored = ::write(STDERR_FILENO, kNow, sizeof kNow - 1);
    (void)ignored;
    ::_exit(kExitPartial);
  }
  constexpr char kSoon[] =
      "sohoa watch: stop requested; finishing the entries in hand (a second Ctrl-C stops at once)\n";
  ssize_t ignored = ::write(STDERR_FILENO, kSoon, sizeof kSoon - 1);
  (void)ignored;
}

std::string Now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

std::string_view KindName(ingest::ServiceEvent::Kind kind) {
  using Kind = ingest::ServiceEvent::Kind;
  switch (kind) {
    case Kind::kResuming: return "resuming";
    case Kind::kTaken: return "taken";
    case Kind::kArchived: return "archived";
    case Kind::kAlreadyArchived: return "already_archived";
    case Kind::kBook: return "book";
    case Kind::kSetAside: return "set_aside";
    case Kind::kWaiting: return "waiting";
    case Kind::kStopping: return "stopping";
  }
  return "event";
}

std::string Codes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out;
}

void Print(const ingest::ServiceEvent& e, bool json, double retry_seconds) {
  using Kind = ingest::ServiceEvent::Kind;
  if (json) {
    nlohmann::json line{{"at", Now()}, {"event", KindName(e.kind)}};
    if (!e.entry.empty()) line["entry"] = e.entry;
    if (!e.codes.empty()) line["codes"] = e.codes;
    if (e.pages > 0) line["pages"] = e.pages;
    if (e.resumed > 0) line["resumed"] = e.resumed;
    if (e.kind == Kind::kResuming) line["entries"] = e.count;
    if (e.kind == Kind::kBook) line["entries"] = e.count;
    if (!e.reason.empty()) line["reason"] = e.reason;
    std::cout << line.dump() << std::endl;
    return;
  }
  switch (e.kind) {
    case Kind::kResuming:
      std::cerr << "Resuming " << e.count << " entr" << (e.count == 1 ? "y" : "ies")
                << " claimed by a run that stopped" << std::endl;
      return;
    case Kind::kTaken:
      std::cout << Now() << "  took " << e.entry << std::endl;
      return;
    case Kind::kArchived:
      std::cout << Now() << "  archived " << e.entry << ": " << Codes(e.codes) << " (" << e.pages << " page"
                << (e.pages == 1 ? "" : "s");
      if (e.resumed > 0) std::cout << "; " << e.resumed << " dossier(s) stored before an interruption";
      std::cout << ")" << std::endl;
      return;
    case Kind::kAlreadyArchived:
      std::cout << Now() << "  already archived " << e.entry
                << (e.codes.empty() ? "" : ": " + Codes(e.codes)) << std::endl;
      return;
    case Kind::kBook:
      std::cout << Now() << "  book " << Codes(e.codes) << " from " << e.entry << ": " << e.pages
                << " page(s), " << e.count << " entr" << (e.count == 1 ? "y" : "ies");
      if (!e.reason.empty()) std::cout << "; " << e.reason;
      std::cout << std::endl;
      return;
    case Kind::kSetAside:
      std::cout << Now() << "  set aside " << e.entry << ": " << e.reason << " (copy and note in failed/)"
                << std::endl;
      return;
    case Kind::kWaiting:
      std::cerr << Now() << "  cannot archive now: " << e.reason
                << ". Nothing is lost: the entries stay in work/ and are tried again in " << retry_seconds
                << " s" << std::endl;
      return;
    case Kind::kStopping:
      return;
  }
}

int RunWatch(const GlobalOptions& options, const WatchArgs& args) {
  auto created = HomeCreatedIfMissing(options);
  if (!created.ok()) return Fail(created.status());
  ingest::ServiceOptions service;
  service.ingest.workers = args.workers;
  service.ingest.tessdata_dir = args.tessdata;
  service.ingest.actor = "watch";
  service.settle = std::chrono::milliseconds(static_cast<long long>(args.settle_seconds * 1000));
  service.poll = std::chrono::milliseconds(static_cast<long long>(args.poll_seconds * 1000));
  service.retry_after = std::chrono::milliseconds(static_cast<long long>(args.retry_seconds * 1000));
  service.max_crashes = args.max_crashes;
  service.stall_limit = std::chrono::milliseconds(static_cast<long long>(args.stall_seconds * 1000));
  const bool json = options.json;
  const double retry = args.retry_seconds;
  auto started = ingest::InboxService::Start(
      *created, service, [json, retry](const ingest::ServiceEvent& e) { Print(e, json, retry); });
  if (!started.ok()) return Fail(started.status());
  ingest::InboxService& inbox = **started;

  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  if (args.once) {
    if (Status s = inbox.RunOnce(); !s.ok()) {
      return Fail(s.WithContext("nothing was lost: the entries stay in work/ for the next run"));
    }
  } else {
    std::cerr << "Watching " << created->inbox().string() << " (taken after " << args.settle_seconds
              << " s unchanged, or at once with a .ready file); Ctrl-C stops after the entries in hand"
              << std::endl;
    if (Status s = inbox.Run(g_stop); !s.ok()) return Fail(s);
  }
  return inbox.set_aside() == 0 ? kExitOk : kExitPartial;
}

}  // namespace

void AddWatchCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<WatchArgs>();
  auto* cmd = app.add_subcommand(
      "watch",
      "Run the service: archive what staff drop into <home>/inbox. A file or folder is taken once it\n"
      "has not changed for --settle seconds (or at once when its folder holds a .ready file), moved\n"
      "into work/, archived, and removed; what cannot be taken is copied to failed/ with a note saying\n"
      "why. Only one watcher serves a home. A file that crashes sohoa --max-crashes times is set aside.");
  cmd->add_option("--settle", args->settle_seconds, "Seconds an entry must stay unchanged (default 10)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--poll", args->poll_seconds, "Seconds between looks when nothing wakes sohoa (default 2)")
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_option("--retry", args->retry_seconds,
                  "Seconds to wait before trying again when the archive cannot be written, e.g. a full "
                  "disk (default 30)")
      ->check(CLI::Range(0.1, 86400.0));
  cmd->add_option("--max-crashes", args->max_crashes,
                  "Times an entry may crash or hang sohoa before it is set aside (default 2)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--stall-limit", args->stall_seconds,
                  "Seconds without a page finished before sohoa counts a hang against the entries in\n"
                  "hand and exits for its supervisor to restart it (default 1200)")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_flag("--once", args->once, "Take what is ready now, then stop (for cron or a systemd timer)");
  cmd->add_option("--workers", args->workers, "OCR worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--tessdata", args->tessdata, "Folder holding vie.traineddata (default: Tesseract's)");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunWatch(options, *args); }; });
}

}  // namespace sohoa::cli
