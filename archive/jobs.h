// The job queue: work for `sohoa worker` processes on any number of
// machines, kept in the catalog (schema/migrations/0011_jobs.sql,
// schema/migrations_postgres/0005_jobs.sql), so that every worker that can
// reach the catalog can take work and nothing else needs to be shared.
//
// A job is enqueued once per dedup key (the watcher may enqueue an inbox
// entry again after a crash: it gets the job it made the first time). A
// worker claims the oldest waiting job and holds it under a lease that it
// renews while it works; it then completes the job or says why it failed.
//
//   waiting ──Claim──▶ leased ──Complete──▶ done
//      ▲                 │ ├──Fail(retryable), attempts left──▶ waiting, after a backoff
//      │                 │ └──Fail, or no attempts left──────▶ failed ──Retry──▶ waiting
//      └──lease ran out──┘  (its worker stopped; after max_attempts of them: failed)
//
// A job whose lease ran out is taken back by the next Claim (its worker
// died, or hung): claimed again if it has attempts left, failed with the
// reason otherwise, so one file that crashes its worker every time cannot
// stop the service. While a lease runs, no other worker is handed the job.
// A worker proves it holds a job with its JobLease, whose attempt number is
// the claim's own: a worker whose lease ran out and was taken again (even by
// a thread of the same worker) cannot renew, complete or fail the job.
//
// A job may carry a blob: the sha256 of its input in the home's blob store
// (`sohoa watch --queue` stores an inbox entry there before it queues it).
// Until the job is done nothing else in the catalog may point at that blob,
// so the blob of every job not done counts as referenced
// (DossierStore::ReferencedBlobs): verify's repair and retention leave it.
//
// Times come from the database's clock, so that workers on machines whose
// clocks disagree still agree on when a lease ends. Jobs are the service's,
// not citizens' data: the catalog's Scope does not narrow them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/status.h"

namespace sohoa::archive {

enum class JobState { kWaiting, kLeased, kDone, kFailed };
std::string_view JobStateName(JobState state);  // "waiting", "leased", "done", "failed"
std::optional<JobState> ParseJobState(std::string_view name);

// Attempts a job is given unless its enqueuer says otherwise.
constexpr int kDefaultMaxAttempts = 3;
// A lease is 1 second to 1 day long.
constexpr int kMaxLeaseSeconds = 24 * 3600;

// How long a job failed with `retryable` waits before it may be claimed
// again, after `attempts` attempts: 30 s, 2 min, 8 min, 32 min, then 1 h.
// Enough for a storage or database server to come back, without a file
// that keeps failing taking a worker's time every minute.
int JobBackoffSeconds(int attempts);

struct NewJob {
  std::string kind;                        // what to do: "ingest", ...; not empty
  std::string dedup_key;                   // not empty; one job per key, ever (done jobs included)
  std::string payload;                     // the enqueuer's (JSON, say); the queue never reads it
  std::string province;                    // for the status per province; "" when unknown
  int max_attempts = kDefaultMaxAttempts;  // >= 1
  std::string blob{};  // the sha256 of its input in the blob store; "" for none
};

// What a worker shows to Renew, Complete and Fail: the job, the worker and
// the attempt its claim began (Job::lease()).
struct JobLease {
  std::int64_t job_id = 0;
  std::string worker;
  int attempt = 0;
};

struct Job {
  std::int64_t id = 0;
  std::string kind, dedup_key, payload, province;
  std::string blob;  // NewJob::blob
  JobState state = JobState::kWaiting;
  int attempts = 0;  // claims so far, this one included while leased
  int max_attempts = kDefaultMaxAttempts;
  int stopped = 0;     // leases that ran out: times its worker stopped while working on it
  std::string worker;  // leased: the worker holding it; else the one that last held it, "" for none
  // Times are ISO 8601 UTC with milliseconds (2024-03-15T08:12:33.123Z), "" when unset.
  std::string lease_until;  // leased: when the lease runs out unless renewed
  std::string not_before;   // waiting: not claimed before this (a retry's backoff)
  std::string last_error;   // failed: why; waiting: why the last attempt failed, if it did
  std::string result;       // done: what the worker recorded
  // started: the latest claim; finished: done or failed.
  std::string created_at, started_at, finished_at;

