-- sohoa's PostgreSQL catalog, schema 2: everything the SQLite catalog's
-- schemas 1-10 hold besides procedures and events, one table for each of
-- theirs, with the same names and meanings (see schema/migrations/ for why
-- each column is there). The search index is schema 3's. Differences:
--   * ids are bigint identities; flags are boolean; times are timestamptz
--     (archive/postgres/pg_db.h's kIsoTime renders them as the SQLite
--     catalog writes them, 2024-03-15T08:12:33.123Z);
--   * counts the SQLite catalog keeps by trigger for the rates are computed
--     by the same kind of trigger here, so the rates read one row per dossier;
--   * dossiers carry `agency_path`, the agency that received them (their
--     own agency code, else the one their code names) and every agency above
--     it up to the province (000.31.22.H32, 000.00.22.H32, 000.00.00.H32),
--     and `province`, the last of those (000.00.00.H32), both computed by
--     the database (sohoa_agency_path): a scope or agency: filter is one
--     array overlap on a GIN index instead of parsing codes row by row.

-- == Dossiers, documents, pages, fields (SQLite schemas 1, 2, 4, 5, 7) ==

-- The agency that received a dossier (its agency code, else the one its
-- code names) and every agency above it, as schema/agency.h's ParentAgency
-- walks them (each step zeroes the deepest non-zero group), deepest first
-- and the province last. Empty for
-- something that is not an agency code (it is then in no agency's scope).
-- Books and register rows are scoped by the same function.
-- Each function is one expression, which PostgreSQL inlines where it is
-- called: computed for every dossier stored and every register row a rate
-- reads, the first version (a regular expression, an array sorted through
-- a subquery, the path computed again for the province) cost 60 µs a row,
-- these 10 µs.
CREATE FUNCTION sohoa_receiving_agency(agency_code text, dossier_code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN agency_code <> '' THEN agency_code ELSE substr(dossier_code, 1, 13) END
$$;

-- Is `a` an agency code, 000.31.22.H32: digits, a capital, dots, nothing else?
CREATE FUNCTION sohoa_is_agency_code(a text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(a, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', '9999999999AAAAAAAAAAAAAAAAAAAAAAAAAA') = '999.99.99.A99'
$$;

-- The agencies of code `a`, itself first: a group already zero gives no
-- new level, so the levels left are distinct and in descending order.
CREATE FUNCTION sohoa_agency_levels(a text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN sohoa_is_agency_code(a)
    THEN array_remove(ARRAY[a,
                            CASE WHEN substr(a, 1, 3) <> '000' THEN '000' || substr(a, 4) END,
                            CASE WHEN substr(a, 5, 2) <> '00' THEN '000.00' || substr(a, 7) END,
                            CASE WHEN substr(a, 8, 2) <> '00' THEN '000.00.00' || substr(a, 10) END], NULL)
    ELSE '{}'::text[] END
$$;

CREATE FUNCTION sohoa_agency_path(agency_code text, dossier_code text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT sohoa_agency_levels(sohoa_receiving_agency(agency_code, dossier_code))
$$;

-- The last of sohoa_agency_path: the province, '' for none.
CREATE FUNCTION sohoa_province(agency_code text, dossier_code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN sohoa_is_agency_code(sohoa_receiving_agency(agency_code, dossier_code))
    THEN '000.00.00' || substr(sohoa_receiving_agency(agency_code, dossier_code), 10) ELSE '' END
$$;

CREATE TABLE dossiers (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                 text NOT NULL UNIQUE,
  code_source          text NOT NULL DEFAULT '',
  agency_code          text NOT NULL DEFAULT '',
  agency_path          text[] NOT NULL GENERATED ALWAYS AS (sohoa_agency_path(agency_code, code)) STORED,
  province             text NOT NULL GENERATED ALWAYS AS (sohoa_province(agency_code, code)) STORED,
  received_date        text NOT NULL DEFAULT '',  -- YYYY-MM-DD, '' when unknown
  procedure_code       text NOT NULL DEFAULT '',
  procedure_name       text NOT NULL DEFAULT '',
  field                text NOT NULL DEFAULT '',
  procedure_confidence real NOT NULL DEFAULT 0,
  procedure_evidence   text NOT NULL DEFAULT '',
  applicant            text NOT NULL DEFAULT '',
  status               text NOT NULL DEFAULT 'archived',
  paged_documents      integer NOT NULL DEFAULT 0,  -- documents with a page
  paged_results        integer NOT NULL DEFAULT 0,  -- of those, kind 'result'
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossiers_by_procedure ON dossiers (procedure_code);
CREATE INDEX dossiers_by_received_date ON dossiers (received_date);
CREATE INDEX dossiers_by_field ON dossiers (field);
CREATE INDEX dossiers_by_agency ON dossiers USING gin (agency_path);
CREATE INDEX dossiers_by_province ON dossiers (province, received_date);
CREATE INDEX dossiers_for_rates ON dossiers (code, received_date, paged_documents, paged_results);

CREATE TABLE documents (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id    bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  number        integer NOT NULL CHECK (number > 0),
  kind          text NOT NULL,
  title         text NOT NULL DEFAULT '',
  source_sha256 text NOT NULL DEFAULT '',
  source_name   text NOT NULL DEFAULT '',
  media_type    text NOT NULL DEFAULT '',
  source_bytes  bigint NOT NULL DEFAULT 0,
  pdf_sha256    text NOT NULL DEFAULT '',
  reused_from   text NOT NULL DEFAULT '',
  page_count    integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dossier_id, number)
);
CREATE INDEX documents_by_source ON documents (source_sha256);

CREATE TABLE pages (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id  bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  number       integer NOT NULL CHECK (number > 0),
  image_sha256 text NOT NULL DEFAULT '',
  source_page  integer NOT NULL DEFAULT 0,
  text         text NOT NULL DEFAULT '',
  confidence   real NOT NULL DEFAULT 0,
  rotation     integer NOT NULL DEFAULT 0,
  skew_degrees real NOT NULL DEFAULT 0,
  dpi          integer NOT NULL DEFAULT 0,
  width        integer NOT NULL DEFAULT 0,
  height       integer NOT NULL DEFAULT 0,
  words        bytea,                          -- archive/internal/word_codec.cc
  barcodes     text NOT NULL DEFAULT '',
  UNIQUE (document_id, number)
);
CREATE INDEX pages_by_image ON pages (image_sha256);

CREATE TABLE fields (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id   bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  name         text NOT NULL,
  value        text NOT NULL,
  confidence   real NOT NULL DEFAULT 0,
  source       text NOT NULL DEFAULT '',
  document     integer NOT NULL DEFAULT 0,
  page         integer NOT NULL DEFAULT 0,
  box          text NOT NULL DEFAULT '',
  evidence     text NOT NULL DEFAULT '',
  needs_review boolean NOT NULL DEFAULT false,
  changed_by   text NOT NULL DEFAULT '',
  changed_at   text NOT NULL DEFAULT ''
);
CREATE INDEX fields_by_dossier ON fields (dossier_id, name, value);
CREATE INDEX fields_by_value ON fields (value);
CREATE INDEX fields_by_name ON fields (name, value);
CREATE INDEX fields_needing_review ON fields (dossier_id) WHERE needs_review;

CREATE TABLE sources (
  sha256       text PRIMARY KEY,
  dossiers     integer NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now()
);

-- The rates' counts (SQLite schema 5): documents.page_count, and each
-- dossier's paged_documents and paged_results. Statement triggers over the
-- rows a statement changed: storing a batch's pages in one INSERT updates
-- each of its documents once, and those updates each dossier once, where
-- row triggers would update a document once per page (10,000,000 updates
-- of documents for a bulk load of 10,000,000 pages). PostgreSQL allows one
-- event per trigger with transition tables, hence three triggers per table.
-- The dossier store inserts documents with their page_count and dossiers
-- with the counts of their new documents (archive/postgres/store.cc: a page
-- count written with its row costs no second version of the row); it says
-- so with SET LOCAL sohoa.counts_written = on, and the triggers then leave
-- its inserts alone. Every other insert, delete and update is counted here.
CREATE FUNCTION sohoa_count_pages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('sohoa.counts_written', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE documents d SET page_count = d.page_count + x.n
      FROM (SELECT document_id, count(*)::int AS n FROM new_pages GROUP BY document_id) x
     WHERE d.id = x.document_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE documents d SET page_count = d.page_count - x.n
      FROM (SELECT document_id, count(*)::int AS n FROM old_pages GROUP BY document_id) x
     WHERE d.id = x.document_id;
  ELSE
    UPDATE documents d SET page_count = d.page_count + x.n
      FROM (SELECT document_id, sum(n)::int AS n
              FROM (SELECT document_id, 1 AS n FROM new_pages
                    UNION ALL SELECT document_id, -1 FROM old_pages) y
             GROUP BY document_id HAVING sum(n) <> 0) x
     WHERE d.id = x.document_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER pages_count_in AFTER INSERT ON pages REFERENCING NEW TABLE AS new_pages
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_count_pages();
CREATE TRIGGER pages_count_out AFTER DELETE ON pages REFERENCING OLD TABLE AS old_pages
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_count_pages();
CREATE TRIGGER pages_count_move AFTER UPDATE ON pages
  REFERENCING OLD TABLE AS old_pages NEW TABLE AS new_pages
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_count_pages();

-- A document counts for its dossier while it has a page: +1 for each row
-- that has one after the statement, -1 for each that had one before.
CREATE FUNCTION sohoa_count_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('sohoa.counts_written', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE dossiers s SET paged_documents = s.paged_documents + x.documents,
                          paged_results = s.paged_results + x.results
      FROM (SELECT dossier_id, count(*)::int AS documents,
                   count(*) FILTER (WHERE kind = 'result')::int AS results
              FROM new_documents WHERE page_count > 0 GROUP BY dossier_id) x
     WHERE s.id = x.dossier_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE dossiers s SET paged_documents = s.paged_documents - x.documents,
                          paged_results = s.paged_results - x.results
      FROM (SELECT dossier_id, count(*)::int AS documents,
                   count(*) FILTER (WHERE kind = 'result')::int AS results
              FROM old_documents WHERE page_count > 0 GROUP BY dossier_id) x
     WHERE s.id = x.dossier_id;
  ELSE
    UPDATE dossiers s SET paged_documents = s.paged_documents + x.documents,
                          paged_results = s.paged_results + x.results
      FROM (SELECT dossier_id, sum(n)::int AS documents,
                   coalesce(sum(n) FILTER (WHERE kind = 'result'), 0)::int AS results
              FROM (SELECT dossier_id, kind, 1 AS n FROM new_documents WHERE page_count > 0
                    UNION ALL
                    SELECT dossier_id, kind, -1 FROM old_documents WHERE page_count > 0) y
             GROUP BY dossier_id) x
     WHERE s.id = x.dossier_id AND (x.documents <> 0 OR x.results <> 0);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER documents_count_in AFTER INSERT ON documents REFERENCING NEW TABLE AS new_documents
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_count_documents();
CREATE TRIGGER documents_count_out AFTER DELETE ON documents REFERENCING OLD TABLE AS old_documents
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_count_documents();
CREATE TRIGGER documents_count_change AFTER UPDATE ON documents
  REFERENCING OLD TABLE AS old_documents NEW TABLE AS new_documents
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_count_documents();

-- == Books (SQLite schemas 3 and 10) ==
CREATE TABLE books (
  id               text PRIMARY KEY,
  type             text NOT NULL DEFAULT '',
  commune          text NOT NULL DEFAULT '',
  agency_code      text NOT NULL DEFAULT '',
  volume           text NOT NULL DEFAULT '',
  year             integer NOT NULL DEFAULT 0,
  entries_expected integer,
  title            text NOT NULL DEFAULT '',
  keying           text NOT NULL DEFAULT 'double' CHECK (keying IN ('double', 'single')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE book_pages (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  book_id      text NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  number       integer NOT NULL CHECK (number > 0),
  image_sha256 text NOT NULL DEFAULT '',
  source_name  text NOT NULL DEFAULT '',
  source_page  integer NOT NULL DEFAULT 0,
  header       text NOT NULL DEFAULT '',
  confidence   real NOT NULL DEFAULT 0,
  skew_degrees real NOT NULL DEFAULT 0,
  dpi          integer NOT NULL DEFAULT 0,
  width        integer NOT NULL DEFAULT 0,
  height       integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (book_id, number)
);
CREATE INDEX book_pages_by_image ON book_pages (image_sha256);

-- An entry's words for SearchBookEntries: `exact` keeps tone marks (lower
-- case), `folded` drops them and đ (sohoa::FoldForSearch). The program
-- cuts and folds the words as the SQLite catalog's index does and stores
-- them as they are (array_to_tsvector: no parser, no dictionary), so that
-- both backends find the same entries.
CREATE TABLE book_entries (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  book_id       text NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  page          integer NOT NULL CHECK (page > 0),
  position      integer NOT NULL CHECK (position > 0),
  number        text NOT NULL DEFAULT '',
  confidence    real NOT NULL DEFAULT 0,
  source_sha256 text NOT NULL DEFAULT '',
  status        text NOT NULL DEFAULT 'read' CHECK (status IN ('read', 'verified')),
  exact         tsvector NOT NULL DEFAULT ''::tsvector,
  folded        tsvector NOT NULL DEFAULT ''::tsvector,
  UNIQUE (book_id, page, position)
);
CREATE INDEX book_entries_by_number ON book_entries (book_id, number);
CREATE INDEX book_entries_exact ON book_entries USING gin (exact);
CREATE INDEX book_entries_folded ON book_entries USING gin (folded);

CREATE TABLE book_entry_fields (
  entry_id   bigint NOT NULL REFERENCES book_entries (id) ON DELETE CASCADE,
  name       text NOT NULL,
  value      text NOT NULL,
  confidence real NOT NULL DEFAULT 0,
  position   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (entry_id, name)
);

CREATE TABLE book_slots (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  book_id  text NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  page     integer NOT NULL CHECK (page > 0),
  position integer NOT NULL CHECK (position > 0),
  box      text NOT NULL DEFAULT '',
  prefill  text NOT NULL DEFAULT '{}',
  state    text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'differ', 'verified')),
  UNIQUE (book_id, page, position)
);
CREATE INDEX book_slots_open ON book_slots (state, book_id, page, position);

-- A slot's keyings are in the order they were given by (keyed_at, id), as
-- SQLite's by (keyed_at, rowid); keyed_at is the time of the insert, under
-- the slot's lock (archive/postgres/keying.cc).
CREATE TABLE keyings (
  id           bigint GENERATED ALWAYS AS IDENTITY,
  slot_id      bigint NOT NULL REFERENCES book_slots (id) ON DELETE CASCADE,
  user_name    text NOT NULL,
  resolution   boolean NOT NULL DEFAULT false,
  field_values text NOT NULL,
  warnings     text NOT NULL DEFAULT '[]',
  seconds      double precision NOT NULL DEFAULT 0,
  agreed       boolean,
  keyed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slot_id, user_name, resolution)
);
CREATE INDEX keyings_by_user ON keyings (user_name, keyed_at);

CREATE TABLE keying_holds (
  slot_id   bigint NOT NULL REFERENCES book_slots (id) ON DELETE CASCADE,
  user_name text NOT NULL,
  until     timestamptz NOT NULL,
  PRIMARY KEY (slot_id, user_name)
);
CREATE INDEX keying_holds_by_user ON keying_holds (user_name);

CREATE TABLE keying_assignments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  book_id     text NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  first_page  integer NOT NULL CHECK (first_page > 0),
  last_page   integer NOT NULL CHECK (last_page >= first_page),
  user_name   text NOT NULL,
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX keying_assignments_by_user ON keying_assignments (user_name, book_id);

CREATE TABLE book_keying_counts (
  book_id  text PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
  slots    integer NOT NULL DEFAULT 0,
  keyed    integer NOT NULL DEFAULT 0,
  differ   integer NOT NULL DEFAULT 0,
  verified integer NOT NULL DEFAULT 0
);

CREATE FUNCTION sohoa_count_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO book_keying_counts AS c (book_id, slots, differ, verified)
    VALUES (NEW.book_id, 1, (NEW.state = 'differ')::int, (NEW.state = 'verified')::int)
    ON CONFLICT (book_id) DO UPDATE SET slots = c.slots + 1,
      differ = c.differ + (NEW.state = 'differ')::int, verified = c.verified + (NEW.state = 'verified')::int;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE book_keying_counts SET slots = slots - 1,
      differ = differ - (OLD.state = 'differ')::int, verified = verified - (OLD.state = 'verified')::int
     WHERE book_id = OLD.book_id;
  ELSIF OLD.state <> NEW.state THEN
    UPDATE book_keying_counts SET
      differ = differ - (OLD.state = 'differ')::int + (NEW.state = 'differ')::int,
      verified = verified - (OLD.state = 'verified')::int + (NEW.state = 'verified')::int
     WHERE book_id = NEW.book_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER book_slots_count AFTER INSERT OR DELETE OR UPDATE OF state ON book_slots
  FOR EACH ROW EXECUTE FUNCTION sohoa_count_slots();

CREATE FUNCTION sohoa_count_first_keying() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT NEW.resolution
     AND (SELECT count(*) FROM keyings WHERE slot_id = NEW.slot_id AND NOT resolution) = 1 THEN
    UPDATE book_keying_counts SET keyed = keyed + 1
     WHERE book_id = (SELECT book_id FROM book_slots WHERE id = NEW.slot_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER keyings_count_first AFTER INSERT ON keyings
  FOR EACH ROW EXECUTE FUNCTION sohoa_count_first_keying();

-- == The learned classifier (SQLite schema 4) ==
CREATE TABLE classifier_examples (
  dossier_code   text PRIMARY KEY,
  procedure_code text NOT NULL,
  terms          text NOT NULL,
  term_total     integer NOT NULL,
  source         text NOT NULL DEFAULT '',
  trained_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE classifier_terms (
  procedure_code text NOT NULL,
  term           text NOT NULL,
  count          integer NOT NULL,
  PRIMARY KEY (procedure_code, term)
);

-- == Retention, register, agencies, reuse, packages (SQLite schemas 5, 8) ==
CREATE TABLE deletions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_code   text NOT NULL,
  procedure_code text NOT NULL DEFAULT '',
  received_date  text NOT NULL DEFAULT '',
  retention      text NOT NULL DEFAULT '',
  deleted_by     text NOT NULL,
  reason         text NOT NULL,
  deleted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deletions_by_code ON deletions (dossier_code);

CREATE FUNCTION sohoa_deletions_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'deletion records are append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER deletions_are_kept BEFORE UPDATE OR DELETE ON deletions
  FOR EACH ROW EXECUTE FUNCTION sohoa_deletions_are_kept();
CREATE TRIGGER deletions_are_not_truncated BEFORE TRUNCATE ON deletions
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_deletions_are_kept();

CREATE TABLE register (
  dossier_code   text PRIMARY KEY,
  procedure_code text NOT NULL DEFAULT '',
  procedure_name text NOT NULL DEFAULT '',
  agency_code    text NOT NULL DEFAULT '',
  received_date  text NOT NULL DEFAULT '',
  due_date       text NOT NULL DEFAULT '',
  channel        text NOT NULL DEFAULT '',
  e_result       boolean,
  source_file    text NOT NULL DEFAULT '',
  imported_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_by_received ON register (received_date);
-- The export's name of a procedure the catalog lacks labels its rates rows.
CREATE INDEX register_by_procedure ON register (procedure_code);

CREATE TABLE agencies (
  code       text PRIMARY KEY,
  name       text NOT NULL DEFAULT '',
  source     text NOT NULL DEFAULT 'register' CHECK (source IN ('register', 'list')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reuse (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_code text NOT NULL,
  component    text NOT NULL DEFAULT '',
  source       text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('explicit', 'missed')),
  evidence     text NOT NULL DEFAULT '',
  actor        text NOT NULL DEFAULT '',
  at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dossier_code, component, source, kind)
);
CREATE INDEX reuse_by_dossier ON reuse (dossier_code);

-- == The rates' rows (archive/postgres/rates.cc) ==
-- A rate counts each register row with the dossier of the same code and its
-- reuse rows. Joined at report time that is tens of seconds at 10,000,000
-- register rows; so the join is kept here instead, one narrow row per code
-- the register or the archive holds, by triggers on register, dossiers and
-- reuse, and a report is one scan of rate_rows. Agency and procedure codes
-- are numbered (rate_agencies, rate_procedures) so that rows stay small and
-- group by integers. What a procedure requires and its field are looked up
-- per number at report time: a catalog import changes no row here.
-- Each side writes only its own columns and bits, with INSERT ... ON
-- CONFLICT: a register import and an ingest of the same code at once wait
-- for each other on the row and both end up in it.
-- sohoa_rates_rebuild() makes rate_rows again from the three tables, for a
-- bulk load that ran with triggers off (session_replication_role replica).
CREATE TABLE rate_agencies (
  id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  path text[] NOT NULL GENERATED ALWAYS AS (sohoa_agency_path(code, '')) STORED
);

CREATE TABLE rate_procedures (
  id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE
);

-- facts: 1 in the register, 2 the register's ket_qua_dien_tu; 4 archived,
-- 8 with a paged document, 16 with a paged 'result' document; 32 explicit
-- reuse, 64 missed reuse.
CREATE TABLE rate_rows (
  code           text PRIMARY KEY,
  agency         integer,  -- the register's agency_code (rate_agencies)
  scope_agency   integer,  -- the agency that received it: agency_code, else the code's
  procedure      integer,  -- the register's procedure_code (rate_procedures)
  received       integer,  -- the register's received date as YYYYMMDD, NULL undated
  d_scope_agency integer,  -- the archived dossier's receiving agency
  d_received     text,     -- and its received date
  facts          smallint NOT NULL DEFAULT 0
);
-- Archived, not in the register: RatesReport::unregistered_codes.
CREATE INDEX rate_rows_unregistered ON rate_rows (code) WHERE facts & 5 = 4;

CREATE FUNCTION sohoa_rates_register() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE rate_rows t SET agency = NULL, scope_agency = NULL, procedure = NULL, received = NULL,
                           facts = t.facts & ~3
      FROM old_register o WHERE t.code = o.dossier_code;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    UPDATE rate_rows t SET agency = NULL, scope_agency = NULL, procedure = NULL, received = NULL,
                           facts = t.facts & ~3
      FROM old_register o
     WHERE t.code = o.dossier_code
       AND NOT EXISTS (SELECT 1 FROM new_register n WHERE n.dossier_code = o.dossier_code);
  END IF;
  INSERT INTO rate_agencies (code)
  SELECT DISTINCT x.code
    FROM new_register n,
         LATERAL (VALUES (n.agency_code),
                         (CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.dossier_code, 1, 13) END)) x (code)
   WHERE NOT EXISTS (SELECT 1 FROM rate_agencies a WHERE a.code = x.code)
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO rate_procedures (code)
  SELECT DISTINCT n.procedure_code FROM new_register n
   WHERE NOT EXISTS (SELECT 1 FROM rate_procedures p WHERE p.code = n.procedure_code)
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO rate_rows AS t (code, agency, scope_agency, procedure, received, facts)
  SELECT n.dossier_code, a.id, s.id, p.id,
         CASE WHEN n.received_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN replace(n.received_date, '-', '')::int END,
         (1 | CASE WHEN n.e_result THEN 2 ELSE 0 END)::smallint
    FROM new_register n
    JOIN rate_agencies a ON a.code = n.agency_code
    JOIN rate_agencies s
      ON s.code = CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.dossier_code, 1, 13) END
    JOIN rate_procedures p ON p.code = n.procedure_code
  ON CONFLICT (code) DO UPDATE SET agency = EXCLUDED.agency, scope_agency = EXCLUDED.scope_agency,
    procedure = EXCLUDED.procedure, received = EXCLUDED.received, facts = (t.facts & ~3) | EXCLUDED.facts;
  RETURN NULL;
END
$$;
CREATE TRIGGER register_rates_in AFTER INSERT ON register REFERENCING NEW TABLE AS new_register
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_register();
CREATE TRIGGER register_rates_change AFTER UPDATE ON register
  REFERENCING OLD TABLE AS old_register NEW TABLE AS new_register
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_register();
CREATE TRIGGER register_rates_out AFTER DELETE ON register REFERENCING OLD TABLE AS old_register
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_register();

-- The dossier side of rate_rows, for the dossiers a statement added or
-- changed in what the rates read (code, agency, received date, whether it
-- has a paged document, a paged result).
CREATE FUNCTION sohoa_rates_dossiers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE rate_rows t SET d_scope_agency = NULL, d_received = NULL, facts = t.facts & ~28
      FROM old_dossiers o WHERE t.code = o.code;
    RETURN NULL;
  END IF;
  -- A statement's new rows, less (on UPDATE) those whose rate facts did not
  -- change: the count triggers update dossiers often.
  IF TG_OP = 'UPDATE' THEN
    UPDATE rate_rows t SET d_scope_agency = NULL, d_received = NULL, facts = t.facts & ~28
      FROM old_dossiers o
     WHERE t.code = o.code AND NOT EXISTS (SELECT 1 FROM new_dossiers n WHERE n.code = o.code);
    INSERT INTO rate_agencies (code)
    SELECT DISTINCT x.code
      FROM new_dossiers n
      JOIN old_dossiers o ON o.id = n.id AND (o.code, o.agency_code) IS DISTINCT FROM (n.code, n.agency_code),
           LATERAL (VALUES (CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.code, 1, 13) END)) x (code)
     WHERE NOT EXISTS (SELECT 1 FROM rate_agencies a WHERE a.code = x.code)
    ON CONFLICT (code) DO NOTHING;
    INSERT INTO rate_rows AS t (code, d_scope_agency, d_received, facts)
    SELECT n.code, a.id, n.received_date,
           (4 | CASE WHEN n.paged_documents > 0 THEN 8 ELSE 0 END | CASE WHEN n.paged_results > 0 THEN 16 ELSE 0 END)
      FROM new_dossiers n
      JOIN old_dossiers o ON o.id = n.id
      JOIN rate_agencies a ON a.code = CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.code, 1, 13) END
     WHERE (o.code, o.agency_code, o.received_date, o.paged_documents > 0, o.paged_results > 0)
           IS DISTINCT FROM (n.code, n.agency_code, n.received_date, n.paged_documents > 0, n.paged_results > 0)
    ON CONFLICT (code) DO UPDATE SET d_scope_agency = EXCLUDED.d_scope_agency, d_received = EXCLUDED.d_received,
      facts = (t.facts & ~28) | EXCLUDED.facts;
  ELSE
    INSERT INTO rate_agencies (code)
    SELECT DISTINCT x.code
      FROM new_dossiers n,
           LATERAL (VALUES (CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.code, 1, 13) END)) x (code)
     WHERE NOT EXISTS (SELECT 1 FROM rate_agencies a WHERE a.code = x.code)
    ON CONFLICT (code) DO NOTHING;
    INSERT INTO rate_rows AS t (code, d_scope_agency, d_received, facts)
    SELECT n.code, a.id, n.received_date,
           (4 | CASE WHEN n.paged_documents > 0 THEN 8 ELSE 0 END | CASE WHEN n.paged_results > 0 THEN 16 ELSE 0 END)
      FROM new_dossiers n
      JOIN rate_agencies a ON a.code = CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.code, 1, 13) END
    ON CONFLICT (code) DO UPDATE SET d_scope_agency = EXCLUDED.d_scope_agency, d_received = EXCLUDED.d_received,
      facts = (t.facts & ~28) | EXCLUDED.facts;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER dossiers_rates_in AFTER INSERT ON dossiers REFERENCING NEW TABLE AS new_dossiers
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_dossiers();
CREATE TRIGGER dossiers_rates_change AFTER UPDATE ON dossiers
  REFERENCING OLD TABLE AS old_dossiers NEW TABLE AS new_dossiers
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_dossiers();
CREATE TRIGGER dossiers_rates_out AFTER DELETE ON dossiers REFERENCING OLD TABLE AS old_dossiers
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_dossiers();

-- Reuse rows are only added; a row removed (by hand) makes its dossier's
-- bits be worked out again from what is left.
CREATE FUNCTION sohoa_rates_reuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rate_rows AS t (code, facts)
    SELECT dossier_code, (CASE WHEN bool_or(kind = 'explicit') THEN 32 ELSE 0 END |
                          CASE WHEN bool_or(kind = 'missed') THEN 64 ELSE 0 END)::smallint
      FROM new_reuse GROUP BY dossier_code
    ON CONFLICT (code) DO UPDATE SET facts = t.facts | EXCLUDED.facts;
  ELSE
    UPDATE rate_rows t
       SET facts = (t.facts & ~96) |
                   coalesce((SELECT CASE WHEN bool_or(kind = 'explicit') THEN 32 ELSE 0 END |
                                    CASE WHEN bool_or(kind = 'missed') THEN 64 ELSE 0 END
                               FROM reuse r WHERE r.dossier_code = t.code), 0)
     WHERE t.code IN (SELECT dossier_code FROM old_reuse);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER reuse_rates_in AFTER INSERT ON reuse REFERENCING NEW TABLE AS new_reuse
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_reuse();
CREATE TRIGGER reuse_rates_out AFTER DELETE ON reuse REFERENCING OLD TABLE AS old_reuse
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_rates_reuse();

CREATE FUNCTION sohoa_rates_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rate_rows;
  INSERT INTO rate_agencies (code)
  SELECT code FROM (SELECT agency_code AS code FROM register
                    UNION SELECT CASE WHEN agency_code <> '' THEN agency_code ELSE substr(dossier_code, 1, 13) END
                            FROM register
                    UNION SELECT CASE WHEN agency_code <> '' THEN agency_code ELSE substr(code, 1, 13) END
                            FROM dossiers) s
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO rate_procedures (code) SELECT DISTINCT procedure_code FROM register ON CONFLICT (code) DO NOTHING;
  INSERT INTO rate_rows (code, agency, scope_agency, procedure, received, d_scope_agency, d_received, facts)
  SELECT coalesce(r.dossier_code, d.code, u.dossier_code), a.id, s.id, p.id,
         CASE WHEN r.received_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN replace(r.received_date, '-', '')::int END,
         ds.id, d.received_date,
         (CASE WHEN r.dossier_code IS NOT NULL THEN 1 ELSE 0 END | CASE WHEN r.e_result THEN 2 ELSE 0 END |
          CASE WHEN d.code IS NOT NULL THEN 4 ELSE 0 END | CASE WHEN d.paged_documents > 0 THEN 8 ELSE 0 END |
          CASE WHEN d.paged_results > 0 THEN 16 ELSE 0 END | coalesce(u.bits, 0))::smallint
    FROM register r
    FULL JOIN dossiers d ON d.code = r.dossier_code
    FULL JOIN (SELECT dossier_code, CASE WHEN bool_or(kind = 'explicit') THEN 32 ELSE 0 END |
                                    CASE WHEN bool_or(kind = 'missed') THEN 64 ELSE 0 END AS bits
                 FROM reuse GROUP BY dossier_code) u ON u.dossier_code = coalesce(r.dossier_code, d.code)
    LEFT JOIN rate_agencies a ON a.code = r.agency_code
    LEFT JOIN rate_agencies s
      ON s.code = CASE WHEN r.agency_code <> '' THEN r.agency_code ELSE substr(r.dossier_code, 1, 13) END
    LEFT JOIN rate_procedures p ON p.code = r.procedure_code
    LEFT JOIN rate_agencies ds
      ON ds.code = CASE WHEN d.agency_code <> '' THEN d.agency_code ELSE substr(d.code, 1, 13) END;
END
$$;

CREATE TABLE package_imports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_code   text NOT NULL,
  bag            text NOT NULL,
  bagging_date   text NOT NULL DEFAULT '',
  events_after   bigint NOT NULL,
  events_through bigint NOT NULL,
  imported_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX package_imports_by_code ON package_imports (dossier_code);

-- == Users (SQLite schema 9) ==
CREATE TABLE users (
  name          text PRIMARY KEY,
  role          text NOT NULL CHECK (role IN ('staff', 'archivist', 'manager', 'admin')),
  password_hash text NOT NULL DEFAULT '',
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_agencies (
  user_name   text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  agency_code text NOT NULL,
  PRIMARY KEY (user_name, agency_code)
);

CREATE TABLE user_tokens (
  token_sha256 text PRIMARY KEY,
  user_name    text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  label        text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);

CREATE TABLE user_sessions (
  id_sha256  text PRIMARY KEY,
  user_name  text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at bigint NOT NULL             -- seconds since 1970
);
CREATE INDEX user_sessions_by_user ON user_sessions (user_name);
