-- Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated

SET SESSION sql_mode = 'TRADITIONAL';

CREATE TABLE IF NOT EXISTS `alembic_version_progress` (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, statements_done INTEGER NOT NULL, statement_started INTEGER, last_statement_hash VARCHAR(16), PRIMARY KEY (revision));

CREATE TABLE IF NOT EXISTS `alembic_version` (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT `alembic_version_pkc` PRIMARY KEY (version_num)
);

-- Running upgrade  -> a1b2c3d4e5f6, create accounts

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('a1b2c3d4e5f6', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'a1b2c3d4e5f6';

CREATE TABLE fx_runs (revision VARCHAR(32) NOT NULL);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '8171c9658fb23029' WHERE revision = 'a1b2c3d4e5f6';

UPDATE `alembic_version_progress` SET statement_started = 2 WHERE revision = 'a1b2c3d4e5f6';

CREATE TABLE fx_accounts (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '659d5cb1967db1ff' WHERE revision = 'a1b2c3d4e5f6';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('a1b2c3d4e5f6');

UPDATE `alembic_version_progress` SET statements_done = 3, last_statement_hash = 'f4ce54238d283ed8' WHERE revision = 'a1b2c3d4e5f6';

COMMIT;

START TRANSACTION;

INSERT INTO `alembic_version` (version_num) VALUES ('a1b2c3d4e5f6');

DELETE FROM `alembic_version_progress` WHERE revision = 'a1b2c3d4e5f6';

COMMIT;

-- Running upgrade a1b2c3d4e5f6 -> b2c3d4e5f6a7, add account email

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('b2c3d4e5f6a7', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'b2c3d4e5f6a7';

ALTER TABLE fx_accounts ADD COLUMN email VARCHAR(100);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = 'e8687008b140c5bc' WHERE revision = 'b2c3d4e5f6a7';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('b2c3d4e5f6a7');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = 'd022c7dda2fa63de' WHERE revision = 'b2c3d4e5f6a7';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='b2c3d4e5f6a7' WHERE `alembic_version`.version_num = 'a1b2c3d4e5f6';

DELETE FROM `alembic_version_progress` WHERE revision = 'b2c3d4e5f6a7';

COMMIT;

-- Running upgrade b2c3d4e5f6a7 -> c3d4e5f6a7b8, create pools

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('c3d4e5f6a7b8', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'c3d4e5f6a7b8';

CREATE TABLE fx_pools (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '94f6e1b7c502ff86' WHERE revision = 'c3d4e5f6a7b8';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('c3d4e5f6a7b8');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '67d429759e291004' WHERE revision = 'c3d4e5f6a7b8';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='c3d4e5f6a7b8' WHERE `alembic_version`.version_num = 'b2c3d4e5f6a7';

DELETE FROM `alembic_version_progress` WHERE revision = 'c3d4e5f6a7b8';

COMMIT;

-- Running upgrade c3d4e5f6a7b8 -> d4e5f6a7b8c9, seed default account

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('d4e5f6a7b8c9', 'upgrade', 0);

START TRANSACTION;

INSERT INTO fx_accounts (id, name, email) VALUES (1, 'O''Brien \\ admin', 'root@example.org');

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '0b4a21238eced94e' WHERE revision = 'd4e5f6a7b8c9';

COMMIT;

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('d4e5f6a7b8c9');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = 'c52d6f3dd103360e' WHERE revision = 'd4e5f6a7b8c9';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='d4e5f6a7b8c9' WHERE `alembic_version`.version_num = 'c3d4e5f6a7b8';

DELETE FROM `alembic_version_progress` WHERE revision = 'd4e5f6a7b8c9';

COMMIT;

-- Running upgrade d4e5f6a7b8c9 -> e5f6a7b8c9d0, index pool names

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('e5f6a7b8c9d0', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'e5f6a7b8c9d0';

CREATE INDEX ix_fx_pools_name ON fx_pools (name);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '40f124a8e24da7be' WHERE revision = 'e5f6a7b8c9d0';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('e5f6a7b8c9d0');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = 'ef6161b1a52becb2' WHERE revision = 'e5f6a7b8c9d0';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='e5f6a7b8c9d0' WHERE `alembic_version`.version_num = 'd4e5f6a7b8c9';

DELETE FROM `alembic_version_progress` WHERE revision = 'e5f6a7b8c9d0';

COMMIT;

