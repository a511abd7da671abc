-- sohoa catalog, schema 5: retention and deletion (the archive's lifecycle),
-- the one-stop register that is the denominator of every rate, agency names,
-- and reuse of already-digitized documents (explicit, or detected at ingest).
-- Sections are marked by what uses them.

-- == Retention (archive/retention.cc) ==
-- Thời hạn bảo quản per procedure: '' not set, 'permanent' (vĩnh viễn), or a
-- whole number of years counted from the dossier's received date ("20").
ALTER TABLE procedures ADD COLUMN retention TEXT NOT NULL DEFAULT '';

-- A dossier removed by `sohoa retention delete`: who, when and why, kept for
-- ever. The dossier's events stay in `events`; its rows and unreferenced
-- blobs go.
CREATE TABLE deletions (
  id             INTEGER PRIMARY KEY,
  dossier_code   TEXT NOT NULL,
  procedure_code TEXT NOT NULL DEFAULT '',
  received_date  TEXT NOT NULL DEFAULT '',
  retention      TEXT NOT NULL DEFAULT '',
  deleted_by     TEXT NOT NULL,
  reason         TEXT NOT NULL,
  deleted_at     TEXT NOT NULL
);
CREATE INDEX deletions_by_code ON deletions (dossier_code);

CREATE TRIGGER deletions_are_not_updated BEFORE UPDATE ON deletions
BEGIN
  SELECT RAISE(ABORT, 'deletion records are append-only');
END;

CREATE TRIGGER deletions_are_not_deleted BEFORE DELETE ON deletions
BEGIN
  SELECT RAISE(ABORT, 'deletion records are append-only');
END;

-- == The one-stop register (archive/register.cc, archive/rates.cc) ==
-- One row per received dossier, as exported by the one-stop system.
CREATE TABLE register (
  dossier_code   TEXT PRIMARY KEY,
  procedure_code TEXT NOT NULL DEFAULT '',
  procedure_name TEXT NOT NULL DEFAULT '',
  agency_code    TEXT NOT NULL DEFAULT '',  -- as exported, else the dossier code's agency
  received_date  TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD; '' rows are left out of every rate
  due_date       TEXT NOT NULL DEFAULT '',  -- ngay_hen_tra, YYYY-MM-DD or ''
  channel        TEXT NOT NULL DEFAULT '',  -- kenh, as exported
  e_result       INTEGER CHECK (e_result IN (0, 1)),  -- ket_qua_dien_tu; NULL when not exported
  source_file    TEXT NOT NULL DEFAULT '',
  imported_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX register_by_received ON register (received_date);

-- Names for agency codes (QĐ 20/2020/QĐ-TTg), when known. The hierarchy
-- itself comes from the code: 000.31.22.H32 → 000.00.22.H32 → 000.00.00.H32.
CREATE TABLE agencies (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- == Reuse (archive/reuse.cc, ingest/reuse_detect.cc) ==
-- A component of a dossier satisfied by an already-digitized document,
-- named "<dossier code>.<n>" (TT 02/2019 file naming). 'explicit': staff took
-- it (sohoa reuse); 'missed': sohoa found that a new scan re-digitized it.
CREATE TABLE reuse (
  id           INTEGER PRIMARY KEY,
  dossier_code TEXT NOT NULL,
  component    TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('explicit', 'missed')),
  evidence     TEXT NOT NULL DEFAULT '',
  actor        TEXT NOT NULL DEFAULT '',
  at           TEXT NOT NULL,
  UNIQUE (dossier_code, component, source, kind)
);
CREATE INDEX reuse_by_dossier ON reuse (dossier_code);

-- The archived document a new document re-scans ("<code>.<n>"), '' for none.
ALTER TABLE documents ADD COLUMN reused_from TEXT NOT NULL DEFAULT '';

-- == Search (archive/catalog_search.cc) ==
