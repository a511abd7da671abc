// `sohoa worker`: takes "ingest" jobs from the queue (archive/jobs.h) that
// `sohoa watch --queue` filled (ingest/inbox_queue.h) and ingests each as
// `sohoa watch` would have ingested its inbox entry. Any number of workers,
// on any number of machines, may serve one catalog and blob store.
//
// For each job: claim it under a lease; fetch its blob into a private
// folder under <home>/work/jobs/ (a folder's tar unpacked, refusing names
// that could land outside); route a register book to the ledger reader and
// the rest to the pipeline, which sets a bad file aside with its reason and
// goes on; then complete the job with a short JSON result, or fail it:
// retryable when storage or the catalog could not be reached (Unavailable,
// IoError), for good when the input will not change. A folder's tar is
// removed from the blob store once its job is done, unless a file of it was
// set aside: the documents point at the files inside, never at the tar,
// which `sohoa verify` would otherwise count as unreferenced until its
// repair took it a day later. A set-aside file's tar stays for that day,
// beside the copy in this machine's failed/.
//
// While it works, a second thread renews the lease every third of its
// length. When a renewal says the lease is lost (it ran out and another
// worker took the job), the worker stops starting units, and the pipeline
// stores each dossier only while the lease holds its job, checked inside
// the dossier's transaction (Catalog::StoreDossierUnderLease): a late
// worker stores nothing the job's holder stores, so a dossier stored by two
// workers is one dossier, stored once. A worker that dies (SIGKILL, a
// crash in a library) leaves its job leased; the lease runs out, the next
// claim takes it back and another worker does it again (dossiers the dead
// one stored are found stored); after max_attempts the job fails with the
// reason, so a file that kills every worker cannot stop the service.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "archive/home.h"
#include "archive/jobs.h"
#include "ingest/pipeline.h"
#include "schema/status.h"

namespace sohoa::ingest {

struct WorkerOptions {
  std::string id;  // "" for WorkerId()'s
  int lease_seconds = 60;
  // Nothing to claim: look again after this long.
  std::chrono::milliseconds poll{std::chrono::seconds(5)};
  // The catalog cannot be reached: try again after this long.
  std::chrono::milliseconds retry_after{std::chrono::seconds(30)};
  // No page or unit finished for this long on a job: a hang (in a library,
  // not a decoder: those have their own limits). The worker stops renewing
  // and ends, for its supervisor to start it again; the job goes to the
  // next worker, and fails once a hang has cost it max_attempts.
  std::chrono::milliseconds stall_limit{std::chrono::minutes(20)};
  // Work until no job can be claimed, then return (tests, benchmarks).
  bool once = false;
  IngestOptions ingest;  // its originals_stay is set to false, as for sohoa watch
};

// What became of a job, or of an entry in it, for whoever prints it.
struct WorkerEvent {
  enum class Kind {
    kClaimed,          // job, entry: attempt in `count`
    kArchived,         // job, entry (a unit of it): codes, pages
    kAlreadyArchived,  // job, entry: codes
    kBook,             // job, entry: codes {book id}, pages, count entries
    kSetAside,         // job, entry (a file of it): reason
    kDone,             // job, entry: codes, pages; count: files set aside
    kRetrying,         // job, entry: reason; it waits and is claimed again
    kFailed,           // job, entry: reason; for good
    kLost,             // job, entry: reason; another worker has it now
    kWaiting,          // reason: the catalog cannot be reached; retrying
  };
  Kind kind;
  std::int64_t job = 0;
  std::string entry;  // "inbox/hồ sơ 7", as staff know it
  std::vector<std::string> codes;
  int pages = 0;
  int count = 0;
  std::string reason;
};
using WorkerListener = std::function<void(const WorkerEvent&)>;

// "host:pid:random": unique among the workers of a cluster.
std::string WorkerId();

class Worker {
 public:
  // Opens the catalog (twice: one connection renews leases), the blob store
  // and the pipeline with its OCR engines, and removes what workers of this
  // machine that died left in <home>/work/jobs/.
  static Result<std::unique_ptr<Worker>> Start(const archive::HomeLayout& home,
                                               const WorkerOptions& options,
                                               WorkerListener listener);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  const std::string& id() const;

  // Claims and works until `stop` becomes true (checked between jobs: the
  // job in hand is finished first) or, with `once`, until no job can be
  // claimed. While the catalog cannot be reached it waits and tries again;
  // with `once` it returns that error instead.
  Status Run(const std::atomic<bool>& stop);

  // Works on `job`, claimed with this worker's id, to its end: completed,
  // failed, or (the lease lost) left to whoever holds it now. Returns the
  // job's state as this worker left it (kLeased when the lease was lost).
  // An error only when the catalog could not be told.
  Result<archive::JobState> Work(const archive::Job& job);

  int done() const;    // jobs completed since the start
  int failed() const;  // jobs that failed (for good or to be retried)
  int lost() const;    // jobs whose lease was lost while working on them

 private:
  struct Impl;
  explicit Worker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::ingest
