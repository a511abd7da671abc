#include "ingest/inbox_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "archive/durable_file.h"
#include "ingest/books.h"
#include "ingest/fault.h"
#include "ingest/home_lock.h"
#include "ingest/inbox.h"
#include "ingest/page_cache.h"
#include "schema/messages.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The crash journal, <home>/watch.journal: when the service crashes (a
// fatal signal) or hangs (the watchdog) while it holds claims, one line per
// claim, "crashed <claim folder>", is appended from the signal handler; the
// next start counts them into the claims' notes. Only what a signal handler
// may do happens there: write(2) of bytes prepared beforehand.
constexpr char kJournalName[] = "watch.journal";
constexpr size_t kJournalBytes = 1 << 16;
int g_journal_fd = -1;
char g_journal_lines[kJournalBytes];
std::atomic<size_t> g_journal_length{0};

void WriteJournal() {
  const size_t n = g_journal_length.load();
  if (g_journal_fd >= 0 && n > 0) {
    ssize_t ignored = ::write(g_journal_fd, g_journal_lines, n);
    (void)ignored;
    ::fsync(g_journal_fd);
  }
}

extern "C" void OnFatalSignal(int sig) {
  WriteJournal();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void ArmJournal(const std::vector<Claim>& claims) {
  std::string lines;
  for (const Claim& c : claims) lines += "crashed " + c.folder().filename().string() + "\n";
  const size_t n = std::min(lines.size(), kJournalBytes);
  g_journal_length = 0;
  std::memcpy(g_journal_lines, lines.data(), n);
  g_journal_length = n;
}

void DisarmJournal() { g_journal_length = 0; }

// Crash counts by claim folder name, read from the journal.
std::map<std::string, int> ReadJournal(const fs::path& path) {
  std::map<std::string, int> crashes;
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return crashes;
  char line[512];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    if (s.rfind("crashed ", 0) == 0) ++crashes[s.substr(8)];
  }
  std::fclose(f);
  return crashes;
}

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

struct InboxService::Impl {
  archive::HomeLayout home;
  ServiceOptions options;
  ServiceListener listener;
  std::optional<HomeLock> lock;
  std::unique_ptr<Pipeline> pipeline;
  std::optional<Inbox> inbox;
  int set_aside = 0;
  const std::atomic<bool>* stop = nullptr;

  // The watchdog: a claim in hand with no page finished for stall_limit.
  std::thread watchdog;
  std::mutex watch_mutex;
  std::condition_variable watch_wake;
  bool quitting = false;
  std::atomic<bool> busy{false};
  std::atomic<Clock::rep> last_progress{0};

  void Emit(ServiceEvent event) {
    if (listener) listener(event);
  }

  void Watch() {
    std::unique_lock lock_guard(watch_mutex);
    while (!quitting) {
      watch_wake.wait_for(lock_guard, std::chrono::seconds(1));
      if (quitting || !busy) continue;
      lock->StillAlive();
      const auto idle = Clock::now() - Clock::time_point(Clock::duration(last_progress.load()));
      if (idle > options.stall_limit) {
        // A hang inside the service (not a decoder: those have their own
        // limits). Count it against the entries in hand and end, so that
        // the supervisor starts a fresh process.
        WriteJournal();
        std::signal(SIGABRT, SIG_DFL);
        std::abort();
      }
    }
  }

  void Heartbeat() { last_progress = Clock::now().time_since_epoch().count(); }

