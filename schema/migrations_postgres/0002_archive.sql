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
  updated_at timestamptz DEFAULT now()  -- NULL: kept before SQLite's schema 8, time unknown
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

-- == The rates' rows and counts (archive/postgres/rates.cc) ==
-- A rate counts each register row with the dossier of the same code and its
-- reuse rows. Joined at report time that is tens of seconds at 10,000,000
-- register rows, and even one scan of the join, kept, takes seconds. So:
--   rate_rows    the join, one narrow row per code the register or the
--                archive holds, kept by triggers on register, dossiers and
--                reuse. Each side writes only its own columns and bits with
--                INSERT ... ON CONFLICT: a register import and an ingest of
--                the same code at once wait for each other on the row, and
--                both end up in it. Every write bumps `version`.
--   rate_counts  the rows summed per agency, procedure and month of
--                reception (the `a_` columns of a row say what it last added
--                there). A write leaves its row "pending" (version <>
--                applied_version); a report adds what pending rows changed
--                to rate_counts, and sohoa_rates_refresh() moves them in,
--                one caller at a time, so that writers never wait on a sum.
-- Agency and procedure codes are numbered (rate_agencies, rate_procedures)
-- so that rows stay small and group by integers. What a procedure requires
-- and its field are looked up per number at report time: a catalog import
-- changes nothing here. sohoa_rates_rebuild() makes both tables again from
-- register, dossiers and reuse, for a bulk load that ran with triggers off.
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
-- reuse, 64 missed reuse. The columns a report reads come first, fixed in
-- size and never NULL (0 for none): PostgreSQL then finds each at a known
-- offset instead of walking the row.
CREATE TABLE rate_rows (
  facts          smallint NOT NULL DEFAULT 0,
  agency         integer NOT NULL DEFAULT 0,  -- the register's agency_code (rate_agencies)
  scope_agency   integer NOT NULL DEFAULT 0,  -- the agency that received it: agency_code, else the code's
  procedure      integer NOT NULL DEFAULT 0,  -- the register's procedure_code (rate_procedures)
  received       integer NOT NULL DEFAULT 0,  -- the register's received date as YYYYMMDD, 0 undated
  d_scope_agency integer NOT NULL DEFAULT 0,  -- the archived dossier's receiving agency
  code           text PRIMARY KEY,
  d_received     text NOT NULL DEFAULT '',    -- the archived dossier's received date
  version         integer NOT NULL DEFAULT 1,
  applied_version integer NOT NULL DEFAULT 0,  -- the version rate_counts holds
  a_agency        integer NOT NULL DEFAULT 0,  -- what that version added there
  a_scope_agency  integer NOT NULL DEFAULT 0,
  a_procedure     integer NOT NULL DEFAULT 0,
  a_month         integer NOT NULL DEFAULT -1, -- YYYYMM, 0 undated, -1 nothing
  a_facts         smallint NOT NULL DEFAULT 0,
  -- A column, so that the planner knows from its statistics how few are.
  pending         boolean NOT NULL GENERATED ALWAYS AS (version <> applied_version) STORED
);
-- Archived, not in the register: RatesReport::unregistered_codes.
CREATE INDEX rate_rows_unregistered ON rate_rows (code) WHERE facts & 5 = 4;
-- In the register and archived, received by two agencies: counted a row at
-- a time, since a scope may hold one and not the other.
CREATE INDEX rate_rows_received_twice ON rate_rows (code) WHERE facts & 5 = 5 AND d_scope_agency <> scope_agency;
CREATE INDEX rate_rows_pending ON rate_rows (code) WHERE pending;
-- A period that begins or ends within a month counts that month's rows.
CREATE INDEX rate_rows_by_received ON rate_rows (received);

