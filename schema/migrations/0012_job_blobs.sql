-- sohoa catalog, schema 12: the blob a job carries (archive/jobs.h). `sohoa
-- watch --queue` puts an inbox entry into the blob store (a file as it is, a
-- folder as one tar) before it queues the job that names it, and nothing else
-- in the catalog points at that blob until the job's dossiers are stored: the
-- catalog's referenced blobs include the blob of every job not done, so that
-- `sohoa verify --repair` never takes a queued original for an orphan.
ALTER TABLE jobs ADD COLUMN blob TEXT NOT NULL DEFAULT '';  -- sha256 of its input; '' for none
CREATE INDEX jobs_blobs ON jobs (blob) WHERE blob <> '' AND state <> 'done';
