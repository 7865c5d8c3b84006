DROP TABLE fx_sql;
