-- A plain-SQL revision: the generic version (SQLite runs this one).
CREATE TABLE fx_sql (
    id INTEGER PRIMARY KEY,
    note VARCHAR(100)
);
/* a block comment; with a semicolon */
INSERT INTO fx_sql (id, note) VALUES (1, 'semi;colon -- not a comment');
INSERT INTO fx_sql (id, note) VALUES (2, 'it''s quoted');
