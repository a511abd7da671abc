-- sohoa catalog, schema 7: which source files are archived whole.
-- A stack file holds several dossiers, each stored in its own transaction,
-- so "some document came from these bytes" does not mean the file is done:
-- a run killed after the first dossier of five left the other four unstored
-- while a re-run took the file for archived. A source is archived once every
-- dossier it holds is stored; the pipeline records that here after the last.
CREATE TABLE sources (
  sha256       TEXT PRIMARY KEY,
  dossiers     INTEGER NOT NULL,   -- how many dossiers the file held
  completed_at TEXT NOT NULL
) WITHOUT ROWID;

-- What earlier versions stored was stored whole.
INSERT INTO sources (sha256, dossiers, completed_at)
  SELECT source_sha256, COUNT(DISTINCT dossier_id), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM documents WHERE source_sha256 != '' GROUP BY source_sha256;