  JobLease lease() const { return {id, worker, attempts}; }
};

// Enqueue's answer: the job of the key, and whether this call made it.
struct Enqueued {
  Job job;
  bool added = false;
};

struct JobCounts {
  std::int64_t waiting = 0;
  std::int64_t leased = 0;
  std::int64_t failed = 0;
  std::int64_t done_last_hour = 0;
};

// What `sohoa status` shows of the queue.
struct JobSummary {
  static constexpr int kRecentFailures = 20;
  std::string now;  // the database's clock when it was read
  JobCounts total;
  std::map<std::string, JobCounts> by_province;  // "" for jobs enqueued without one
  std::map<std::string, JobCounts> by_kind;
  // Every leased job, the lease that runs out first first: which worker
  // holds what, and until when (a lease_until before `now` is one whose
  // worker has stopped and that the next claim takes back).
  std::vector<Job> leased;
  // The jobs failed most recently, newest first, at most kRecentFailures,
  // each with its reason (last_error).
  std::vector<Job> recent_failures;
  struct Hour {
    std::string start;  // 2024-03-15T08:00:00Z
    std::int64_t done = 0;
  };
  std::vector<Hour> done_per_hour;  // the last 24 hours, oldest first, the current one last
};

// The queue as a catalog backend keeps it (Catalog::jobs()).
class JobQueue {
 public:
  virtual ~JobQueue() = default;

  // Adds a waiting job, or returns the job of the same dedup key, whatever
  // its state, unchanged (added false). InvalidArgument for an empty kind or
  // key, max_attempts < 1, or a blob that is not a sha256 address.
  virtual Result<Enqueued> Enqueue(const NewJob& job) = 0;

  // Takes back every job whose lease ran out (see above), then leases the
  // oldest waiting job of one of `kinds` (of any kind when empty) to
  // `worker` for `lease_seconds`, as one transaction. Returns it with its
  // attempts counted, nullopt when no job may be claimed now.
  // InvalidArgument for an empty worker or a lease outside 1..kMaxLeaseSeconds.
  virtual Result<std::optional<Job>> Claim(const std::string& worker,
                                           const std::vector<std::string>& kinds,
                                           int lease_seconds) = 0;
  // Extends the lease to `lease_seconds` from now. FailedPrecondition,
  // saying what became of the job, when `lease` no longer holds it (its
  // lease ran out and another claim took it back, or an operator retried
  // it): the worker must stop working on it. A lease that ran out but that
  // no claim has taken back yet still holds: its worker was late, nobody
  // replaced it. NotFound for an unknown job.
  virtual Status Renew(const JobLease& lease, int lease_seconds) = 0;
  // The job is done; `result` is kept with it. Errors as Renew.
  virtual Status Complete(const JobLease& lease, const std::string& result) = 0;
  // The attempt failed because of `reason`. A `retryable` failure (a server
  // that did not answer) with attempts left makes the job wait
  // JobBackoffSeconds(attempts) and returns kWaiting; otherwise the job
  // fails with `reason`, an event "job-failed" is logged, and kFailed is
  // returned. Errors as Renew.
  virtual Result<JobState> Fail(const JobLease& lease, const std::string& reason,
                                bool retryable) = 0;

  // An operator puts a failed job, or a waiting one held back by its
  // backoff, back to be claimed now with all its attempts, and an event
  // "job-retry" records who. FailedPrecondition for a job leased or done;
  // NotFound for an unknown job.
  virtual Status Retry(std::int64_t job_id, const std::string& actor) = 0;
  // Ends a job's lease now, as if its worker had stopped (an operator's
  // answer to a worker that hangs; `sohoa jobs --release`): the next Claim
  // takes it back. An event "job-release" records who. FailedPrecondition
  // for a job that is not leased; NotFound for an unknown job.
  virtual Status ExpireLease(std::int64_t job_id, const std::string& actor) = 0;

  // One job; nullopt when there is none with this id.
  virtual Result<std::optional<Job>> Find(std::int64_t job_id) = 0;
  // At most `limit` (>= 1) jobs in `state`: waiting ones in the order they
  // will be claimed, leased ones by when their lease runs out, done and
  // failed ones newest first.
  virtual Result<std::vector<Job>> List(JobState state, int limit) = 0;
  // The queue per province and kind (named Summary, not Status: the type).
  virtual Result<JobSummary> Summary() = 0;
};

}  // namespace sohoa::archive
