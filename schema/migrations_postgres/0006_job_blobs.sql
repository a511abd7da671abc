-- sohoa's PostgreSQL catalog, schema 6: the blob a job carries, as the SQLite
-- catalog's schema 12 (schema/migrations/0012_job_blobs.sql says why): the
-- sha256 of the job's input in the blob store, '' for none; the blob of every
-- job not done counts as referenced.
ALTER TABLE jobs ADD COLUMN blob text NOT NULL DEFAULT '';
CREATE INDEX jobs_blobs ON jobs (blob) WHERE blob <> '' AND state <> 'done';
