-- MySQL/MariaDB: backslash escapes in strings.
CREATE TABLE fx_sql (id INTEGER PRIMARY KEY, note VARCHAR(100)) ENGINE=InnoDB;
INSERT INTO fx_sql (id, note) VALUES (1, 'semi;colon -- not a comment'), (2, 'it\'s quoted');
