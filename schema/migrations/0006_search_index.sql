-- sohoa catalog, schema 6: the full-text index rebuilt for archives of
-- millions of pages (tools/bench/search_bench). What changed and why:
--
-- * The "sohoa" tokenizer (archive/internal/search_tokenizer.h) reads the
--   stored text as it is and gives each word its folded form, its form with
--   marks (only for words that have marks), its first 1-3 letters and the
--   pair it makes with the next word, all at the word's position. So the
--   text is no longer kept twice (exact and folded columns); an "as typed"
--   word no longer shares a posting list with the folded one; beginnings
--   (tra*) are one list read lazily instead of a merge of every matching
--   word's list; and a phrase of common words ("do cong tai") is a phrase of
--   rare pairs instead of a walk through the positions of most pages.
-- * Contentless (content = ''): the text is already in pages.text and the
--   dossier's words in search_documents; FTS5 no longer keeps copies.
-- * A facets column: the values search filters test, as words
--   (archive/internal/search_facets.h), so filters narrow inside FTS5.
--
-- The rows are written by archive/catalog_store.cc; opening an older home
-- indexes its pages again in the same transaction as this migration
-- (archive/catalog.cc). The tokenizer exists only inside sohoa: the sqlite3
-- shell can read every other table of the catalog, not this one.
DROP TRIGGER IF EXISTS pages_leave_the_index;
DROP TABLE IF EXISTS page_search;

CREATE VIRTUAL TABLE page_search USING fts5 (
  text, meta, code, facets,
  content = '', tokenize = 'sohoa'
);
-- Bulk loads (StoreDossiers) write one segment per transaction instead of
-- one per megabyte of pending words, and merge 16 segments at a time: at
-- 200,000 pages, 2,717 pages/s of CPU with FTS5's defaults (1 MB, 4),
-- 3,352 with these (tools/bench/search_bench), queries within the noise.
INSERT INTO page_search (page_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO page_search (page_search, rank) VALUES ('automerge', 16);
INSERT INTO page_search (page_search, rank) VALUES ('crisismerge', 32);

-- What a document's pages were indexed with besides their own text: the
-- dossier's words (applicant, procedure, field values, document title), its
-- code and the facets. A contentless index forgets a row only when told the
-- words it was given, so they are kept here until the last page goes.
CREATE TABLE search_documents (
  document_id INTEGER PRIMARY KEY,
  meta        TEXT NOT NULL,
  code        TEXT NOT NULL,
  facets      TEXT NOT NULL
);

CREATE TRIGGER pages_leave_the_index AFTER DELETE ON pages
BEGIN
  INSERT INTO page_search (page_search, rowid, text, meta, code, facets)
    SELECT 'delete', old.id, old.text, s.meta, s.code, s.facets
    FROM search_documents s WHERE s.document_id = old.document_id;
  DELETE FROM search_documents WHERE document_id = old.document_id
    AND NOT EXISTS (SELECT 1 FROM pages WHERE document_id = old.document_id);
END;

-- Nothing moves a page to another document or rewrites its text; if that
-- changed, the page's index row would have to follow, so it is refused
-- rather than left wrong.
CREATE TRIGGER pages_stay_as_indexed BEFORE UPDATE OF document_id, text ON pages
BEGIN
  SELECT RAISE(ABORT, 'a page''s document and text are fixed once stored (the search index holds them)');
END;

-- == Storing (archive/catalog_store.cc) ==
-- MergeFields looks a value up by (dossier_id, name, value). With only
-- (dossier_id) and (name, value) to choose from, SQLite took (name, value)
-- and visited every dossier received on the same day to find one
-- received_date: storing slowed as the archive grew, to a third of its
-- speed at 600,000 pages (tools/bench/search_bench). This index answers the
-- lookup in one step and still serves every query by dossier.
DROP INDEX fields_by_dossier;
CREATE INDEX fields_by_dossier ON fields (dossier_id, name, value);
