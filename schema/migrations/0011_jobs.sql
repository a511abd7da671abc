-- sohoa catalog, schema 11: the job queue (archive/jobs.h). Work for
-- `sohoa worker` processes: a worker claims the oldest waiting job under a
-- lease it renews while it works; a job whose lease runs out (its worker
-- stopped) is claimed again, and fails with the reason once its attempts are
-- spent. Times are ISO 8601 UTC with milliseconds, all from SQLite's clock
-- (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), so that text compares as time.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind <> ''),               -- what to do: ingest, ...
  dedup_key    TEXT NOT NULL UNIQUE CHECK (dedup_key <> ''),   -- enqueued again: this job
  payload      TEXT NOT NULL DEFAULT '',                       -- the enqueuer's (JSON); never read here
  province     TEXT NOT NULL DEFAULT '',                       -- for the status per province; '' unknown
  state        TEXT NOT NULL DEFAULT 'waiting'
               CHECK (state IN ('waiting', 'leased', 'done', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,      -- claims so far; a lease is (id, worker, attempts)
  max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
  stopped      INTEGER NOT NULL DEFAULT 0,      -- leases that ran out: its worker stopped on it
  worker       TEXT NOT NULL DEFAULT '',        -- holding it (leased), else the last to hold it
  lease_until  TEXT,                            -- leased: when the lease runs out unless renewed
  not_before   TEXT NOT NULL,                   -- waiting: not claimed before (a retry's backoff)
  last_error   TEXT NOT NULL DEFAULT '',
  result       TEXT NOT NULL DEFAULT '',        -- done: what the worker recorded
  created_at   TEXT NOT NULL,
  started_at   TEXT,                            -- the latest claim
  finished_at  TEXT,                            -- done or failed
  CHECK ((state = 'leased') = (lease_until IS NOT NULL)),
  CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL))
);
-- A claim walks the waiting jobs oldest first; it takes back the leases
-- that ran out; the status counts by state and reads the last day's done.
CREATE INDEX jobs_waiting ON jobs (id) WHERE state = 'waiting';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'leased';
CREATE INDEX jobs_done ON jobs (finished_at) WHERE state = 'done';
CREATE INDEX jobs_by_state ON jobs (state, province, kind);
