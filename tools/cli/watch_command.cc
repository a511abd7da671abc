// sohoa watch: runs the inbox service (ingest/inbox_service.h) and says what
// became of each entry. The service itself lives in ingest/.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "archive/jobs.h"
#include "ingest/inbox_queue.h"
#include "ingest/inbox_service.h"
#include "schema/date.h"
#include "schema/messages.h"
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
  int max_interruptions = 5;
  double stall_seconds = 1200;
  std::string tessdata;
  bool queue = false;
  int max_attempts = archive::kDefaultMaxAttempts;
};

std::atomic<bool> g_stop{false};

// Written by the signal handler, which may only write(): made before the
// handler is installed, in the language of the run.
std::string g_stop_soon, g_stop_now;

extern "C" void RequestStop(int) {
  if (g_stop.exchange(true)) {
    // A second signal: stop now. Claims stay in work/ and are finished by
    // the next start, so nothing is lost.
    ssize_t ignored = ::write(STDERR_FILENO, g_stop_now.data(), g_stop_now.size());
    (void)ignored;
    ::_exit(kExitPartial);
  }
  ssize_t ignored = ::write(STDERR_FILENO, g_stop_soon.data(), g_stop_soon.size());
  (void)ignored;
}

// When, in Vietnam's time: as staff read it, and for JSON.
std::string Now() { return ShownDateTime(std::time(nullptr)); }
std::string NowIso() { return IsoDateTime(std::time(nullptr)); }

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
    case Kind::kQueued: return "queued";
    case Kind::kAlreadyQueued: return "already_queued";
  }
  return "event";
}

void Print(const ingest::ServiceEvent& e, bool json, double retry_seconds, bool queue) {
  using Kind = ingest::ServiceEvent::Kind;
  if (json) {
    nlohmann::json line{{"at", NowIso()}, {"event", KindName(e.kind)}};
    if (!e.entry.empty()) line["entry"] = e.entry;
    if (!e.codes.empty()) line["codes"] = e.codes;
    if (e.pages > 0) line["pages"] = e.pages;
    if (e.resumed > 0) line["resumed"] = e.resumed;
    if (e.kind == Kind::kResuming) line["entries"] = e.count;
    if (e.kind == Kind::kBook) line["entries"] = e.count;
    if (e.job > 0) line["job"] = e.job;

    if (!e.reason.empty()) line["reason"] = e.reason;
    std::cout << line.dump() << std::endl;
    return;
  }
  const std::string entry = ForTerminal(e.entry, false);
  const std::string reason = ForTerminal(e.reason, false);
  switch (e.kind) {
    case Kind::kResuming:
      std::cerr << Text(Msg::kWatchResuming, {std::to_string(e.count)}) << std::endl;
      return;
    case Kind::kTaken:
      std::cout << Now() << "  " << Text(Msg::kWatchTook, {entry}) << std::endl;
      return;
    case Kind::kArchived:
      std::cout << Now() << "  "
                << (e.resumed > 0 ? Text(Msg::kWatchArchivedResumed, {entry, Codes(e.codes), std::to_string(e.pages),
                                                                      std::to_string(e.resumed)})
                                  : Text(Msg::kWatchArchived, {entry, Codes(e.codes), std::to_string(e.pages)}))
                << std::endl;
      return;
    case Kind::kAlreadyArchived:
      std::cout << Now() << "  " << Text(Msg::kWatchAlreadyArchived, {entry})
                << (e.codes.empty() ? "" : ": " + Codes(e.codes)) << std::endl;
      return;
    case Kind::kBook:
      std::cout << Now() << "  "
                << Text(Msg::kWatchBook, {Codes(e.codes), entry, std::to_string(e.pages), std::to_string(e.count)});
      if (!reason.empty()) std::cout << "; " << reason;
      std::cout << std::endl;
      return;
    case Kind::kSetAside:
      std::cout << Now() << "  " << Text(Msg::kWatchSetAside, {entry, reason}) << std::endl;
      return;
    case Kind::kWaiting: {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", retry_seconds);
      std::cerr << Now() << "  " << Text(queue ? Msg::kWatchQueueWaiting : Msg::kWatchWaiting, {reason, seconds})
                << std::endl;
      return;
    }
    case Kind::kStopping:
      return;
    case Kind::kQueued:
      std::cout << Now() << "  " << Text(Msg::kWatchQueued, {entry, std::to_string(e.job)}) << std::endl;
      return;
    case Kind::kAlreadyQueued:
      std::cout << Now() << "  " << Text(Msg::kWatchAlreadyQueued, {entry, std::to_string(e.job)}) << std::endl;
      return;
  }
}

// The last word of a run, also on an empty inbox: a JSON line for scripts,
// a line for people.
void PrintDone(bool json, int taken, int set_aside, int queued = -1) {
  if (json) {
    nlohmann::json line{{"at", NowIso()}, {"event", "done"}, {"taken", taken}, {"set_aside", set_aside}};
    if (queued >= 0) line["queued"] = queued;
    std::cout << line.dump() << std::endl;
  } else if (queued >= 0) {
    std::cerr << Text(Msg::kWatchQueueDone, {std::to_string(queued), std::to_string(set_aside)}) << std::endl;
  } else {
    std::cerr << Text(Msg::kWatchDone, {std::to_string(taken), std::to_string(set_aside)}) << std::endl;
  }
}

