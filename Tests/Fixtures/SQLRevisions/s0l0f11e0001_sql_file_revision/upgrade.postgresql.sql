-- PostgreSQL: the same table, and a function whose body holds semicolons.
CREATE TABLE fx_sql (id INTEGER PRIMARY KEY, note VARCHAR(100));
INSERT INTO fx_sql (id, note) VALUES (1, 'semi;colon -- not a comment'), (2, 'it''s quoted');
CREATE FUNCTION fx_sql_count() RETURNS integer AS $body$
BEGIN
    -- a semicolon; and a quote ' in a comment inside the body
    RETURN (SELECT count(*) FROM fx_sql);
END;
$body$ LANGUAGE plpgsql;
