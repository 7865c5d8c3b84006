DROP TABLE fx_pg_only;
