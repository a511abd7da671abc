#include "archive/internal/job_rules.h"

#include <cstdio>
#include <ctime>

#include "archive/blob_store.h"

namespace sohoa::archive::internal {
namespace {

std::string Times(int n) { return n == 1 ? "once" : std::to_string(n) + " times"; }

std::string JobObject(std::int64_t job_id) { return "job:" + std::to_string(job_id); }

std::string Attempt(const JobLease& lease) {
  return lease.worker + " (attempt " + std::to_string(lease.attempt) + ")";
}

}  // namespace

Status CheckNewJob(const NewJob& job) {
  if (job.kind.empty()) return InvalidArgument("a job needs a kind (ingest, ...)");
  if (job.dedup_key.empty())
    return InvalidArgument("a job of kind " + job.kind + " needs a dedup key");
  if (job.max_attempts < 1) {
    return InvalidArgument("job " + job.dedup_key + ": max attempts must be 1 or more, not " +
                           std::to_string(job.max_attempts));
  }
  if (!job.blob.empty() && !IsBlobAddress(job.blob)) {
    return InvalidArgument("job " + job.dedup_key + ": its blob must be a sha256 address, not '" +
                           job.blob + "'");
  }
  return Status::Ok();
}

Status CheckClaim(const std::string& worker, int lease_seconds) {
  if (worker.empty()) return InvalidArgument("a worker claiming a job must say who it is");
  if (lease_seconds < 1 || lease_seconds > kMaxLeaseSeconds) {
    return InvalidArgument("a lease lasts 1 to " + std::to_string(kMaxLeaseSeconds) +
                           " seconds, not " + std::to_string(lease_seconds));
  }
  return Status::Ok();
}

Status CheckReason(const std::string& reason) {
  if (reason.empty())
    return InvalidArgument("a failed attempt needs a reason: the operator reads it in the queue");
  return Status::Ok();
}

Status CheckJobLimit(int limit) {
  if (limit < 1)
    return InvalidArgument("a list of jobs needs a limit of 1 or more, not " +
                           std::to_string(limit));
  return Status::Ok();
}

JobState JobStateOf(std::string_view name) {
  return ParseJobState(name).value_or(JobState::kWaiting);
}

LapsedLease AfterLapse(int attempts, int max_attempts, int stopped, const std::string& last_error) {
  if (attempts < max_attempts) return {};
  std::string reason = "its worker stopped " + Times(stopped) + " while working on it";
  // An earlier attempt may have failed in a way the worker could still tell.
  if (!last_error.empty()) reason += "; an earlier attempt failed: " + last_error;
  return {true, std::move(reason)};
}

Status LeaseLost(const JobLease& lease, const std::optional<Job>& job) {
  if (!job) return NoSuchJob(lease.job_id);
  std::string what;
  switch (job->state) {
    case JobState::kLeased:
      what = "its lease ran out and " + Attempt(job->lease()) + " holds it now";
      break;
    case JobState::kWaiting:
      what = "it waits to be claimed again";
      break;
    case JobState::kDone:
      what = "it is done" + (job->worker.empty() ? std::string() : ", by " + job->worker);
      break;
    case JobState::kFailed:
      what = "it failed: " + job->last_error;
      break;
  }
  return FailedPrecondition("job " + std::to_string(lease.job_id) + " is no longer held by " +
                            Attempt(lease) + ": " + what + "; stop working on it");
}

Status CannotRetry(const Job& job) {
  return FailedPrecondition("job " + std::to_string(job.id) + " is " +
                            std::string(JobStateName(job.state)) +
                            ": only a failed or waiting job can be retried");
}

Status NotLeased(const Job& job) {
  return FailedPrecondition("job " + std::to_string(job.id) + " is " +
                            std::string(JobStateName(job.state)) + ": it has no lease to end");
}

Status NoSuchJob(std::int64_t job_id) {
  return NotFound("there is no job " + std::to_string(job_id) + "; `sohoa status` lists the queue");
}

Event JobFailedEvent(const Job& job, const std::string& reason) {
  Event event;
  event.type = "job-failed";
  event.object = JobObject(job.id);
  event.actor = "sohoa";
  event.outcome = "failure";
  event.detail = job.kind + " " + job.dedup_key + " after " + std::to_string(job.attempts) +
                 " of " + std::to_string(job.max_attempts) + " attempts: " + reason;
  return event;
}

Event JobRetryEvent(const Job& job, const std::string& actor) {
  Event event;
  event.type = "job-retry";
  event.object = JobObject(job.id);
  event.actor = actor;
  event.outcome = "success";
  event.detail = job.kind + " " + job.dedup_key + ", " + std::string(JobStateName(job.state)) +
                 " after " + std::to_string(job.attempts) + " attempts" +
                 (job.last_error.empty() ? std::string() : ": " + job.last_error);
  return event;
}

Event JobReleaseEvent(const Job& job, const std::string& actor) {
  Event event;
  event.type = "job-release";
  event.object = JobObject(job.id);
  event.actor = actor;
  event.outcome = "success";
  event.detail =
      job.kind + " " + job.dedup_key + ": the lease of " + Attempt(job.lease()) + " ended by hand";
  return event;
}

void CountJobs(JobSummary& summary, const std::string& province, const std::string& kind,
               std::string_view state, std::int64_t count) {
  for (JobCounts* counts :
       {&summary.total, &summary.by_province[province], &summary.by_kind[kind]}) {
    if (state == "waiting") counts->waiting += count;
    if (state == "leased") counts->leased += count;
    if (state == "failed") counts->failed += count;
    if (state == "done") counts->done_last_hour += count;
  }
}

std::vector<JobSummary::Hour> LastDayByHour(const std::string& now,
                                            const std::map<std::string, std::int64_t>& done) {
  std::tm hour{};
  if (std::sscanf(now.c_str(), "%4d-%2d-%2dT%2d", &hour.tm_year, &hour.tm_mon, &hour.tm_mday,
                  &hour.tm_hour) != 4) {
    return {};
  }
  hour.tm_year -= 1900;
  hour.tm_mon -= 1;
  const std::time_t current = timegm(&hour);
  std::vector<JobSummary::Hour> out;
  for (int back = 23; back >= 0; --back) {
    const std::time_t start = current - static_cast<std::time_t>(back) * 3600;
    std::tm t{};
    gmtime_r(&start, &t);
    char key[16];
    std::strftime(key, sizeof key, "%Y-%m-%dT%H", &t);
    const auto found = done.find(key);
    out.push_back({std::string(key) + ":00:00Z", found == done.end() ? 0 : found->second});
  }
  return out;
}

}  // namespace sohoa::archive::internal
