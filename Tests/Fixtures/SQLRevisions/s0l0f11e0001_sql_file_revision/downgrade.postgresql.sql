-- The function goes first: it reads the table.
DROP FUNCTION fx_sql_count();
DROP TABLE fx_sql;
