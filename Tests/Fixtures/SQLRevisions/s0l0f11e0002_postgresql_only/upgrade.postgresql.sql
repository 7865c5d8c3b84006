CREATE TABLE fx_pg_only (id INTEGER);
