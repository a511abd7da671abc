-- sohoa's PostgreSQL catalog, schema 3: the search index
-- (archive/postgres/search.h). One row per page, written by IndexDossier
-- (archive/postgres/search_index.cc) inside the transaction that stores or
-- corrects its dossier, deleted with its page.
--
-- * The words are the SQLite index's tokens (archive/internal/
--   search_tokens.h), cut and folded by the program, never by a text search
--   configuration: both backends fold alike, and a query finds the same
--   pages on both. Each token is a lexeme of `words`, at its word's
--   position: the folded word (tran), and marked by their first character
--   the word with its marks (=trần), its first 1-3 letters (^t ^tr ^tra)
--   and its pair with the next word (+tran van), which make a phrase of
--   common words a phrase of rare pairs and a beginning one posting list,
--   as in SQLite (only pairs keep their positions: nothing else is asked
--   where it stands); the metadata's folded words and pairs again behind @
--   (name: looks only there) and the facets behind # (#a0003122h32: the
--   filters, archive/internal/search_facets.h), so that words and filters
--   meet in one GIN index, which skips through the rarest of them; and
--   the buckets of the page's id (~a2441 ..., archive/postgres/
--   search_slices.h), so that a search walks the newest pages first and
--   stops, as FTS5 walks rowids. The columns the SQLite index keeps apart
--   (meta, code, text) lie in that order, 64 positions apart, so no phrase
--   runs from one into the next.
-- * Partitioned by province (dossiers.province): a search limited to one
--   province (a user's scope, an agency: filter) reads that province's
--   table and GIN index only. The partitions are made as provinces first
--   appear (sohoa_search_partition); '' holds dossiers without an agency
--   code. Making one locks the whole index until its transaction commits,
--   once per province.
-- * bm25 (archive/internal/search_bm25.h) needs each row's length
--   (`tokens`, counted as FTS5 counts a row's tokens) and the index's row
--   count and total length, kept in search_totals by trigger, one row per
--   connection slot so that concurrent writers do not queue on one row;
--   with the statements that changed the index (`writes`), so that a
--   catalog may keep what it counted (how many rows hold a word) until the
--   index changes.
-- * `meta` and `facets` are what the row was indexed with besides the
--   page's text, so IndexDossier rewrites only the rows whose words changed.

CREATE TABLE search_pages (
  page_id    bigint NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  province   text NOT NULL,
  dossier_id bigint NOT NULL,
  document   integer NOT NULL,  -- the document's number in its dossier
  page       integer NOT NULL,  -- the page's number in its document
  kind       text NOT NULL,     -- the document's kind (kind:)
  tokens     integer NOT NULL,
  meta       text NOT NULL,
  facets     text NOT NULL,
  words      tsvector NOT NULL,
  PRIMARY KEY (page_id, province)
) PARTITION BY LIST (province);
-- A page's words take some 9 KB: lz4, where the server has it, writes them
-- five times faster than pglz (which mostly fails to shrink them) and reads
-- them faster too.
DO $$
BEGIN
  ALTER TABLE search_pages ALTER COLUMN words SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;
CREATE INDEX search_pages_words ON search_pages USING gin (words);
CREATE INDEX search_pages_by_dossier ON search_pages (dossier_id);
CREATE TABLE search_pages_none PARTITION OF search_pages FOR VALUES IN ('');

-- The partition of `province` (000.00.00.H32 → search_pages_h32), made if
-- it is missing. Under an advisory lock, so that writers meeting a new
-- province together make it once.
CREATE FUNCTION sohoa_search_partition(province text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  name text := 'search_pages_' || CASE WHEN province = '' THEN 'none' ELSE lower(substr(province, 11)) END;
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN;
  END IF;
  IF province !~ '^000\.00\.00\.[A-Z][0-9]{2}$' THEN
    RAISE EXCEPTION 'no search partition for the province %', province;
  END IF;
  PERFORM pg_advisory_xact_lock(1397705808);
  BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF search_pages FOR VALUES IN (%L)', name, province);
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    NULL;  -- made meanwhile by another writer
  END;
END
$$;

CREATE TABLE search_totals (
  slot   integer PRIMARY KEY,
  pages  bigint NOT NULL DEFAULT 0,
  tokens bigint NOT NULL DEFAULT 0,
  writes bigint NOT NULL DEFAULT 0
);
INSERT INTO search_totals (slot) SELECT generate_series(0, 15);

CREATE FUNCTION sohoa_search_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE search_totals t SET pages = t.pages + n.pages, tokens = t.tokens + n.tokens, writes = t.writes + 1
      FROM (SELECT count(*) AS pages, coalesce(sum(tokens), 0) AS tokens FROM changed) n
     WHERE t.slot = pg_backend_pid() % 16 AND n.pages > 0;
  ELSE
    UPDATE search_totals t SET pages = t.pages - n.pages, tokens = t.tokens - n.tokens, writes = t.writes + 1
      FROM (SELECT count(*) AS pages, coalesce(sum(tokens), 0) AS tokens FROM changed) n
     WHERE t.slot = pg_backend_pid() % 16 AND n.pages > 0;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER search_pages_counted_in AFTER INSERT ON search_pages
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sohoa_search_count();
CREATE TRIGGER search_pages_counted_out AFTER DELETE ON search_pages
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sohoa_search_count();
