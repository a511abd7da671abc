-- The archived side of rates_bench's synthetic province, for a PostgreSQL
-- catalog whose register `sohoa-rates-bench --register-only` filled: the
-- same proportions as the SQLite fill in rates_bench.cc (85% of the register
-- archived, each with a receipt and a form, 70% with a scanned result, 3%
-- with a receipt not yet paged; 1% explicit reuse, 0.5% missed; register
-- rows / 50 archived dossiers the register lacks), drawn from a hash of the
-- dossier code instead of the C++ generator, so the figures match the
-- SQLite run's to within a fraction of a percent, not exactly.
--
-- The rates read rate_rows (the register joined with each dossier's
-- paged_documents and paged_results and its reuse, kept by triggers as rows
-- are stored): the load runs with triggers off, writes each dossier's counts
-- directly and leaves its documents and pages out (the rates do not read
-- them), then makes rate_rows with sohoa_rates_rebuild(), as a bulk load
-- would (schema/migrations_postgres/0002_archive.sql). Run by
-- catalog_bench.sh as the cluster's superuser:
--   psql URL -v ON_ERROR_STOP=1 -f tools/bench/rates_fill_postgresql.sql
\timing on
SET session_replication_role = replica;

CREATE TEMP TABLE drawn AS
SELECT dossier_code AS code,
       '20' || substr(dossier_code, 15, 2) || '-' || substr(dossier_code, 17, 2) || '-' ||
         substr(dossier_code, 19, 2) AS received_date,
       (abs(hashtext(dossier_code || '/archived')) % 1000) < 850 AS archived,
       (abs(hashtext(dossier_code || '/result')) % 1000) < 700 AS has_result,
       (abs(hashtext(dossier_code || '/unpaged')) % 1000) < 30 AS receipt_unpaged
FROM register;

INSERT INTO dossiers (code, code_source, agency_code, received_date, paged_documents, paged_results)
SELECT code, 'filename', substr(code, 1, 13), received_date,
       2 + has_result::int - receipt_unpaged::int, has_result::int
FROM drawn WHERE archived;

-- Dossiers the register lacks (received 2024-01-01, district offices).
INSERT INTO dossiers (code, code_source, agency_code, received_date, paged_documents, paged_results)
SELECT code, 'filename', substr(code, 1, 13), '2024-01-01', 2 + r::int, r::int
FROM (SELECT format('000.00.%s.H32-240101-%s', lpad((1 + i % 9)::text, 2, '0'),
                    lpad((5000 + i % 5000)::text, 4, '0')) ||
               CASE WHEN i >= 5000 THEN '-' || i ELSE '' END AS code,
             (abs(hashtext(i::text || '/result')) % 1000) < 700 AS r
      FROM generate_series(0, (SELECT count(*) FROM register) / 50 - 1) AS i) extra
ON CONFLICT (code) DO NOTHING;

INSERT INTO reuse (dossier_code, component, source, kind)
SELECT code, 'CCCD', code || '.1', kind
FROM drawn, (VALUES ('explicit', 10), ('missed', 5)) AS k(kind, per_mille)
WHERE (abs(hashtext(code || '/' || kind)) % 1000) < per_mille
ON CONFLICT DO NOTHING;

SET session_replication_role = DEFAULT;
SELECT sohoa_rates_rebuild();
VACUUM ANALYZE dossiers;
VACUUM ANALYZE register;
VACUUM ANALYZE reuse;
VACUUM ANALYZE rate_rows;
VACUUM ANALYZE rate_counts;
SELECT (SELECT count(*) FROM register) AS register_rows, (SELECT count(*) FROM dossiers) AS dossiers,
       (SELECT count(*) FROM reuse) AS reuse_rows;
