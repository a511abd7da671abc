// The job queue (archive/jobs.h's JobQueue) on PostgreSQL, as the SQLite
// catalog keeps it (archive/sqlite/jobs.cc). Workers on many machines claim
// at once here: a claim locks the job it takes with FOR UPDATE SKIP LOCKED,
// so claims never wait for each other and never take the same job, and
// every change to a job locks its row first. Internal to archive/postgres/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/jobs.h"
#include "archive/postgres/catalog.h"

namespace sohoa::archive::postgres {

// Ok when `lease` still holds its job, else JobQueue::Renew's error; inside
// a transaction, it also locks the job's row FOR KEY SHARE until that
// transaction ends: a Claim passes the job over (SKIP LOCKED) instead of
// taking it back, while its worker's own Renew and Complete still go
// through. For a write that must happen only while the lease holds.
Status CheckLeaseHeld(Connection& db, const JobLease& lease);

class PgJobQueue final : public JobQueue {
 public:
  explicit PgJobQueue(PgContext& context) : context_(context) {}

  Result<Enqueued> Enqueue(const NewJob& job) override;
  Result<std::optional<Job>> Claim(const std::string& worker, const std::vector<std::string>& kinds,
                                   int lease_seconds) override;
  Status Renew(const JobLease& lease, int lease_seconds) override;
  Status Complete(const JobLease& lease, const std::string& result) override;
  Result<JobState> Fail(const JobLease& lease, const std::string& reason, bool retryable) override;
  Status Retry(std::int64_t job_id, const std::string& actor) override;
  Status ExpireLease(std::int64_t job_id, const std::string& actor) override;
  Result<std::optional<Job>> Find(std::int64_t job_id) override;
  Result<std::vector<Job>> List(JobState state, int limit) override;
  Result<JobSummary> Summary() override;

 private:
  PgContext& context_;
};

}  // namespace sohoa::archive::postgres
