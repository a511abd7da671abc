-- sohoa's PostgreSQL catalog, schema 3: the search index (archive/postgres/search.cc).
SELECT 1;
