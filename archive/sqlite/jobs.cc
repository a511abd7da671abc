// SqliteJobQueue: the job queue (archive/jobs.h, schema 11) in the SQLite
// catalog. Times are ISO 8601 UTC text with milliseconds, all written by
// SQLite's clock in one format, so comparing them as text compares times.
#include "archive/sqlite/jobs.h"

#include <map>

#include "archive/blob_store.h"
#include "archive/internal/job_rules.h"

namespace sohoa::archive {
namespace {

using internal::Db;
using internal::Stmt;
using internal::Transaction;

constexpr const char* kColumns =
    "id, kind, dedup_key, payload, province, state, attempts, max_attempts, stopped, worker, "
    "coalesce(lease_until, ''), not_before, last_error, result, created_at, "
    "coalesce(started_at, ''), coalesce(finished_at, ''), blob";

std::string SelectJobs(const std::string& rest) {
  return std::string("SELECT ") + kColumns + " FROM jobs " + rest;
}

// The strftime modifier of a time `seconds` from now: "+30 seconds".
std::string SecondsFromNow(int seconds) { return "+" + std::to_string(seconds) + " seconds"; }

// SQL: the time `?n` (a modifier from SecondsFromNow) after now.
std::string Later(int n) {
  return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?" + std::to_string(n) + ")";
}

// Which rows still hold `lease`, binding ?1..?3.
constexpr const char* kHeldBy = "id = ?1 AND state = 'leased' AND worker = ?2 AND attempts = ?3";

Stmt& BindLease(Stmt& stmt, const JobLease& lease) {
  return stmt.Bind(1, lease.job_id).Bind(2, lease.worker).Bind(3, lease.attempt);
}

Job ReadJob(const Stmt& s) {
  Job job;
  job.id = s.Int(0);
  job.kind = s.Text(1);
  job.dedup_key = s.Text(2);
  job.payload = s.Text(3);
  job.province = s.Text(4);
  job.state = internal::JobStateOf(s.Text(5));
  job.attempts = static_cast<int>(s.Int(6));
  job.max_attempts = static_cast<int>(s.Int(7));
  job.stopped = static_cast<int>(s.Int(8));
  job.worker = s.Text(9);
  job.lease_until = s.Text(10);
  job.not_before = s.Text(11);
  job.last_error = s.Text(12);
  job.result = s.Text(13);
  job.created_at = s.Text(14);
  job.started_at = s.Text(15);
  job.finished_at = s.Text(16);
  job.blob = s.Text(17);
  return job;
}

Result<std::vector<Job>> ReadJobs(Stmt& select) {
  std::vector<Job> jobs;
  while (true) {
    SOHOA_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    jobs.push_back(ReadJob(select));
  }
  return jobs;
}

// The first job `select` returns, stepping it to its end: an UPDATE ...
// RETURNING must be finished before its transaction commits.
Result<std::optional<Job>> FirstJob(Stmt& select) {
  SOHOA_ASSIGN_OR_RETURN(std::vector<Job> jobs, ReadJobs(select));
  if (jobs.empty()) return std::optional<Job>();
  return std::optional<Job>(std::move(jobs.front()));
}

Result<std::optional<Job>> FindJob(Db& db, std::int64_t job_id) {
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare(SelectJobs("WHERE id = ?1")));
  select.Bind(1, job_id);
  return FirstJob(select);
}

// After an UPDATE of `lease` that found no row: why.
Status Lost(Db& db, const JobLease& lease) {
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> job, FindJob(db, lease.job_id));
  return internal::LeaseLost(lease, job);
}

