// sohoa worker: takes ingest jobs from the queue (ingest/worker.h) and says
// what became of each. The worker itself lives in ingest/.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "archive/storage.h"
#include "ingest/worker.h"
#include "schema/date.h"
#include "schema/messages.h"
#include "tools/cli/common.h"

namespace sohoa::cli {
namespace {

struct WorkerArgs {
  std::string id;
  int lease_seconds = 60;
  double poll_seconds = 5;
  double retry_seconds = 30;
  double stall_seconds = 1200;
  bool once = false;
  int workers = 0;
  std::string tessdata;
};

std::atomic<bool> g_stop{false};
std::string g_stop_soon, g_stop_now;  // made before the handler is installed

extern "C" void RequestWorkerStop(int) {
  if (g_stop.exchange(true)) {
    // A second signal: stop now. The job in hand stays leased until its
    // lease runs out; then the next claim gives it to another worker.
    ssize_t ignored = ::write(STDERR_FILENO, g_stop_now.data(), g_stop_now.size());
    (void)ignored;
    ::_exit(kExitPartial);
  }
  ssize_t ignored = ::write(STDERR_FILENO, g_stop_soon.data(), g_stop_soon.size());
  (void)ignored;
}

std::string_view KindName(ingest::WorkerEvent::Kind kind) {
  using Kind = ingest::WorkerEvent::Kind;
  switch (kind) {
    case Kind::kClaimed: return "claimed";
    case Kind::kArchived: return "archived";
    case Kind::kAlreadyArchived: return "already_archived";
    case Kind::kBook: return "book";
    case Kind::kSetAside: return "set_aside";
    case Kind::kDone: return "done";
    case Kind::kRetrying: return "retrying";
    case Kind::kFailed: return "failed";
    case Kind::kLost: return "lost";
    case Kind::kWaiting: return "waiting";
  }
  return "event";
}

void Print(const ingest::WorkerEvent& e, bool json, double retry_seconds) {
  using Kind = ingest::WorkerEvent::Kind;
  if (json) {
    nlohmann::json line{{"at", IsoDateTime(std::time(nullptr))}, {"event", KindName(e.kind)}};
    if (e.job > 0) line["job"] = e.job;
    if (!e.entry.empty()) line["entry"] = e.entry;
    if (!e.codes.empty()) line["codes"] = e.codes;
    if (e.pages > 0) line["pages"] = e.pages;
    if (e.kind == Kind::kClaimed) line["attempt"] = e.count;
    if (e.kind == Kind::kBook) line["entries"] = e.count;
    if (e.kind == Kind::kDone) line["set_aside"] = e.count;
    if (!e.reason.empty()) line["reason"] = e.reason;
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return;
  }
  const std::string now = ShownDateTime(std::time(nullptr)) + "  ";
  const std::string job = std::to_string(e.job);
  const std::string entry = ForTerminal(e.entry, false);
  const std::string reason = ForTerminal(e.reason, false);
  switch (e.kind) {
    case Kind::kClaimed:
      std::cout << now << Text(Msg::kWorkerClaimed, {job, entry, std::to_string(e.count)}) << std::endl;
      return;
    case Kind::kArchived:
      std::cout << now << Text(Msg::kWorkerArchived, {job, entry, Codes(e.codes), std::to_string(e.pages)})
                << std::endl;
      return;
    case Kind::kAlreadyArchived:
      std::cout << now << Text(Msg::kWorkerAlreadyArchived, {job, entry})
                << (e.codes.empty() ? "" : ": " + Codes(e.codes)) << std::endl;
      return;
    case Kind::kBook:
      std::cout << now
                << Text(Msg::kWorkerBook,
                        {job, Codes(e.codes), entry, std::to_string(e.pages), std::to_string(e.count)})
                << std::endl;
      return;
    case Kind::kSetAside:
      std::cout << now << Text(Msg::kWorkerSetAside, {job, entry, reason}) << std::endl;
      return;
    case Kind::kDone:
      std::cout << now << Text(Msg::kWorkerDone, {job, entry}) << std::endl;
      return;
    case Kind::kRetrying:
      std::cout << now << Text(Msg::kWorkerRetrying, {job, entry, reason}) << std::endl;
      return;
    case Kind::kFailed:
      std::cout << now << Text(Msg::kWorkerFailed, {job, entry, reason}) << std::endl;
      return;
    case Kind::kLost:
      std::cout << now << Text(Msg::kWorkerLost, {job, entry, reason}) << std::endl;
      return;
    case Kind::kWaiting: {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", retry_seconds);
      std::cerr << now << Text(Msg::kWorkerWaiting, {reason, seconds}) << std::endl;
      return;
    }
  }
}

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

int RunWorker(const GlobalOptions& options, const WorkerArgs& args) {
  auto home = ExistingHome(options);
  if (!home.ok()) return Fail(home.status());
  ingest::WorkerOptions worker_options;
  worker_options.id = args.id.empty() ? ingest::WorkerId() : args.id;
  worker_options.lease_seconds = args.lease_seconds;
  worker_options.poll = Millis(args.poll_seconds);
  worker_options.retry_after = Millis(args.retry_seconds);
  worker_options.stall_limit = Millis(args.stall_seconds);
  worker_options.once = args.once;
  worker_options.ingest.workers = args.workers;
  worker_options.ingest.tessdata_dir = args.tessdata;
  worker_options.ingest.actor = "worker " + worker_options.id;
  const bool json = options.json;
  const double retry = args.retry_seconds;
  auto started = ingest::Worker::Start(*home, worker_options,
                                       [json, retry](const ingest::WorkerEvent& e) { Print(e, json, retry); });
  if (!started.ok()) return Fail(started.status());
  ingest::Worker& worker = **started;

  g_stop_soon = Text(Msg::kWorkerStopSoon) + "\n";
  g_stop_now = Text(Msg::kWorkerStopNow) + "\n";
  std::signal(SIGINT, RequestWorkerStop);
  std::signal(SIGTERM, RequestWorkerStop);
  if (!json) {
    auto where = archive::LocateCatalog(*home);
    std::cerr << Text(Msg::kWorkerStarted, {worker.id(), where.ok() ? where->ForDisplay() : home->root.string(),
                                            std::to_string(args.lease_seconds)})
              << std::endl;
  }
  const Status ran = worker.Run(g_stop);
  if (json) {
    std::cout << nlohmann::json{{"at", IsoDateTime(std::time(nullptr))}, {"event", "stopped"},
                                {"worker", worker.id()}, {"done", worker.done()},
                                {"failed", worker.failed()}, {"lost", worker.lost()}}
                     .dump()
              << std::endl;
  } else {
    std::cerr << Text(Msg::kWorkerSummary, {worker.id(), std::to_string(worker.done()),
                                            std::to_string(worker.failed()), std::to_string(worker.lost())})
              << std::endl;
  }
  if (!ran.ok()) return Fail(ran);
  return worker.failed() == 0 ? kExitOk : kExitPartial;
}

}  // namespace

void AddWorkerCommand(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<WorkerArgs>();
  auto* cmd = app.add_subcommand(
      "worker",
      "Ingest what 'sohoa watch --queue' queued: claim a job, fetch its entry from the blob store, archive\n"
      "it as 'sohoa watch' would (bad files set aside with their reason), then the next. Run as many as\n"
      "you like, on any machine whose home (sohoa.toml) names the same catalog and blob store: a job is\n"
      "held under a lease the worker renews; a worker that dies leaves its job to the next one once the\n"
      "lease runs out, and a job that fails or kills its worker too often fails with the reason\n"
      "('sohoa status' shows it, 'sohoa jobs --retry ID' puts it back). Ctrl-C or SIGTERM finish the job\n"
      "in hand and stop; a second one stops at once.");
  cmd->add_option("--id", args->id, "This worker's name in the queue (default host:pid:random)");
  cmd->add_option("--lease", args->lease_seconds,
                  "Seconds a job is held without renewal; renewed every third of it (default 60)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--poll", args->poll_seconds, "Seconds between looks at an empty queue (default 5)")
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_option("--retry", args->retry_seconds,
                  "Seconds to wait when the catalog cannot be reached (default 30)")
      ->check(CLI::Range(0.1, 86400.0));
  cmd->add_option("--stall-limit", args->stall_seconds,
                  "Seconds without a page finished before the worker counts a hang, stops renewing and exits\n"
                  "for its supervisor to restart it, leaving the job to another worker (default 1200)")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_flag("--once", args->once, "Work until the queue is empty, then stop (tests, benchmarks, cron)");
  cmd->add_option("--workers", args->workers, "OCR threads (default: one per core)")->check(CLI::Range(0, 256));
  cmd->add_option("--tessdata", args->tessdata, "Folder holding vie.traineddata (default: Tesseract's)");
  AddJsonFlag(*cmd, options);
  cmd->callback([&options, args] { options.action = [&options, args] { return RunWorker(options, *args); }; });
}

}  // namespace sohoa::cli
