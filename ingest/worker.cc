#include "ingest/worker.h"

#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include "archive/blob_store.h"
#include "archive/catalog.h"
#include "archive/folder_tar.h"
#include "archive/storage.h"
#include "ingest/books.h"
#include "ingest/fault.h"
#include "ingest/job_payload.h"
#include "schema/messages.h"

namespace sohoa::ingest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::string RandomHex(int digits) {
  static const char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[random() % 16];
  return out;
}

// A failure worth another attempt later: storage or the catalog could not
// be reached. Anything else will fail the same way again.
bool Retryable(const Status& status) {
  return status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kIoError;
}

bool LostLease(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition || status.code() == StatusCode::kNotFound;
}

// The folders of this machine's workers that are no longer running: what a
// worker killed in the middle of a job left. "<host>-<pid>-<random>".
void RemoveDeadWorkersFolders(const fs::path& jobs, const std::string& host) {
  std::error_code ec;
  for (fs::directory_iterator it(jobs, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(host + "-", 0) != 0) continue;
    const std::string rest = name.substr(host.size() + 1);
    const std::size_t dash = rest.find('-');
    if (dash == std::string::npos) continue;
    const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

// Renews a lease every third of its length from a thread of its own, on a
// catalog of its own, until stopped. A renewal refused (the lease ran out
// and another claim took the job, or an operator retried it) sets `lost`:
// the worker must stop. A hang (no progress for `stall_limit`) ends the
// process, as the inbox service's watchdog does: its lease then runs out and
// another worker takes the job, and this one's supervisor starts it again.
class LeaseKeeper {
 public:
  LeaseKeeper(archive::JobQueue& queue, archive::JobLease lease, int seconds,
              std::chrono::milliseconds stall_limit, std::atomic<Clock::rep>& last_progress,
              std::atomic<bool>& lost)
      : queue_(queue),
        lease_(std::move(lease)),
        seconds_(seconds),
        stall_limit_(stall_limit),
        last_progress_(last_progress),
        lost_(lost),
        thread_([this] { Keep(); }) {}
  ~LeaseKeeper() { Stop(); }
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  void Stop() {
    {
      std::lock_guard guard(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Keep() {
    const auto every = std::chrono::milliseconds(std::max(seconds_ * 1000 / 3, 100));
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
      const auto idle = Clock::now() - Clock::time_point(Clock::duration(last_progress_.load()));
      if (idle > stall_limit_) {
        std::fprintf(stderr, "sohoa worker: no progress on job %lld for %lld s: stopping, for the job to go to another worker\n",
                     static_cast<long long>(lease_.job_id),
                     static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(idle).count()));
        std::abort();
      }
      lock.unlock();
      const Status renewed = queue_.Renew(lease_, seconds_);
      lock.lock();
      if (LostLease(renewed)) {
        lost_ = true;
        return;
      }
      // Any other error (the catalog down a moment): the next tick tries
      // again, and a store after the lease was taken is refused anyway.
    }
  }

  archive::JobQueue& queue_;
  const archive::JobLease lease_;
  const int seconds_;
  const std::chrono::milliseconds stall_limit_;
  std::atomic<Clock::rep>& last_progress_;
  std::atomic<bool>& lost_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// What one job did, for its result and the events.
struct JobWork {
  std::vector<std::string> codes;
  std::vector<std::string> books;
  int pages = 0;
  int already_archived = 0;
  nlohmann::json set_aside = nlohmann::json::array();
  bool unfinished = false;  // stopped because the lease was lost
};

std::string ResultJson(const JobWork& work) {
  nlohmann::json result{{"codes", work.codes}, {"pages", work.pages}, {"set_aside", work.set_aside}};
  if (work.already_archived > 0) result["already_archived"] = work.already_archived;
  if (!work.books.empty()) result["books"] = work.books;
  return result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string WorkerId() { return HostName() + ":" + std::to_string(::getpid()) + ":" + RandomHex(6); }

struct Worker::Impl {
  archive::HomeLayout home;
  WorkerOptions options;
  WorkerListener listener;
  std::string id;
  fs::path folder;  // <home>/work/jobs/<host>-<pid>-<random>
  std::unique_ptr<archive::Catalog> catalog;        // claims and finishes jobs
  std::unique_ptr<archive::Catalog> lease_catalog;  // the lease keeper's
  std::unique_ptr<archive::BlobStore> blobs;
  std::unique_ptr<Pipeline> pipeline;
  std::atomic<Clock::rep> last_progress{0};
  int done = 0, failed = 0, lost = 0;

  ~Impl() {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
  }

  void Emit(WorkerEvent event) {
    if (listener) listener(event);
  }
  void Heartbeat() { last_progress = Clock::now().time_since_epoch().count(); }

  // Brings the job's input into `dir`: its entry, as staff dropped it.
  Result<fs::path> Fetch(const archive::Job& job, const IngestJobPayload& payload, const fs::path& dir) {
    if (job.blob.empty()) return InvalidArgument("the job carries no blob to ingest");
    const fs::path entry = dir / payload.name;
    auto fetch_into = [&](const fs::path& target) -> Status {
      Status copied = archive::CopyBlobTo(*blobs, job.blob, target);
      if (copied.code() == StatusCode::kNotFound) {
        return NotFound("the queued original " + job.blob + " is not in " + blobs->Describe() +
                        " (" + copied.message() + ")");
      }
      return copied;
    };
    if (!payload.tar) {
      SOHOA_RETURN_IF_ERROR(fetch_into(entry));
      return entry;
    }
    const fs::path tar = dir / ".job.tar";
    SOHOA_RETURN_IF_ERROR(fetch_into(tar));
    SOHOA_RETURN_IF_ERROR(archive::UnpackTar(tar, entry).status());
    std::error_code ec;
    fs::remove(tar, ec);
    return entry;
  }

  // Ingests the fetched entry as the inbox service would.
  Result<JobWork> Ingest(const archive::Job& job, const Entry& entry, std::atomic<bool>& lost_flag) {
    JobWork work;
    std::vector<BookRun> books;
    std::vector<Entry> rest = IngestBooksAmong(home, BookOptionsOf(options.ingest), {entry}, books);
    Heartbeat();
    for (const BookRun& run : books) {
      if (!run.summary.ok()) return run.summary.status().WithContext(run.shown);
      SOHOA_RETURN_IF_ERROR(
          SetAsideUnreadBookFiles(*pipeline, run, [&](const std::string& shown, const std::string& reason) {
            work.set_aside.push_back({{"file", shown}, {"reason", reason}});
            Emit({WorkerEvent::Kind::kSetAside, job.id, shown, {}, 0, 0, reason});
          }));
      work.books.push_back(run.summary->book_id);
      work.pages += run.summary->pages;
      Emit({WorkerEvent::Kind::kBook, job.id, run.shown, {run.summary->book_id}, run.summary->pages,
            run.summary->entries, ""});
    }
    if (rest.empty()) return work;
    auto on_unit = [&](const UnitOutcome& unit) {
      Heartbeat();
      for (const Failure& f : unit.failures) {
        work.set_aside.push_back({{"file", f.shown}, {"reason", f.reason}});
        Emit({WorkerEvent::Kind::kSetAside, job.id, f.shown, {}, 0, 0, f.reason});
      }
      if (!unit.codes.empty() || unit.already_archived > 0) {
        const bool nothing_new = unit.pages == 0 && unit.resumed == 0;
        Emit({nothing_new ? WorkerEvent::Kind::kAlreadyArchived : WorkerEvent::Kind::kArchived, job.id,
              unit.shown, unit.codes, unit.pages, 0, ""});
      }
      for (const std::string& code : unit.codes) {
        if (std::find(work.codes.begin(), work.codes.end(), code) == work.codes.end()) work.codes.push_back(code);
      }
      work.already_archived += unit.already_archived;
    };
    auto progress = [&](const Progress&) { Heartbeat(); };
    SOHOA_ASSIGN_OR_RETURN(IngestSummary summary, pipeline->Ingest(rest, progress, on_unit, &lost_flag));
    work.pages += summary.pages;
    work.unfinished = !summary.unfinished.empty();
    return work;
  }

  // Does `lease` still hold its job? (A FailedPrecondition from the
  // pipeline is the fence's refusal only when it does not.)
  bool StillHeld(const archive::JobLease& lease) {
    auto job = catalog->jobs().Find(lease.job_id);
    return job.ok() && job->has_value() && (*job)->state == archive::JobState::kLeased &&
           (*job)->worker == lease.worker && (*job)->attempts == lease.attempt;
  }

  Result<archive::JobState> Lost(const archive::Job& job, const std::string& shown, const std::string& why) {
    ++lost;
    Emit({WorkerEvent::Kind::kLost, job.id, shown, {}, 0, 0, why});
    return archive::JobState::kLeased;
  }

  Result<archive::JobState> FailJob(const archive::Job& job, const std::string& shown, const Status& why) {
    const bool retryable = Retryable(why);
    Result<archive::JobState> state = catalog->jobs().Fail(job.lease(), ForStaff(why), retryable);
    if (!state.ok()) {
      if (LostLease(state.status())) return Lost(job, shown, state.status().message());
      return state.status().WithContext("recording that job " + std::to_string(job.id) + " failed");
    }
    ++failed;
    Emit({*state == archive::JobState::kWaiting ? WorkerEvent::Kind::kRetrying : WorkerEvent::Kind::kFailed, job.id,
          shown, {}, 0, 0, ForStaff(why)});
    return *state;
  }

  Result<archive::JobState> Work(const archive::Job& job) {
    Result<IngestJobPayload> payload = ParseIngestJobPayload(job.payload);
    const std::string shown = payload.ok() ? "inbox/" + payload->name : "job " + std::to_string(job.id);
    Emit({WorkerEvent::Kind::kClaimed, job.id, shown, {}, 0, job.attempts, ""});
    if (!payload.ok()) return FailJob(job, shown, payload.status());

    std::atomic<bool> lost_flag{false};
    Heartbeat();
    LeaseKeeper keeper(lease_catalog->jobs(), job.lease(), options.lease_seconds,
                       options.stall_limit, last_progress, lost_flag);
    const fs::path dir = folder / ("job-" + std::to_string(job.id) + "-" + std::to_string(job.attempts));
    std::error_code ec;
    fs::remove_all(dir, ec);
    Result<JobWork> work = [&]() -> Result<JobWork> {
      fs::create_directories(dir, ec);
      if (ec) return IoError("cannot make " + dir.string() + ": " + ec.message());
      SOHOA_ASSIGN_OR_RETURN(fs::path entry, Fetch(job, *payload, dir));
      FaultPoint("after-fetch", shown);
      return Ingest(job, Entry{entry, shown, {}, {}, job.lease()}, lost_flag);
    }();
    keeper.Stop();
    fs::remove_all(dir, ec);

    if (lost_flag.load() || (work.ok() && work->unfinished)) {
      return Lost(job, shown, "the lease ran out and another worker took the job");
    }
    if (!work.ok()) {
      if (work.status().code() == StatusCode::kFailedPrecondition && !StillHeld(job.lease())) {
        return Lost(job, shown, work.status().message());
      }
      return FailJob(job, shown, work.status());
    }
    FaultPoint("before-complete", shown);
    const Status completed = catalog->jobs().Complete(job.lease(), ResultJson(*work));
    if (!completed.ok()) {
      if (LostLease(completed)) return Lost(job, shown, completed.message());
      return completed.WithContext("recording that job " + std::to_string(job.id) + " is done");
    }
    ++done;
    if (payload->tar && work->set_aside.empty()) {
      // Only the job pointed at its tar, and the job is done. Should this
      // fail or be cut short, the tar is an orphan for verify's repair.
      (void)blobs->Remove(job.blob);
    }
    Emit({WorkerEvent::Kind::kDone, job.id, shown, work->codes, work->pages,
          static_cast<int>(work->set_aside.size()), ""});
    return archive::JobState::kDone;
  }

  // Sleeps `how_long`, waking early for `stop`.
  static void Nap(std::chrono::milliseconds how_long, const std::atomic<bool>& stop) {
    const auto until = Clock::now() + how_long;
    while (!stop.load() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  Status Run(const std::atomic<bool>& stop) {
    int troubles = 0;
    while (!stop.load()) {
      Result<std::optional<archive::Job>> claimed =
          catalog->jobs().Claim(id, {kIngestJobKind}, options.lease_seconds);
      Status trouble = claimed.status();
      if (claimed.ok() && claimed->has_value()) trouble = Work(**claimed).status();
      if (!trouble.ok()) {
        // The catalog could not be reached, or told: wait and try again.
        if (options.once && ++troubles >= 3) return trouble;
        Emit({WorkerEvent::Kind::kWaiting, 0, "", {}, 0, 0, trouble.message()});
        Nap(options.retry_after, stop);
        continue;
      }
      troubles = 0;
      if (!claimed->has_value()) {
        if (options.once) return Status::Ok();
        Nap(options.poll, stop);
      }
    }
    return Status::Ok();
  }
};

Worker::Worker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Worker::~Worker() = default;

Result<std::unique_ptr<Worker>> Worker::Start(const archive::HomeLayout& home, const WorkerOptions& options,
                                              WorkerListener listener) {
  if (!archive::HomeExists(home)) {
    return NotFound("no archive home at " + home.root.string() + ": run 'sohoa init' first");
  }
  if (options.lease_seconds < 1 || options.lease_seconds > archive::kMaxLeaseSeconds) {
    return InvalidArgument("a worker's lease lasts 1 to " + std::to_string(archive::kMaxLeaseSeconds) +
                           " seconds, not " + std::to_string(options.lease_seconds));
  }
  auto impl = std::make_unique<Impl>();
  impl->home = home;
  impl->options = options;
  impl->options.ingest.originals_stay = false;
  impl->listener = std::move(listener);
  impl->id = options.id.empty() ? WorkerId() : options.id;
  const std::string host = HostName();
  const fs::path jobs = home.work() / "jobs";
  RemoveDeadWorkersFolders(jobs, host);
  impl->folder = jobs / (host + "-" + std::to_string(::getpid()) + "-" + RandomHex(6));
  SOHOA_ASSIGN_OR_RETURN(impl->catalog, archive::OpenCatalog(home));
  SOHOA_ASSIGN_OR_RETURN(impl->lease_catalog, archive::OpenCatalog(home));
  SOHOA_ASSIGN_OR_RETURN(impl->blobs, archive::OpenBlobStore(home));
  SOHOA_ASSIGN_OR_RETURN(impl->pipeline, Pipeline::Create(home, impl->options.ingest));
  return std::unique_ptr<Worker>(new Worker(std::move(impl)));
}

const std::string& Worker::id() const { return impl_->id; }
Status Worker::Run(const std::atomic<bool>& stop) { return impl_->Run(stop); }
Result<archive::JobState> Worker::Work(const archive::Job& job) { return impl_->Work(job); }
int Worker::done() const { return impl_->done; }
int Worker::failed() const { return impl_->failed; }
int Worker::lost() const { return impl_->lost; }

}  // namespace sohoa::ingest
