-- sohoa catalog, schema 1: procedures, dossiers, documents, pages, fields,
-- the append-only event log and the full-text index over page text.
-- Applied inside one transaction by archive/catalog.cc, which also sets
-- PRAGMA user_version and application_id. Timestamps are ISO 8601 UTC text.

-- The procedure catalog (TTHC), loaded from schema/procedures.csv and
-- replaceable by `sohoa catalog import`. Dossiers copy the procedure's code,
-- name and field, so replacing the catalog never orphans them.
CREATE TABLE procedures (
  code                  TEXT PRIMARY KEY,
  position              INTEGER NOT NULL,            -- order in the imported file
  name                  TEXT NOT NULL,
  field                 TEXT NOT NULL DEFAULT '',
  level                 TEXT NOT NULL DEFAULT '',
  form_titles           TEXT NOT NULL DEFAULT '',    -- '|'-separated, as in the CSV
  result_titles         TEXT NOT NULL DEFAULT '',
  requires_paper_result INTEGER NOT NULL DEFAULT 0 CHECK (requires_paper_result IN (0, 1)),
  code_status           TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE dossiers (
  id                   INTEGER PRIMARY KEY,
  code                 TEXT NOT NULL UNIQUE,           -- 000.31.22.H32-230620-0017
  code_source          TEXT NOT NULL DEFAULT '',
  agency_code          TEXT NOT NULL DEFAULT '',
  received_date        TEXT NOT NULL DEFAULT '',       -- YYYY-MM-DD, '' when unknown
  procedure_code       TEXT NOT NULL DEFAULT '',       -- '' when not classified
  procedure_name       TEXT NOT NULL DEFAULT '',
  field                TEXT NOT NULL DEFAULT '',
  procedure_confidence REAL NOT NULL DEFAULT 0,
  applicant            TEXT NOT NULL DEFAULT '',
  status               TEXT NOT NULL DEFAULT 'archived',
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX dossiers_by_procedure ON dossiers (procedure_code);
CREATE INDEX dossiers_by_received_date ON dossiers (received_date);

CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  dossier_id    INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  number        INTEGER NOT NULL CHECK (number > 0),   -- 1-based within the dossier
  kind          TEXT NOT NULL,                         -- receipt | form | id_copy | result | other
  title         TEXT NOT NULL DEFAULT '',
  -- Not unique per dossier: a stack scanned as one file yields several
  -- documents with the same source.
  source_sha256 TEXT NOT NULL DEFAULT '',
  source_name   TEXT NOT NULL DEFAULT '',
  media_type    TEXT NOT NULL DEFAULT '',
  source_bytes  INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  UNIQUE (dossier_id, number)
);
CREATE INDEX documents_by_source ON documents (source_sha256);

CREATE TABLE pages (
  id           INTEGER PRIMARY KEY,                    -- also the rowid in page_search
  document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  number       INTEGER NOT NULL CHECK (number > 0),    -- 1-based within the document
  image_sha256 TEXT NOT NULL DEFAULT '',
  source_page  INTEGER NOT NULL DEFAULT 0,             -- 0-based index in the source file
  text         TEXT NOT NULL DEFAULT '',               -- NFC, as recognised
  confidence   REAL NOT NULL DEFAULT 0,
  rotation     INTEGER NOT NULL DEFAULT 0,
  skew_degrees REAL NOT NULL DEFAULT 0,
  dpi          INTEGER NOT NULL DEFAULT 0,
  width        INTEGER NOT NULL DEFAULT 0,
  height       INTEGER NOT NULL DEFAULT 0,
  -- Recognised words with boxes and confidences, packed by
  -- archive/internal/word_codec.cc (format byte first); NULL when none.
  words        BLOB,
  UNIQUE (document_id, number)
);
CREATE INDEX pages_by_image ON pages (image_sha256);

CREATE TABLE fields (
  id         INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,                            -- applicant_name, citizen_id, ...
  value      TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  source     TEXT NOT NULL DEFAULT ''                  -- barcode | ocr | filename | register | manual
);
CREATE INDEX fields_by_dossier ON fields (dossier_id);
CREATE INDEX fields_by_value ON fields (value);

-- Who did what to which object, when. Append-only: the triggers below make
-- the database itself refuse to rewrite history, whatever program asks.
CREATE TABLE events (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  type    TEXT NOT NULL,                               -- ingestion, quarantine, view, ...
  object  TEXT NOT NULL,                               -- dossier code or file name
  actor   TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_object ON events (object, id);

CREATE TRIGGER events_are_not_updated BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed');
END;

CREATE TRIGGER events_are_not_deleted BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted');
END;

-- Full-text index, one row per page (rowid = pages.id). Two versions of
-- each text: `exact` keeps tone marks (lower case), `folded` drops case,
-- tone marks and đ/Đ (sohoa::FoldForSearch), because unicode61's own
-- remove_diacritics leaves đ alone. `meta_*` hold the dossier's applicant,
-- procedure name and field values plus the document title; `code` the
-- dossier code.
CREATE VIRTUAL TABLE page_search USING fts5 (
  exact, folded, meta_exact, meta_folded, code,
  tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER pages_leave_the_index AFTER DELETE ON pages
BEGIN
  DELETE FROM page_search WHERE rowid = old.id;
END;
