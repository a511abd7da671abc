// PgJobQueue: the job queue (archive/jobs.h, schema 5) on PostgreSQL.
// "Now" is the server's now(): the start of the statement's transaction, the
// same for every worker whatever its machine's clock says.
#include "archive/postgres/jobs.h"

#include <map>

#include "archive/blob_store.h"
#include "archive/internal/job_rules.h"

namespace sohoa::archive::postgres {
namespace {

// The columns of a job as ReadJob reads them; `t` the table's alias with
// its dot ("j."), where a statement has another table with an id.
std::string Columns(const std::string& t = "") {
  const auto time = [&](const std::string& column) {
    return "coalesce(" + IsoTime(t + column) + ", '')";
  };
  return t + "id, " + t + "kind, " + t + "dedup_key, " + t + "payload, " + t + "province, " + t +
         "state, " + t + "attempts, " + t + "max_attempts, " + t + "stopped, " + t + "worker, " +
         time("lease_until") + ", " + time("not_before") + ", " + t + "last_error, " + t +
         "result, " + time("created_at") + ", " + time("started_at") + ", " + time("finished_at") +
         ", " + t + "blob";
}

std::string JobsSql(const std::string& rest) {
  return "SELECT " + Columns() + " FROM jobs " + rest;
}

// Which rows still hold `lease`, as $1..$3 (LeaseParams).
constexpr const char* kHeldBy =
    "id = $1::bigint AND state = 'leased' AND worker = $2 AND attempts = $3::int";

std::vector<Param> LeaseParams(const JobLease& lease) {
  return {std::to_string(lease.job_id), lease.worker, std::to_string(lease.attempt)};
}

Job ReadJob(const Rows& rows, int r) {
  Job job;
  job.id = rows.Int(r, 0);
  job.kind = rows.Text(r, 1);
  job.dedup_key = rows.Text(r, 2);
  job.payload = rows.Text(r, 3);
  job.province = rows.Text(r, 4);
  job.state = internal::JobStateOf(rows.Text(r, 5));
  job.attempts = static_cast<int>(rows.Int(r, 6));
  job.max_attempts = static_cast<int>(rows.Int(r, 7));
  job.stopped = static_cast<int>(rows.Int(r, 8));
  job.worker = rows.Text(r, 9);
  job.lease_until = rows.Text(r, 10);
  job.not_before = rows.Text(r, 11);
  job.last_error = rows.Text(r, 12);
  job.result = rows.Text(r, 13);
  job.created_at = rows.Text(r, 14);
  job.started_at = rows.Text(r, 15);
  job.finished_at = rows.Text(r, 16);
  job.blob = rows.Text(r, 17);
  return job;
}

Result<std::vector<Job>> SelectJobs(Connection& db, const std::string& sql,
                                    const std::vector<Param>& params) {
  SOHOA_ASSIGN_OR_RETURN(Rows rows, db.Query(sql, params));
  std::vector<Job> jobs;
  jobs.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) jobs.push_back(ReadJob(rows, r));
  return jobs;
}

Result<std::optional<Job>> FirstJob(Connection& db, const std::string& sql,
                                    const std::vector<Param>& params) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<Job> jobs, SelectJobs(db, sql, params));
  if (jobs.empty()) return std::optional<Job>();
  return std::optional<Job>(std::move(jobs.front()));
}

Result<std::optional<Job>> FindJob(Connection& db, std::int64_t job_id, bool lock) {
  return FirstJob(db, JobsSql(std::string("WHERE id = $1::bigint") + (lock ? " FOR UPDATE" : "")),
                  {std::to_string(job_id)});
}

// After a change of `lease` that found no row: why.
Status Lost(Connection& db, const JobLease& lease) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> job, FindJob(db, lease.job_id, false));
  return internal::LeaseLost(lease, job);
}