void HandleStopSignals() {
  g_stop_soon = Text(Msg::kWatchStopSoon) + "\n";
  g_stop_now = Text(Msg::kWatchStopNow) + "\n";
  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
}

// sohoa watch --queue: the entries go to the job queue, for sohoa worker.
int RunWatchQueue(const GlobalOptions& options, const WatchArgs& args) {
  auto created = ExistingHome(options);
  if (!created.ok()) return Fail(created.status());
  ingest::QueueOptions queue;
  queue.settle = std::chrono::milliseconds(static_cast<long long>(args.settle_seconds * 1000));
  queue.poll = std::chrono::milliseconds(static_cast<long long>(args.poll_seconds * 1000));
  queue.retry_after = std::chrono::milliseconds(static_cast<long long>(args.retry_seconds * 1000));
  queue.max_attempts = args.max_attempts;
  const bool json = options.json;
  const double retry = args.retry_seconds;
  auto taken = std::make_shared<int>(0);
  auto started = ingest::InboxQueue::Start(*created, queue, [json, retry, taken](const ingest::ServiceEvent& e) {
    if (e.kind == ingest::ServiceEvent::Kind::kTaken) ++*taken;
    Print(e, json, retry, /*queue=*/true);
  });
  if (!started.ok()) return Fail(started.status());
  ingest::InboxQueue& inbox = **started;
  HandleStopSignals();
  if (args.once) {
    if (Status s = inbox.RunOnce(); !s.ok()) return Fail(s.WithContext(Text(Msg::kWatchNothingLost)));
  } else {
    char settle[32];
    std::snprintf(settle, sizeof settle, "%g", args.settle_seconds);
    std::cerr << Text(Msg::kWatchQueueWatching, {created->inbox().string(), settle}) << std::endl;
    if (Status s = inbox.Run(g_stop); !s.ok()) return Fail(s);
  }
  PrintDone(json, *taken, inbox.set_aside(), inbox.queued());
  return inbox.set_aside() == 0 ? kExitOk : kExitPartial;
}

int RunWatch(const GlobalOptions& options, const WatchArgs& args) {
  if (args.queue) return RunWatchQueue(options, args);
  auto created = ExistingHome(options);
  if (!created.ok()) return Fail(created.status());
  ingest::ServiceOptions service;
  service.ingest.workers = args.workers;
  service.ingest.tessdata_dir = args.tessdata;
  service.ingest.actor = "watch";
  service.settle = std::chrono::milliseconds(static_cast<long long>(args.settle_seconds * 1000));
  service.poll = std::chrono::milliseconds(static_cast<long long>(args.poll_seconds * 1000));
  service.retry_after = std::chrono::milliseconds(static_cast<long long>(args.retry_seconds * 1000));
  service.max_crashes = args.max_crashes;
  service.max_interruptions = args.max_interruptions;
  service.stall_limit = std::chrono::milliseconds(static_cast<long long>(args.stall_seconds * 1000));
  const bool json = options.json;
  const double retry = args.retry_seconds;
  auto taken = std::make_shared<int>(0);
  auto started = ingest::InboxService::Start(*created, service, [json, retry, taken](const ingest::ServiceEvent& e) {
    if (e.kind == ingest::ServiceEvent::Kind::kTaken) ++*taken;
    Print(e, json, retry, /*queue=*/false);
  });
  if (!started.ok()) return Fail(started.status());
  ingest::InboxService& inbox = **started;

  HandleStopSignals();
  if (args.once) {
    if (Status s = inbox.RunOnce(); !s.ok()) {
      return Fail(s.WithContext(Text(Msg::kWatchNothingLost)));
    }
  } else {
    char settle[32];
    std::snprintf(settle, sizeof settle, "%g", args.settle_seconds);
    std::cerr << Text(Msg::kWatchWatching, {created->inbox().string(), settle}) << std::endl;
    if (Status s = inbox.Run(g_stop); !s.ok()) return Fail(s);
  }
  PrintDone(json, *taken, inbox.set_aside());
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
  cmd->add_option("--max-interruptions", args->max_interruptions,
                  "Times an entry may be in hand, stuck for over a quarter of --stall-limit, when sohoa\n"
                  "is stopped from outside (kill -9, the OOM killer), before it is set aside (default 5)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--stall-limit", args->stall_seconds,
                  "Seconds without a page finished before sohoa counts a hang against the entries in\n"
                  "hand and exits for its supervisor to restart it (default 1200)")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_flag("--once", args->once, "Take what is ready now, then stop (for cron or a systemd timer)");
  cmd->add_flag("--queue", args->queue,
                "Do not ingest here: store each entry in the home's blob store (a folder as one tar) and queue\n"
                "it as a job for 'sohoa worker' processes on any machine that reaches the catalog and the\n"
                "blobs (a PostgreSQL catalog and S3 for a cluster); 'sohoa status' shows the queue");
  cmd->add_option("--max-attempts", args->max_attempts,
                  "With --queue: times a job may be tried (its worker dying or hanging, or failing for want of\n"
                  "storage) before it fails with its reason (default 3)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--workers", args->workers, "OCR worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--tessdata", args->tessdata, "Folder holding vie.traineddata (default: Tesseract's)");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunWatch(options, *args); }; });
}

}  // namespace sohoa::cli
