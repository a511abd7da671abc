// What both catalog backends decide alike for the job queue (archive/jobs.h),
// outside SQL: the checks of what callers pass, what becomes of a job whose
// lease ran out, what a worker that lost its lease is told, the queue's
// events and the summary's arithmetic, with the same words on both.
// Internal to archive/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "archive/catalog.h"
#include "archive/jobs.h"
#include "schema/status.h"

namespace sohoa::archive::internal {

// InvalidArgument for an empty kind or key, max_attempts < 1, or a blob
// that is not a sha256 address.
Status CheckNewJob(const NewJob& job);
// InvalidArgument for an empty worker or a lease outside 1..kMaxLeaseSeconds.
Status CheckClaim(const std::string& worker, int lease_seconds);
// InvalidArgument for a failure without a reason: an operator reads it.
Status CheckReason(const std::string& reason);
// InvalidArgument for a limit < 1.
Status CheckJobLimit(int limit);

// "waiting", ... back to a state (waiting for anything else).
JobState JobStateOf(std::string_view name);

// What becomes of a job whose lease ran out, its worker having stopped
// `stopped` times now (this time included): failed, with `reason`, once its
// attempts are spent; otherwise waiting to be claimed again.
struct LapsedLease {
  bool fails = false;
  std::string reason;
};
LapsedLease AfterLapse(int attempts, int max_attempts, int stopped, const std::string& last_error);

// Why `lease` no longer holds its job, now `job` (nullopt: there is none):
// NotFound, or FailedPrecondition saying what became of it.
Status LeaseLost(const JobLease& lease, const std::optional<Job>& job);
// What Retry and ExpireLease say of a job in the wrong state.
Status CannotRetry(const Job& job);
Status NotLeased(const Job& job);
Status NoSuchJob(std::int64_t job_id);

// The event of a job that failed for good, of an operator's retry, and of
// a lease ended by hand; their object is "job:<id>".
Event JobFailedEvent(const Job& job, const std::string& reason);
Event JobRetryEvent(const Job& job, const std::string& actor);
Event JobReleaseEvent(const Job& job, const std::string& actor);

// Adds `count` jobs of `province` and `kind` in `state` ("done": done in the
// last hour) to the summary's totals.
void CountJobs(JobSummary& summary, const std::string& province, const std::string& kind,
               std::string_view state, std::int64_t count);
// The 24 hours up to the one holding `now` (ISO 8601 UTC), oldest first,
// each with the jobs done in it: `done` by hour as "2024-03-15T08".
std::vector<JobSummary::Hour> LastDayByHour(const std::string& now,
                                            const std::map<std::string, std::int64_t>& done);

}  // namespace sohoa::archive::internal