// Takes back every job whose lease ran out that no other claim is taking
// back at this moment; inside the claim's transaction.
Status TakeBackLapsedLeases(Connection& db) {
  SOHOA_ASSIGN_OR_RETURN(
      std::vector<Job> lapsed,
      SelectJobs(
          db,
          JobsSql(
              "WHERE state = 'leased' AND lease_until <= now() ORDER BY id FOR UPDATE SKIP LOCKED"),
          {}));
  for (const Job& job : lapsed) {
    const internal::LapsedLease after =
        internal::AfterLapse(job.attempts, job.max_attempts, job.stopped + 1, job.last_error);
    if (after.fails) {
      SOHOA_RETURN_IF_ERROR(
          db.Run("UPDATE jobs SET state = 'failed', stopped = stopped + 1, last_error = $2, "
                 "lease_until = NULL, finished_at = now() WHERE id = $1::bigint",
                 {std::to_string(job.id), after.reason}));
      SOHOA_RETURN_IF_ERROR(InsertEvent(db, internal::JobFailedEvent(job, after.reason)));
    } else {
      SOHOA_RETURN_IF_ERROR(
          db.Run("UPDATE jobs SET state = 'waiting', stopped = stopped + 1, lease_until = NULL, "
                 "not_before = now() WHERE id = $1::bigint",
                 {std::to_string(job.id)}));
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckLeaseHeld(Connection& db, const JobLease& lease) {
  SOHOA_ASSIGN_OR_RETURN(
      Rows held, db.Query(std::string("SELECT id FROM jobs WHERE ") + kHeldBy + " FOR KEY SHARE",
                          LeaseParams(lease)));
  return held.empty() ? Lost(db, lease) : Status::Ok();
}

Result<Enqueued> PgJobQueue::Enqueue(const NewJob& job) {
  SOHOA_RETURN_IF_ERROR(internal::CheckNewJob(job));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // A concurrent enqueue of the same key makes this one wait for it to
  // commit, and then do nothing: the select below sees its job.
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> added,
                         FirstJob(*db,
                                  "INSERT INTO jobs (kind, dedup_key, payload, province, "
                                  "max_attempts, blob) VALUES ($1, $2, $3, $4, $5::int, $6) "
                                  "ON CONFLICT (dedup_key) DO NOTHING RETURNING " +
                                      Columns(),
                                  {job.kind, job.dedup_key, job.payload, job.province,
                                   std::to_string(job.max_attempts), CanonicalAddress(job.blob)}));
  if (added) return Enqueued{std::move(*added), true};
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> existing,
                         FirstJob(*db, JobsSql("WHERE dedup_key = $1"), {job.dedup_key}));
  if (!existing) return Internal("job " + job.dedup_key + " was neither added nor found");
  return Enqueued{std::move(*existing), false};
}

Result<std::optional<Job>> PgJobQueue::Claim(const std::string& worker,
                                             const std::vector<std::string>& kinds,
                                             int lease_seconds) {
  SOHOA_RETURN_IF_ERROR(internal::CheckClaim(worker, lease_seconds));
  std::vector<Param> params = {worker, std::to_string(lease_seconds)};
  std::string of_kinds;
  if (!kinds.empty()) {
    params.emplace_back(TextArray(kinds));
    of_kinds = " AND kind = ANY($3::text[])";
  }
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(TakeBackLapsedLeases(*db));
  // A job another claim has locked is skipped, not waited for; one another
  // claim took since this statement began is re-read, found leased, and
  // passed over for the next.
  SOHOA_ASSIGN_OR_RETURN(
      std::optional<Job> claimed,
      FirstJob(*db,
               "WITH next AS (SELECT id FROM jobs WHERE state = 'waiting' AND not_before <= now()" +
                   of_kinds +
                   " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                   "UPDATE jobs j SET state = 'leased', attempts = j.attempts + 1, worker = $1, "
                   "lease_until = now() + $2::int * interval '1 second', started_at = now() "
                   "FROM next WHERE j.id = next.id RETURNING " +
                   Columns("j."),
               params));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return claimed;
}

Status PgJobQueue::Renew(const JobLease& lease, int lease_seconds) {
  SOHOA_RETURN_IF_ERROR(internal::CheckClaim(lease.worker, lease_seconds));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  std::vector<Param> params = LeaseParams(lease);
  params.emplace_back(std::to_string(lease_seconds));
  SOHOA_ASSIGN_OR_RETURN(Rows renewed,
                         db->Query(std::string("UPDATE jobs SET lease_until = now() + $4::int * "
                                               "interval '1 second' WHERE ") +
                                       kHeldBy + " RETURNING id",
                                   params));
  return renewed.empty() ? Lost(*db, lease) : Status::Ok();
}

Status PgJobQueue::Complete(const JobLease& lease, const std::string& result) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  std::vector<Param> params = LeaseParams(lease);
  params.emplace_back(result);
  SOHOA_ASSIGN_OR_RETURN(Rows done,
                         db->Query(std::string("UPDATE jobs SET state = 'done', result = $4, "
                                               "lease_until = NULL, finished_at = now() WHERE ") +
                                       kHeldBy + " RETURNING id",
                                   params));
  return done.empty() ? Lost(*db, lease) : Status::Ok();
}

Result<JobState> PgJobQueue::Fail(const JobLease& lease, const std::string& reason,
                                  bool retryable) {
  SOHOA_RETURN_IF_ERROR(internal::CheckReason(reason));
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(
      std::optional<Job> job,
      FirstJob(*db, JobsSql(std::string("WHERE ") + kHeldBy + " FOR UPDATE"), LeaseParams(lease)));
  if (!job) return Lost(*db, lease);
  const std::string id = std::to_string(job->id);
  if (retryable && job->attempts < job->max_attempts) {
    SOHOA_RETURN_IF_ERROR(
        db->Run("UPDATE jobs SET state = 'waiting', last_error = $2, lease_until = NULL, "
                "not_before = now() + $3::int * interval '1 second' WHERE id = $1::bigint",
                {id, reason, std::to_string(JobBackoffSeconds(job->attempts))}));
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    return JobState::kWaiting;
  }
  SOHOA_RETURN_IF_ERROR(
      db->Run("UPDATE jobs SET state = 'failed', last_error = $2, lease_until = NULL, "
              "finished_at = now() WHERE id = $1::bigint",
              {id, reason}));
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, internal::JobFailedEvent(*job, reason)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return JobState::kFailed;
}

