// The SQLite catalog's JobQueue (archive/jobs.h). SQLite has one writer at
// a time: every change to the queue is one IMMEDIATE transaction, so two
// workers' claims are taken one after the other and never see the same
// waiting job. Internal to archive/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/jobs.h"
#include "archive/sqlite/catalog.h"

namespace sohoa::archive {

// Ok when `lease` still holds its job, else JobQueue::Renew's error. For a
// write that must happen only while the lease holds: call it inside that
// write's (IMMEDIATE) transaction, which no claim can interleave with.
Status CheckLeaseHeld(internal::Db& db, const JobLease& lease);

class SqliteJobQueue final : public JobQueue {
 public:
  explicit SqliteJobQueue(SqliteCatalog& catalog) : catalog_(catalog) {}

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
  SqliteCatalog& catalog_;
};

}  // namespace sohoa::archive
