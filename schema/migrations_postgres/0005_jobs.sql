-- sohoa's PostgreSQL catalog, schema 5: the job queue (archive/jobs.h), as
-- the SQLite catalog's schema 11 (schema/migrations/0011_jobs.sql says what
-- each column is for), with times as timestamptz from the server's clock.
-- Many workers claim at once here: a claim locks the oldest waiting job it
-- can with FOR UPDATE SKIP LOCKED (archive/postgres/jobs.cc), so two workers
-- never wait for each other nor take the same job.
--
-- `sohoa migrate` copies a home's jobs as they are: a job leased in the
-- SQLite catalog stays leased until its lease runs out, then the next claim
-- takes it back, as for any worker that stopped.
CREATE TABLE jobs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind <> ''),
  dedup_key    text NOT NULL UNIQUE CHECK (dedup_key <> ''),
  payload      text NOT NULL DEFAULT '',
  province     text NOT NULL DEFAULT '',
  state        text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'leased', 'done', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL CHECK (max_attempts > 0),
  stopped      integer NOT NULL DEFAULT 0,
  worker       text NOT NULL DEFAULT '',
  lease_until  timestamptz,
  not_before   timestamptz NOT NULL DEFAULT now(),
  last_error   text NOT NULL DEFAULT '',
  result       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz,
  CHECK ((state = 'leased') = (lease_until IS NOT NULL)),
  CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL))
);
CREATE INDEX jobs_waiting ON jobs (id) WHERE state = 'waiting';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'leased';
CREATE INDEX jobs_done ON jobs (finished_at) WHERE state = 'done';
CREATE INDEX jobs_by_state ON jobs (state, province, kind);