// Takes back every job whose lease ran out; inside the claim's transaction.
Status TakeBackLapsedLeases(Db& db) {
  SOHOA_ASSIGN_OR_RETURN(
      Stmt select,
      db.Prepare(SelectJobs("WHERE state = 'leased' AND lease_until <= " SOHOA_SQL_NOW)));
  SOHOA_ASSIGN_OR_RETURN(std::vector<Job> lapsed, ReadJobs(select));
  for (const Job& job : lapsed) {
    const internal::LapsedLease after =
        internal::AfterLapse(job.attempts, job.max_attempts, job.stopped + 1, job.last_error);
    if (after.fails) {
      SOHOA_ASSIGN_OR_RETURN(Stmt fail,
                             db.Prepare("UPDATE jobs SET state = 'failed', stopped = stopped + 1, "
                                        "last_error = ?2, lease_until = NULL, "
                                        "finished_at = " SOHOA_SQL_NOW " WHERE id = ?1"));
      fail.Bind(1, job.id).Bind(2, after.reason);
      SOHOA_RETURN_IF_ERROR(fail.Run());
      SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, internal::JobFailedEvent(job, after.reason)));
    } else {
      SOHOA_ASSIGN_OR_RETURN(
          Stmt again,
          db.Prepare("UPDATE jobs SET state = 'waiting', stopped = stopped + 1, "
                     "lease_until = NULL, not_before = " SOHOA_SQL_NOW " WHERE id = ?1"));
      again.Bind(1, job.id);
      SOHOA_RETURN_IF_ERROR(again.Run());
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckLeaseHeld(Db& db, const JobLease& lease) {
  SOHOA_ASSIGN_OR_RETURN(Stmt held, db.Prepare(std::string("SELECT id FROM jobs WHERE ") + kHeldBy));
  BindLease(held, lease);
  SOHOA_ASSIGN_OR_RETURN(bool row, held.Step());
  SOHOA_RETURN_IF_ERROR(held.Run());
  return row ? Status::Ok() : Lost(db, lease);
}

Result<Enqueued> SqliteJobQueue::Enqueue(const NewJob& job) {
  SOHOA_RETURN_IF_ERROR(internal::CheckNewJob(job));
  Db& db = catalog_.db();
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt insert,
        db.Prepare(
            std::string("INSERT INTO jobs (kind, dedup_key, payload, province, max_attempts, "
                        "blob, not_before, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " SOHOA_SQL_NOW
                        ", " SOHOA_SQL_NOW ") ON CONFLICT (dedup_key) DO NOTHING RETURNING ") +
            kColumns));
    insert.Bind(1, job.kind)
        .Bind(2, job.dedup_key)
        .Bind(3, job.payload)
        .Bind(4, job.province)
        .Bind(5, job.max_attempts)
        .Bind(6, CanonicalAddress(job.blob));
    SOHOA_ASSIGN_OR_RETURN(std::optional<Job> added, FirstJob(insert));
    if (added) return Enqueued{std::move(*added), true};
  }
  SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare(SelectJobs("WHERE dedup_key = ?1")));
  select.Bind(1, job.dedup_key);
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> existing, FirstJob(select));
  if (!existing) return Internal("job " + job.dedup_key + " was neither added nor found");
  return Enqueued{std::move(*existing), false};
}

Result<std::optional<Job>> SqliteJobQueue::Claim(const std::string& worker,
                                                 const std::vector<std::string>& kinds,
                                                 int lease_seconds) {
  SOHOA_RETURN_IF_ERROR(internal::CheckClaim(worker, lease_seconds));
  std::string of_kinds;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    of_kinds += (i == 0 ? " AND kind IN (?" : ", ?") + std::to_string(i + 3);
  }
  if (!kinds.empty()) of_kinds += ")";
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_RETURN_IF_ERROR(TakeBackLapsedLeases(db));
  std::optional<Job> claimed;
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt claim,
        db.Prepare("UPDATE jobs SET state = 'leased', attempts = attempts + 1, worker = ?1, "
                   "lease_until = " +
                   Later(2) +
                   ", started_at = " SOHOA_SQL_NOW " WHERE id = (SELECT id FROM jobs WHERE state = "
                                                   "'waiting' AND not_before <= " SOHOA_SQL_NOW +
                   of_kinds + " ORDER BY id LIMIT 1) RETURNING " + kColumns));
    claim.Bind(1, worker).Bind(2, SecondsFromNow(lease_seconds));
    for (std::size_t i = 0; i < kinds.size(); ++i) claim.Bind(static_cast<int>(i + 3), kinds[i]);
    SOHOA_ASSIGN_OR_RETURN(claimed, FirstJob(claim));
  }
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return claimed;
}

