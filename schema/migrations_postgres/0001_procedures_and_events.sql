-- sohoa's PostgreSQL catalog, schema 1: Vietnamese folding for search, the
-- procedure catalog and the append-only event log. Applied inside one
-- transaction by archive/postgres/migrate.cc, which also keeps the version
-- in sohoa_catalog. Times are timestamptz, shown as ISO 8601 UTC.

-- Search folds case, tone marks and đ (Đặng Văn Đức finds dang van duc):
-- unaccent() is not IMMUTABLE, so an index folds through a text search
-- configuration of its own, a copy of `simple` whose words pass through
-- unaccent first. unaccent is a trusted extension: the database's owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION sohoa_folded (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION sohoa_folded
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, simple;

-- The procedure catalog (TTHC), as in the SQLite catalog's schema 1 and 5.
CREATE TABLE procedures (
  code                  text PRIMARY KEY,
  position              integer NOT NULL,          -- order in the imported file
  name                  text NOT NULL,
  field                 text NOT NULL DEFAULT '',
  level                 text NOT NULL DEFAULT '',
  form_titles           text NOT NULL DEFAULT '',  -- '|'-separated, as in the CSV
  result_titles         text NOT NULL DEFAULT '',
  requires_paper_result boolean NOT NULL DEFAULT false,
  code_status           text NOT NULL DEFAULT '',
  retention             text NOT NULL DEFAULT ''   -- years, 'permanent', or '' (archive/retention.h)
);

-- What happened, to what, by whom: never changed, never deleted.
CREATE TABLE events (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  type    text NOT NULL,
  object  text NOT NULL,
  actor   text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
  detail  text NOT NULL DEFAULT ''
);
CREATE INDEX events_by_object ON events (object, id);
CREATE INDEX events_by_type ON events (type, id);

CREATE FUNCTION sohoa_events_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: events can never be changed or deleted'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER events_are_kept BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION sohoa_events_are_kept();
CREATE TRIGGER events_are_not_truncated BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION sohoa_events_are_kept();