CREATE FUNCTION sohoa_rates_register() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE rate_rows t SET agency = 0, scope_agency = 0, procedure = 0, received = 0, facts = t.facts & ~3,
                           version = t.version + 1
      FROM old_register o WHERE t.code = o.dossier_code;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    UPDATE rate_rows t SET agency = 0, scope_agency = 0, procedure = 0, received = 0, facts = t.facts & ~3,
                           version = t.version + 1
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
         CASE WHEN n.received_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN replace(n.received_date, '-', '')::int ELSE 0 END,
         (1 | CASE WHEN n.e_result THEN 2 ELSE 0 END)::smallint
    FROM new_register n
    JOIN rate_agencies a ON a.code = n.agency_code
    JOIN rate_agencies s
      ON s.code = CASE WHEN n.agency_code <> '' THEN n.agency_code ELSE substr(n.dossier_code, 1, 13) END
    JOIN rate_procedures p ON p.code = n.procedure_code
  ON CONFLICT (code) DO UPDATE SET agency = EXCLUDED.agency, scope_agency = EXCLUDED.scope_agency,
    procedure = EXCLUDED.procedure, received = EXCLUDED.received, facts = (t.facts & ~3) | EXCLUDED.facts,
    version = t.version + 1;
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
    UPDATE rate_rows t SET d_scope_agency = 0, d_received = '', facts = t.facts & ~28, version = t.version + 1
      FROM old_dossiers o WHERE t.code = o.code;
    RETURN NULL;
  END IF;
  -- A statement's new rows, less (on UPDATE) those whose rate facts did not
  -- change: the count triggers update dossiers often.
  IF TG_OP = 'UPDATE' THEN
    UPDATE rate_rows t SET d_scope_agency = 0, d_received = '', facts = t.facts & ~28, version = t.version + 1
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
      facts = (t.facts & ~28) | EXCLUDED.facts, version = t.version + 1;
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
      facts = (t.facts & ~28) | EXCLUDED.facts, version = t.version + 1;
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
    ON CONFLICT (code) DO UPDATE SET facts = t.facts | EXCLUDED.facts, version = t.version + 1;
  ELSE
    UPDATE rate_rows t
       SET version = t.version + 1,
           facts = (t.facts & ~96) |
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

-- What rate_rows holds when the triggers kept it: sohoa_rates_rebuild()
-- writes it, and a catalog check compares (archive/postgres/registers.h).
-- The numbers of agencies and procedures must be there already.
CREATE VIEW rate_rows_expected AS
SELECT (CASE WHEN r.dossier_code IS NOT NULL THEN 1 ELSE 0 END | CASE WHEN r.e_result THEN 2 ELSE 0 END |
        CASE WHEN d.code IS NOT NULL THEN 4 ELSE 0 END | CASE WHEN d.paged_documents > 0 THEN 8 ELSE 0 END |
        CASE WHEN d.paged_results > 0 THEN 16 ELSE 0 END | coalesce(u.bits, 0))::smallint AS facts,
       coalesce(a.id, 0) AS agency, coalesce(s.id, 0) AS scope_agency, coalesce(p.id, 0) AS procedure,
       CASE WHEN r.received_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN replace(r.received_date, '-', '')::int ELSE 0 END
         AS received,
       coalesce(ds.id, 0) AS d_scope_agency, coalesce(r.dossier_code, d.code, u.dossier_code) AS code,
       coalesce(d.received_date, '') AS d_received
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