Status SqliteJobQueue::Renew(const JobLease& lease, int lease_seconds) {
  SOHOA_RETURN_IF_ERROR(internal::CheckClaim(lease.worker, lease_seconds));
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Stmt renew, db.Prepare("UPDATE jobs SET lease_until = " + Later(4) +
                                                " WHERE " + kHeldBy + " RETURNING id"));
  BindLease(renew, lease).Bind(4, SecondsFromNow(lease_seconds));
  SOHOA_ASSIGN_OR_RETURN(bool held, renew.Step());
  SOHOA_RETURN_IF_ERROR(renew.Run());
  return held ? Status::Ok() : Lost(db, lease);
}

Status SqliteJobQueue::Complete(const JobLease& lease, const std::string& result) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(
      Stmt done,
      db.Prepare(std::string("UPDATE jobs SET state = 'done', result = ?4, "
                             "lease_until = NULL, finished_at = " SOHOA_SQL_NOW " WHERE ") +
                 kHeldBy + " RETURNING id"));
  BindLease(done, lease).Bind(4, result);
  SOHOA_ASSIGN_OR_RETURN(bool held, done.Step());
  SOHOA_RETURN_IF_ERROR(done.Run());
  return held ? Status::Ok() : Lost(db, lease);
}

Result<JobState> SqliteJobQueue::Fail(const JobLease& lease, const std::string& reason,
                                      bool retryable) {
  SOHOA_RETURN_IF_ERROR(internal::CheckReason(reason));
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  std::optional<Job> job;
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt select, db.Prepare(SelectJobs(std::string("WHERE ") + kHeldBy)));
    BindLease(select, lease);
    SOHOA_ASSIGN_OR_RETURN(job, FirstJob(select));
  }
  if (!job) return Lost(db, lease);
  if (retryable && job->attempts < job->max_attempts) {
    SOHOA_ASSIGN_OR_RETURN(Stmt again,
                           db.Prepare("UPDATE jobs SET state = 'waiting', last_error = ?2, "
                                      "lease_until = NULL, not_before = " +
                                      Later(3) + " WHERE id = ?1"));
    again.Bind(1, job->id)
        .Bind(2, reason)
        .Bind(3, SecondsFromNow(JobBackoffSeconds(job->attempts)));
    SOHOA_RETURN_IF_ERROR(again.Run());
    SOHOA_RETURN_IF_ERROR(tx.Commit());
    return JobState::kWaiting;
  }
  SOHOA_ASSIGN_OR_RETURN(
      Stmt fail, db.Prepare("UPDATE jobs SET state = 'failed', last_error = ?2, "
                            "lease_until = NULL, finished_at = " SOHOA_SQL_NOW " WHERE id = ?1"));
  fail.Bind(1, job->id).Bind(2, reason);
  SOHOA_RETURN_IF_ERROR(fail.Run());
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, internal::JobFailedEvent(*job, reason)));
  SOHOA_RETURN_IF_ERROR(tx.Commit());
  return JobState::kFailed;
}

Status SqliteJobQueue::Retry(std::int64_t job_id, const std::string& actor) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> job, FindJob(db, job_id));
  if (!job) return internal::NoSuchJob(job_id);
  if (job->state != JobState::kFailed && job->state != JobState::kWaiting)
    return internal::CannotRetry(*job);
  SOHOA_ASSIGN_OR_RETURN(
      Stmt again, db.Prepare("UPDATE jobs SET state = 'waiting', attempts = 0, stopped = 0, "
                             "not_before = " SOHOA_SQL_NOW ", finished_at = NULL WHERE id = ?1"));
  again.Bind(1, job_id);
  SOHOA_RETURN_IF_ERROR(again.Run());
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, internal::JobRetryEvent(*job, actor)));
  return tx.Commit();
}

