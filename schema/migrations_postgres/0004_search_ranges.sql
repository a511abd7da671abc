-- sohoa's PostgreSQL catalog, schema 4: each province's search rows split
-- by range of page ids (archive/postgres/search_slices.h).
--
-- A search walks a province's matches newest first, slice by slice of page
-- ids (0003_search.sql). With one GIN index per province, each slice's
-- statement walked the posting list of the query's rarest word over the
-- whole province, a cost that grew with the archive: at 1,000,000 pages the
-- search benchmark's p95 was 87 ms. Split by ranges of 262,144 page ids, a
-- slice's statement reads the index of one range (the statement names the
-- slice's ids, and the planner leaves the other ranges out), whose size does
-- not grow with the archive: on 70,000 pages the same GIN scans ran 4-5
-- times faster than on 300,000.
--
-- search_pages_h32 (LIST partition of search_pages, one province) is now
-- itself partitioned BY RANGE (page_id): search_pages_h32_r3 holds ids
-- 786,432..1,048,575. The ranges are made as their first page is indexed
-- (sohoa_search_ranges, called by IndexDossiers). A province's rows indexed
-- before this schema stay in one partition (_r0) ending where the next
-- range begins: nothing is rewritten by the upgrade.

-- The first page id past the range of `page_id`.
CREATE FUNCTION sohoa_search_range_end(page_id bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((page_id >> 18) + 1) << 18
$$;

-- Every province partition becomes a partitioned table of ranges.
DO $$
DECLARE
  parts text[];
  name text;
  bound text;
  upto bigint;
BEGIN
  SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}') INTO parts
    FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
   WHERE h.inhparent = 'search_pages'::regclass AND c.relkind = 'r';
  FOREACH name IN ARRAY parts LOOP
    SELECT pg_get_expr(c.relpartbound, c.oid) INTO bound FROM pg_class c WHERE c.oid = name::regclass;
    EXECUTE format('SELECT sohoa_search_range_end(coalesce(max(page_id), 0)) FROM %I', name) INTO upto;
    EXECUTE format('ALTER TABLE search_pages DETACH PARTITION %I', name);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', name, name || '_r0');
    EXECUTE format('CREATE TABLE %I PARTITION OF search_pages %s PARTITION BY RANGE (page_id)', name, bound);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%s)', name, name || '_r0', upto);
  END LOOP;
END
$$;

-- Schema 3's maker of a province's partition made an unsplit table:
-- sohoa_search_ranges makes them now.
DROP FUNCTION sohoa_search_partition(text);

-- The ranges of the pages `page_ids` of provinces `provinces` (pairwise),
-- made where missing, with their province's partition (000.00.00.H32 ->
-- search_pages_h32, '' -> search_pages_none), under an advisory lock so
-- that writers meeting a new one together make it once. Making one locks
-- its province's rows against searches until the transaction commits: once
-- per province, then once per 262,144 page ids.
CREATE FUNCTION sohoa_search_ranges(provinces text[], page_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  wanted record;
  parent text;
  name text;
BEGIN
  FOR wanted IN
    SELECT DISTINCT p.province, sohoa_search_range_end(p.page_id) AS upto
      FROM unnest(provinces, page_ids) AS p (province, page_id)
  LOOP
    parent := 'search_pages_' || CASE WHEN wanted.province = '' THEN 'none'
                                      ELSE lower(substr(wanted.province, 11)) END;
    name := parent || '_r' || ((wanted.upto >> 18) - 1);
    CONTINUE WHEN to_regclass(name) IS NOT NULL;
    IF wanted.province <> '' AND wanted.province !~ '^000\.00\.00\.[A-Z][0-9]{2}$' THEN
      RAISE EXCEPTION 'no search partition for the province %', wanted.province;
    END IF;
    PERFORM pg_advisory_xact_lock(1397705808);
    BEGIN
      EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF search_pages FOR VALUES IN (%L) '
                     'PARTITION BY RANGE (page_id)', parent, wanted.province);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL;  -- made meanwhile by another writer
    END;
    BEGIN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)',
                     name, parent, wanted.upto - (1 << 18), wanted.upto);
    EXCEPTION
      WHEN duplicate_table OR unique_violation THEN
        NULL;  -- made meanwhile by another writer
      WHEN invalid_object_definition THEN
        NULL;  -- within the rows kept from before schema 4 (_r0)
    END;
  END LOOP;
END
$$;