Status PgJobQueue::Retry(std::int64_t job_id, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> job, FindJob(*db, job_id, true));
  if (!job) return internal::NoSuchJob(job_id);
  if (job->state != JobState::kFailed && job->state != JobState::kWaiting)
    return internal::CannotRetry(*job);
  SOHOA_RETURN_IF_ERROR(
      db->Run("UPDATE jobs SET state = 'waiting', attempts = 0, stopped = 0, not_before = now(), "
              "finished_at = NULL WHERE id = $1::bigint",
              {std::to_string(job_id)}));
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, internal::JobRetryEvent(*job, actor)));
  return tx.Commit();
}

Status PgJobQueue::ExpireLease(std::int64_t job_id, const std::string& actor) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> job, FindJob(*db, job_id, true));
  if (!job) return internal::NoSuchJob(job_id);
  if (job->state != JobState::kLeased) return internal::NotLeased(*job);
  SOHOA_RETURN_IF_ERROR(
      db->Run("UPDATE jobs SET lease_until = least(lease_until, now()) WHERE id = $1::bigint",
              {std::to_string(job_id)}));
  SOHOA_RETURN_IF_ERROR(InsertEvent(*db, internal::JobReleaseEvent(*job, actor)));
  return tx.Commit();
}

Result<std::optional<Job>> PgJobQueue::Find(std::int64_t job_id) {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return FindJob(*db, job_id, false);
}

Result<std::vector<Job>> PgJobQueue::List(JobState state, int limit) {
  SOHOA_RETURN_IF_ERROR(internal::CheckJobLimit(limit));
  // Literal states, so that the planner sees the partial index each may use.
  std::string where;
  switch (state) {
    case JobState::kWaiting:
      where = "WHERE state = 'waiting' ORDER BY id";
      break;
    case JobState::kLeased:
      where = "WHERE state = 'leased' ORDER BY lease_until, id";
      break;
    case JobState::kDone:
      where = "WHERE state = 'done' ORDER BY finished_at DESC, id DESC";
      break;
    case JobState::kFailed:
      where = "WHERE state = 'failed' ORDER BY finished_at DESC, id DESC";
      break;
  }
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  return SelectJobs(*db, JobsSql(where + " LIMIT $1::int"), {std::to_string(limit)});
}

Result<JobSummary> PgJobQueue::Summary() {
  SOHOA_ASSIGN_OR_RETURN(Pool::Lease db, context_.pool.Acquire());
  // One snapshot and one now() for every figure.
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*db));
  SOHOA_RETURN_IF_ERROR(db->Run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  JobSummary summary;
  SOHOA_ASSIGN_OR_RETURN(Rows now, db->Query("SELECT " + IsoTime("now()")));
  summary.now = now.Text(0, 0);
  SOHOA_ASSIGN_OR_RETURN(
      Rows counts,
      db->Query("SELECT province, kind, state, count(*) FROM jobs "
                "WHERE state IN ('waiting', 'leased', 'failed') GROUP BY province, kind, state "
                "UNION ALL SELECT province, kind, 'done', count(*) FROM jobs "
                "WHERE state = 'done' AND finished_at >= now() - interval '1 hour' "
                "GROUP BY province, kind"));
  for (int r = 0; r < counts.size(); ++r) {
    internal::CountJobs(summary, counts.Text(r, 0), counts.Text(r, 1), counts.Text(r, 2),
                        counts.Int(r, 3));
  }
  SOHOA_ASSIGN_OR_RETURN(
      summary.leased,
      SelectJobs(*db, JobsSql("WHERE state = 'leased' ORDER BY lease_until, id"), {}));
  SOHOA_ASSIGN_OR_RETURN(
      summary.recent_failures,
      SelectJobs(*db,
                 JobsSql("WHERE state = 'failed' ORDER BY finished_at DESC, id DESC LIMIT $1::int"),
                 {std::to_string(JobSummary::kRecentFailures)}));
  std::map<std::string, std::int64_t> done;
  const std::vector<JobSummary::Hour> hours = internal::LastDayByHour(summary.now, done);
  if (!hours.empty()) {
    SOHOA_ASSIGN_OR_RETURN(
        Rows per_hour,
        db->Query("SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24'), count(*) "
                  "FROM jobs WHERE state = 'done' AND finished_at >= $1::timestamptz GROUP BY 1",
                  {hours.front().start}));
    for (int r = 0; r < per_hour.size(); ++r) done[per_hour.Text(r, 0)] = per_hour.Int(r, 1);
  }
  summary.done_per_hour = internal::LastDayByHour(summary.now, done);
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return summary;
}

}  // namespace sohoa::archive::postgres