Status SqliteJobQueue::ExpireLease(std::int64_t job_id, const std::string& actor) {
  Db& db = catalog_.db();
  SOHOA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
  SOHOA_ASSIGN_OR_RETURN(std::optional<Job> job, FindJob(db, job_id));
  if (!job) return internal::NoSuchJob(job_id);
  if (job->state != JobState::kLeased) return internal::NotLeased(*job);
  SOHOA_ASSIGN_OR_RETURN(Stmt expire,
                         db.Prepare("UPDATE jobs SET lease_until = min(lease_until, " SOHOA_SQL_NOW
                                    ") WHERE id = ?1"));
  expire.Bind(1, job_id);
  SOHOA_RETURN_IF_ERROR(expire.Run());
  SOHOA_RETURN_IF_ERROR(internal::InsertEvent(db, internal::JobReleaseEvent(*job, actor)));
  return tx.Commit();
}

Result<std::optional<Job>> SqliteJobQueue::Find(std::int64_t job_id) {
  return FindJob(catalog_.db(), job_id);
}

Result<std::vector<Job>> SqliteJobQueue::List(JobState state, int limit) {
  SOHOA_RETURN_IF_ERROR(internal::CheckJobLimit(limit));
  // Literal states, so that SQLite sees the partial index each may use.
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
  SOHOA_ASSIGN_OR_RETURN(Stmt select, catalog_.db().Prepare(SelectJobs(where + " LIMIT ?1")));
  select.Bind(1, limit);
  return ReadJobs(select);
}

Result<JobSummary> SqliteJobQueue::Summary() {
  Db& db = catalog_.db();
  JobSummary summary;
  SOHOA_ASSIGN_OR_RETURN(summary.now, db.QueryText("SELECT " SOHOA_SQL_NOW));
  std::string hour_ago;
  {
    SOHOA_ASSIGN_OR_RETURN(Stmt ago,
                           db.Prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?1, '-1 hour')"));
    ago.Bind(1, summary.now);
    SOHOA_ASSIGN_OR_RETURN(bool row, ago.Step());
    hour_ago = row ? ago.Text(0) : summary.now;
  }
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt counts,
        db.Prepare("SELECT province, kind, state, count(*) FROM jobs "
                   "WHERE state IN ('waiting', 'leased', 'failed') GROUP BY province, kind, state "
                   "UNION ALL SELECT province, kind, 'done', count(*) FROM jobs "
                   "WHERE state = 'done' AND finished_at >= ?1 GROUP BY province, kind"));
    counts.Bind(1, hour_ago);
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, counts.Step());
      if (!row) break;
      internal::CountJobs(summary, counts.Text(0), counts.Text(1), counts.Text(2), counts.Int(3));
    }
  }
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt leased, db.Prepare(SelectJobs("WHERE state = 'leased' ORDER BY lease_until, id")));
    SOHOA_ASSIGN_OR_RETURN(summary.leased, ReadJobs(leased));
  }
  {
    SOHOA_ASSIGN_OR_RETURN(
        Stmt failed, db.Prepare(SelectJobs(
                         "WHERE state = 'failed' ORDER BY finished_at DESC, id DESC LIMIT ?1")));
    failed.Bind(1, JobSummary::kRecentFailures);
    SOHOA_ASSIGN_OR_RETURN(summary.recent_failures, ReadJobs(failed));
  }
  std::map<std::string, std::int64_t> done;
  const std::vector<JobSummary::Hour> hours = internal::LastDayByHour(summary.now, done);
  if (!hours.empty()) {
    SOHOA_ASSIGN_OR_RETURN(Stmt per_hour,
                           db.Prepare("SELECT substr(finished_at, 1, 13), count(*) FROM jobs "
                                      "WHERE state = 'done' AND finished_at >= ?1 GROUP BY 1"));
    // 2024-03-15T08:00:00.000Z: the stored form, so that text compares as time.
    per_hour.Bind(1, hours.front().start.substr(0, 19) + ".000Z");
    while (true) {
      SOHOA_ASSIGN_OR_RETURN(bool row, per_hour.Step());
      if (!row) break;
      done[per_hour.Text(0)] = per_hour.Int(1);
    }
  }
  summary.done_per_hour = internal::LastDayByHour(summary.now, done);
  return summary;
}

}  // namespace sohoa::archive
