-- Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated

SET SESSION sql_mode = 'TRADITIONAL';

CREATE TABLE IF NOT EXISTS `alembic_version_progress` (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, statements_done INTEGER NOT NULL, statement_started INTEGER, last_statement_hash VARCHAR(16), PRIMARY KEY (revision));

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

