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

-- What the rates need from each archived dossier, kept current by the
-- triggers below, so that a report reads one index entry per dossier in
-- code order, beside the register in the same order, instead of walking
-- documents and pages (tools/bench/rates_bench.sh, 1,000,000 dossiers).
-- documents.page_count: its pages. dossiers.paged_documents: its documents
-- with at least one page; paged_results: those of kind 'result'. Each
-- trigger adds a difference to the row it names, so the counts stay right
-- whatever order SQLite runs cascaded deletes in (a row already gone is
-- simply not updated).
ALTER TABLE documents ADD COLUMN page_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN paged_documents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN paged_results INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET page_count = (SELECT count(*) FROM pages p WHERE p.document_id = documents.id);
UPDATE dossiers SET
  paged_documents = (SELECT count(*) FROM documents doc
                     WHERE doc.dossier_id = dossiers.id AND doc.page_count > 0),
  paged_results = (SELECT count(*) FROM documents doc
                   WHERE doc.dossier_id = dossiers.id AND doc.page_count > 0 AND doc.kind = 'result');
CREATE INDEX dossiers_for_rates ON dossiers (code, received_date, paged_documents, paged_results);

CREATE TRIGGER pages_count_in AFTER INSERT ON pages
BEGIN
  UPDATE documents SET page_count = page_count + 1 WHERE id = new.document_id;
END;

CREATE TRIGGER pages_count_out AFTER DELETE ON pages
BEGIN
  UPDATE documents SET page_count = page_count - 1 WHERE id = old.document_id;
END;

CREATE TRIGGER pages_count_move AFTER UPDATE OF document_id ON pages
BEGIN
  UPDATE documents SET page_count = page_count - 1 WHERE id = old.document_id;
  UPDATE documents SET page_count = page_count + 1 WHERE id = new.document_id;
END;

CREATE TRIGGER documents_count_change AFTER UPDATE OF page_count, kind, dossier_id ON documents
BEGIN
  UPDATE dossiers
     SET paged_documents = paged_documents - (old.page_count > 0),
         paged_results = paged_results - (old.page_count > 0 AND old.kind = 'result')
   WHERE id = old.dossier_id;
  UPDATE dossiers
     SET paged_documents = paged_documents + (new.page_count > 0),
         paged_results = paged_results + (new.page_count > 0 AND new.kind = 'result')
   WHERE id = new.dossier_id;
END;

CREATE TRIGGER documents_count_out AFTER DELETE ON documents WHEN old.page_count > 0
BEGIN
  UPDATE dossiers
     SET paged_documents = paged_documents - 1,
         paged_results = paged_results - (old.kind = 'result')
   WHERE id = old.dossier_id;
END;

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
-- The full-text index again, same columns and rowids, now with prefix
-- indexes for beginnings of 1 to 3 characters. Without them a prefix query
-- (tran van t*) merges the postings of every word with that beginning,
-- which grows with the archive: 44 ms of CPU at 20,000 pages for
-- "tran van t"*, 2.4 ms with them. They add about 2.7 KB per page.
CREATE TABLE page_search_copy AS
  SELECT rowid AS page_id, exact, folded, meta_exact, meta_folded, code FROM page_search;
DROP TABLE page_search;
CREATE VIRTUAL TABLE page_search USING fts5 (
  exact, folded, meta_exact, meta_folded, code,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3'
);
INSERT INTO page_search (rowid, exact, folded, meta_exact, meta_folded, code)
  SELECT page_id, exact, folded, meta_exact, meta_folded, code FROM page_search_copy;
DROP TABLE page_search_copy;
-- Merge segments 8 at a time instead of 4: bulk loads spent a third of
-- their time re-reading segments to merge them. At 200,000 pages this
-- stored 2,100 pages/s of CPU instead of 1,860, and query times stayed
-- within the noise (tools/bench/search_bench).
INSERT INTO page_search (page_search, rank) VALUES ('automerge', 8);

-- Where each indexed page sits: its dossier, document (number and kind) and
-- page number, kept by triggers beside page_search (page_id = pages.id =
-- page_search.rowid). Search filters join this narrow table instead of
-- pages, whose rows carry the page text and words, so a filter over many
-- full-text matches stays in a few megabytes of cache.
CREATE TABLE search_pages (
  page_id    INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL,
  document   INTEGER NOT NULL,              -- 1-based number in the dossier
  page       INTEGER NOT NULL,              -- 1-based number in the document
  kind       TEXT NOT NULL                  -- the document's kind
);
CREATE INDEX search_pages_by_dossier ON search_pages (dossier_id);
INSERT INTO search_pages (page_id, dossier_id, document, page, kind)
  SELECT p.id, doc.dossier_id, doc.number, p.number, doc.kind
  FROM pages p JOIN documents doc ON doc.id = p.document_id;

CREATE TRIGGER pages_enter_search_pages AFTER INSERT ON pages
BEGIN
  INSERT INTO search_pages (page_id, dossier_id, document, page, kind)
    SELECT new.id, doc.dossier_id, doc.number, new.number, doc.kind
    FROM documents doc WHERE doc.id = new.document_id;
END;

CREATE TRIGGER pages_leave_search_pages AFTER DELETE ON pages
BEGIN
  DELETE FROM search_pages WHERE page_id = old.id;
END;

CREATE TRIGGER pages_move_in_search_pages AFTER UPDATE OF document_id, number ON pages
BEGIN
  UPDATE search_pages
     SET (dossier_id, document, page, kind) =
         (SELECT doc.dossier_id, doc.number, new.number, doc.kind
          FROM documents doc WHERE doc.id = new.document_id)
   WHERE page_id = new.id;
END;

CREATE TRIGGER documents_change_in_search_pages AFTER UPDATE OF dossier_id, number, kind ON documents
BEGIN
  UPDATE search_pages SET dossier_id = new.dossier_id, document = new.number, kind = new.kind
   WHERE page_id IN (SELECT id FROM pages WHERE document_id = new.id);
END;

-- field: lists the distinct fields (lĩnh vực) by skipping through this index.
CREATE INDEX dossiers_by_field ON dossiers (field);

-- == Packages (archive/package.cc, archive/internal/package_events.cc) ==
-- Each dossier `sohoa import` took from a bag: which bag, and which events
-- storing it logged (ids after events_after up to events_through, for that
-- dossier). Those are the import's own doing (the dossier's real ingestion,
-- digests and OCR came with the bag's PREMIS events), so an export leaves
-- them out and export → import → export gives the same METS.xml.
CREATE TABLE package_imports (
  id             INTEGER PRIMARY KEY,
  dossier_code   TEXT NOT NULL,
  bag            TEXT NOT NULL,             -- the bag's name, its top folder
  bagging_date   TEXT NOT NULL DEFAULT '',  -- from its bag-info.txt
  events_after   INTEGER NOT NULL,
  events_through INTEGER NOT NULL,
  imported_at    TEXT NOT NULL
);
CREATE INDEX package_imports_by_code ON package_imports (dossier_code);