  // Sets a whole claimed entry aside: every file in it, every link or pipe
  // noted. IoError when that cannot be done; the claim then stays.
  Status SetAsideEntry(const Claim& claim, const std::string& reason) {
    std::vector<fs::path> items;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(claim.entry, ec);
    if (fs::is_directory(st)) {
      for (fs::recursive_directory_iterator it(claim.entry, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (!fs::is_directory(it->symlink_status(type_ec))) items.push_back(it->path());
      }
    } else if (fs::exists(st)) {
      items.push_back(claim.entry);
    }
    for (const fs::path& item : items) {
      const fs::path relative = fs::path(claim.from) / item.lexically_relative(claim.entry);
      const std::string shown =
          item == claim.entry ? claim.shown() : (fs::path(claim.shown()) / item.lexically_relative(claim.entry)).string();
      SOHOA_RETURN_IF_ERROR(pipeline->SetAside(item, item == claim.entry ? fs::path(claim.from) : relative, shown, reason));
    }
    ++set_aside;
    Emit({ServiceEvent::Kind::kSetAside, claim.shown(), {}, 0, 0, 0, reason});
    return inbox->Release(claim);
  }

  // Works on `claims` together: books to the ledger reader, the rest to the
  // pipeline; releases each claim that is done.
  static int ProgressOf(const Claim& claim) {
    return PageCache(claim.page_cache()).Count() + static_cast<int>(claim.done.size() + claim.stored.size());
  }

  Status Process(std::vector<Claim>& claims) {
    if (claims.empty()) return Status::Ok();
    for (Claim& claim : claims) {
      ++claim.attempts;
      claim.running = true;
      claim.progress = ProgressOf(claim);
      claim.started = std::time(nullptr);
      SOHOA_RETURN_IF_ERROR(inbox->Save(claim));
    }
    ArmJournal(claims);
    Heartbeat();
    busy = true;
    Status done = Work(claims);
    busy = false;
    DisarmJournal();
    if (!done.ok()) {
      // Stopped cleanly for want of disk or catalog: not the entries' fault.
      for (Claim& claim : claims) {
        --claim.attempts;
        claim.running = false;
        (void)inbox->Save(claim);
      }
    }
    return done;
  }

  Status Work(std::vector<Claim>& claims) {
    std::map<fs::path, Claim*> by_entry;
    std::vector<Entry> entries;
    for (Claim& claim : claims) {
      by_entry[claim.entry] = &claim;
      entries.push_back({claim.entry, claim.shown(), claim.done, claim.page_cache()});
    }
    std::vector<BookRun> books;
    entries = IngestBooksAmong(home, BookOptionsOf(options.ingest), entries, books);
    Heartbeat();
    for (const BookRun& run : books) {
      if (!run.summary.ok()) return run.summary.status().WithContext(run.shown);
      SOHOA_RETURN_IF_ERROR(
          SetAsideUnreadBookFiles(*pipeline, run, [&](const std::string& shown, const std::string& reason) {
            ++set_aside;
            Emit({ServiceEvent::Kind::kSetAside, shown, {}, 0, 0, 0, reason});
          }));
      std::string reason;
      if (!run.summary->failures.empty()) {
        reason = Plural(static_cast<int>(run.summary->failures.size()), "page or file", "pages or files") +
                 " not read: " + run.summary->failures.front().reason;
      }
      Emit({ServiceEvent::Kind::kBook, run.shown, {run.summary->book_id}, run.summary->pages, 0,
            run.summary->entries, reason});
    }

    auto on_unit = [&](const UnitOutcome& unit) {
      Heartbeat();
      for (const Failure& f : unit.failures) {
        ++set_aside;
        Emit({ServiceEvent::Kind::kSetAside, f.shown, {}, 0, 0, 0, f.reason});
      }
      if (!unit.codes.empty() || unit.already_archived > 0) {
        const bool nothing_new = unit.pages == 0 && unit.resumed == 0;
        Emit({nothing_new ? ServiceEvent::Kind::kAlreadyArchived : ServiceEvent::Kind::kArchived, unit.shown,
              unit.codes, unit.pages, unit.resumed, 0, ""});
      }
      // Progress, so that a restart goes on from here.
      for (auto& [entry, claim] : by_entry) {
        if (unit.path == entry || unit.path.native().rfind(entry.native() + "/", 0) == 0) {
          claim->done.insert(unit.relative);
          claim->stored.insert(unit.codes.begin(), unit.codes.end());
          (void)inbox->Save(*claim);
        }
      }
    };
    auto progress = [&](const Progress&) { Heartbeat(); };
    SOHOA_ASSIGN_OR_RETURN(IngestSummary summary, pipeline->Ingest(entries, progress, on_unit, stop));
    for (Claim& claim : claims) {
      bool unfinished = false;
      for (const fs::path& root : summary.unfinished) {
        unfinished = unfinished || root == claim.entry ||
                     root.native().rfind(claim.entry.native() + "/", 0) == 0;
      }
      if (unfinished) {
        --claim.attempts;  // a stop asked for: not the entry's fault
        claim.running = false;
        (void)inbox->Save(claim);
        continue;
      }
      SOHOA_RETURN_IF_ERROR(inbox->Release(claim));
    }
    return Status::Ok();
  }

  // An outside stop counts against an entry only when the run got nowhere
  // with it (the page cache lets the next one go on from any progress) and
  // held it long enough for a hang to be plausible: a quarter of the stall
  // limit, by when the last run was last seen alive. Stops that come sooner
  // (restarts, a kill storm, a machine starting up slowly) are nobody's fault.
  bool StoppedWhileStuck(const Claim& claim) const {
    if (ProgressOf(claim) > claim.progress) return false;
    const std::optional<std::time_t> alive = lock->previous_alive();
    if (!alive || claim.started <= 0) return false;
    const auto held = std::chrono::seconds(*alive - claim.started);
    return held >= std::max<std::chrono::milliseconds>(options.stall_limit / 4, std::chrono::seconds(1));
  }

  // Finishes what a stopped run left: each claim alone, so that a crash is
  // blamed on the entry that caused it.
  Status Resume() {
    std::vector<Claim> claims = inbox->Unfinished();
    const fs::path journal = home.root / kJournalName;
    const auto crashes = ReadJournal(journal);
    for (Claim& claim : claims) {
      if (!claim.running) continue;
      // The last run died working on it: a crash or hang it noted, or a
      // stop from outside (SIGKILL, the OOM killer, power).
      auto found = crashes.find(claim.folder().filename().string());
      if (found != crashes.end()) {
        claim.crashes += found->second;
      } else if (StoppedWhileStuck(claim)) {
        ++claim.stalls;
      }
      claim.running = false;
      SOHOA_RETURN_IF_ERROR(inbox->Save(claim));
    }
    if (!crashes.empty()) {
      if (::truncate(journal.c_str(), 0) != 0) {
        return archive::ErrnoStatus(errno, "cannot clear the crash journal " + journal.string());
      }
    }
    if (claims.empty()) return Status::Ok();
    Emit({ServiceEvent::Kind::kResuming, "", {}, 0, 0, static_cast<int>(claims.size()), ""});
    for (Claim& claim : claims) {
      if (stop != nullptr && stop->load()) break;
      if (claim.crashes >= options.max_crashes) {
        SOHOA_RETURN_IF_ERROR(SetAsideEntry(
            claim, Text(Msg::kReasonCrashed, {std::to_string(claim.crashes)})));
        continue;
      }
      if (claim.stalls >= options.max_interruptions) {
        SOHOA_RETURN_IF_ERROR(SetAsideEntry(
            claim, Text(Msg::kReasonStalled, {std::to_string(claim.stalls)})));
        continue;
      }
      std::vector<Claim> one{claim};
      SOHOA_RETURN_IF_ERROR(Process(one));
    }
    return Status::Ok();
  }

  Status TakeReady(bool look_twice) {
    std::vector<fs::path> ready = inbox->ReadyEntries(Inbox::Clock::now());
    if (look_twice) {
      // One pass still needs two looks, `settle` apart, to see that nothing grows.
      std::this_thread::sleep_for(options.settle);
      ready = inbox->ReadyEntries(Inbox::Clock::now());
    }
    std::vector<Claim> claims;
    for (const fs::path& entry : ready) {
      if (stop != nullptr && stop->load()) break;
      SOHOA_ASSIGN_OR_RETURN(Claim claim, inbox->Take(entry));
      FaultPoint("after-claim", claim.shown());
      Emit({ServiceEvent::Kind::kTaken, claim.shown(), {}, 0, 0, 0, ""});
      claims.push_back(std::move(claim));
    }
    return Process(claims);
  }
};

InboxService::InboxService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

InboxService::~InboxService() {
  {
    std::lock_guard guard(impl_->watch_mutex);
    impl_->quitting = true;
  }
  impl_->watch_wake.notify_all();
  if (impl_->watchdog.joinable()) impl_->watchdog.join();
  DisarmJournal();
  if (g_journal_fd >= 0) {
    ::close(g_journal_fd);
    g_journal_fd = -1;
  }
}

Result<std::unique_ptr<InboxService>> InboxService::Start(const archive::HomeLayout& home,
                                                          const ServiceOptions& options,
                                                          ServiceListener listener) {
  auto impl = std::make_unique<Impl>();
  impl->home = home;
  impl->options = options;
  impl->options.ingest.originals_stay = false;
  impl->listener = std::move(listener);
  SOHOA_ASSIGN_OR_RETURN(HomeLock lock, HomeLock::Acquire(home, "sohoa watch"));
  impl->lock.emplace(std::move(lock));
  SOHOA_RETURN_IF_ERROR(archive::MakeDurableDirectories(home.work()));
  SOHOA_RETURN_IF_ERROR(archive::MakeDurableDirectories(home.failed()));
  SOHOA_ASSIGN_OR_RETURN(impl->pipeline, Pipeline::Create(home, impl->options.ingest));
  impl->inbox.emplace(home, options.settle);
  const fs::path journal = home.root / kJournalName;
  g_journal_fd = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (g_journal_fd < 0) return archive::ErrnoStatus(errno, "cannot open " + journal.string());
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) std::signal(sig, OnFatalSignal);
  impl->watchdog = std::thread([raw = impl.get()] { raw->Watch(); });
  return std::unique_ptr<InboxService>(new InboxService(std::move(impl)));
}

Status InboxService::RunOnce() {
  SOHOA_RETURN_IF_ERROR(impl_->Resume());
  return impl_->TakeReady(/*look_twice=*/true);
}

Status InboxService::Run(const std::atomic<bool>& stop) {
  impl_->stop = &stop;
  InboxWaiter waiter(impl_->home.inbox());
  while (!stop.load()) {
    Status s = impl_->Resume();
    if (s.ok() && !stop.load()) s = impl_->TakeReady(/*look_twice=*/false);
    if (!s.ok()) {
      impl_->Emit({ServiceEvent::Kind::kWaiting, "", {}, 0, 0, 0, s.message()});
      const auto until = Clock::now() + impl_->options.retry_after;
      while (!stop.load() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    waiter.Wait(std::min(impl_->options.poll, std::max(impl_->options.settle, std::chrono::milliseconds(100))));
  }
  return Status::Ok();
}

int InboxService::set_aside() const { return impl_->set_aside; }

}  // namespace sohoa::ingest