-- The month of reception under which a row is summed in rate_counts: rows
-- in the register, unless their dossier was received by another agency
-- (those are counted a row at a time); -1 for the others.
CREATE FUNCTION sohoa_rate_month(facts smallint, received integer, scope_agency integer, d_scope_agency integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN facts & 1 <> 0 AND NOT (facts & 4 <> 0 AND d_scope_agency <> scope_agency)
              THEN received / 100 ELSE -1 END
$$;

-- Per agency, procedure and month: the rows, and of them those with the
-- register's electronic result (e), archived (a), with a paged document
-- (p), with that and an electronic result (pe), with an electronic result
-- (el: the register's, or a paged result), explicit (u) and missed (m)
-- reuse. archive/postgres/rates.cc makes the rates' cells of these.
CREATE TABLE rate_counts (
  agency       integer NOT NULL,
  scope_agency integer NOT NULL,
  procedure    integer NOT NULL,
  month        integer NOT NULL,
  n bigint NOT NULL, e bigint NOT NULL, a bigint NOT NULL, p bigint NOT NULL, pe bigint NOT NULL,
  el bigint NOT NULL, u bigint NOT NULL, m bigint NOT NULL,
  PRIMARY KEY (agency, scope_agency, procedure, month)
);

-- What each row adds to rate_counts now.
CREATE VIEW rate_rows_counted AS
SELECT code, version, pending, agency, scope_agency, procedure,
       sohoa_rate_month(facts, received, scope_agency, d_scope_agency) AS month, 1 AS n,
       (facts & 2 <> 0)::int AS e, (facts & 4 <> 0)::int AS a, (facts & 8 <> 0)::int AS p,
       (facts & 8 <> 0 AND facts & 18 <> 0)::int AS pe, (facts & 18 <> 0)::int AS el,
       (facts & 32 <> 0)::int AS u, (facts & 64 <> 0)::int AS m
  FROM rate_rows
 WHERE sohoa_rate_month(facts, received, scope_agency, d_scope_agency) >= 0;

-- What each pending row changes in rate_counts: what it adds now, less
-- what it added when last summed.
CREATE VIEW rate_counts_pending AS
SELECT code, version, agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m
  FROM rate_rows_counted WHERE pending
UNION ALL
SELECT code, version, a_agency, a_scope_agency, a_procedure, a_month, -1,
       -(a_facts & 2 <> 0)::int, -(a_facts & 4 <> 0)::int, -(a_facts & 8 <> 0)::int,
       -(a_facts & 8 <> 0 AND a_facts & 18 <> 0)::int, -(a_facts & 18 <> 0)::int,
       -(a_facts & 32 <> 0)::int, -(a_facts & 64 <> 0)::int
  FROM rate_rows
 WHERE pending AND a_month >= 0;

-- Moves the pending rows into rate_counts; how many. One caller at a time
-- (an advisory lock); rows a writer holds are left for the next call, and
-- so is a row written again since this statement's snapshot.
CREATE FUNCTION sohoa_rates_refresh() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('sohoa_rates_refresh'));
  WITH picked AS MATERIALIZED (
    SELECT code, version FROM rate_rows WHERE pending FOR UPDATE SKIP LOCKED
  ), summed AS (
    INSERT INTO rate_counts AS c (agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m)
    SELECT v.agency, v.scope_agency, v.procedure, v.month, sum(v.n), sum(v.e), sum(v.a), sum(v.p), sum(v.pe),
           sum(v.el), sum(v.u), sum(v.m)
      FROM picked k
      -- Each picked row's own, looked up by its code (OFFSET 0 keeps it a
      -- lookup: as a join it would go by the planner's guess of how many
      -- rows are pending, which statistics rarely know).
      CROSS JOIN LATERAL (SELECT * FROM rate_counts_pending x WHERE x.code = k.code AND x.version = k.version
                          OFFSET 0) v
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (agency, scope_agency, procedure, month) DO UPDATE SET
      n = c.n + EXCLUDED.n, e = c.e + EXCLUDED.e, a = c.a + EXCLUDED.a, p = c.p + EXCLUDED.p,
      pe = c.pe + EXCLUDED.pe, el = c.el + EXCLUDED.el, u = c.u + EXCLUDED.u, m = c.m + EXCLUDED.m
  ), marked AS (
    UPDATE rate_rows t
       SET applied_version = t.version, a_agency = t.agency, a_scope_agency = t.scope_agency,
           a_procedure = t.procedure, a_facts = t.facts,
           a_month = sohoa_rate_month(t.facts, t.received, t.scope_agency, t.d_scope_agency)
      FROM picked k WHERE t.code = k.code AND t.version = k.version
    RETURNING 1
  )
  SELECT count(*) INTO moved FROM marked;
  RETURN moved;
END
$$;

CREATE FUNCTION sohoa_rates_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('sohoa_rates_refresh'));
  DELETE FROM rate_rows;
  DELETE FROM rate_counts;
  INSERT INTO rate_agencies (code)
  SELECT code FROM (SELECT agency_code AS code FROM register
                    UNION SELECT CASE WHEN agency_code <> '' THEN agency_code ELSE substr(dossier_code, 1, 13) END
                            FROM register
                    UNION SELECT CASE WHEN agency_code <> '' THEN agency_code ELSE substr(code, 1, 13) END
                            FROM dossiers) s
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO rate_procedures (code) SELECT DISTINCT procedure_code FROM register ON CONFLICT (code) DO NOTHING;
  INSERT INTO rate_rows (facts, agency, scope_agency, procedure, received, d_scope_agency, code, d_received,
                         applied_version, a_agency, a_scope_agency, a_procedure, a_month, a_facts)
  SELECT e.*, 1, e.agency, e.scope_agency, e.procedure,
         sohoa_rate_month(e.facts, e.received, e.scope_agency, e.d_scope_agency), e.facts
    FROM rate_rows_expected e;
  INSERT INTO rate_counts (agency, scope_agency, procedure, month, n, e, a, p, pe, el, u, m)
  SELECT agency, scope_agency, procedure, month, sum(n), sum(e), sum(a), sum(p), sum(pe), sum(el), sum(u), sum(m)
    FROM rate_rows_counted GROUP BY 1, 2, 3, 4;
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
