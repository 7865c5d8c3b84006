-- Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated

SET SESSION sql_mode = 'TRADITIONAL';

CREATE TABLE IF NOT EXISTS `alembic_version_progress` (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, statements_done INTEGER NOT NULL, statement_started INTEGER, last_statement_hash VARCHAR(16), PRIMARY KEY (revision));

-- Running downgrade e5f6a7b8c9d0 -> d4e5f6a7b8c9, index pool names

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('e5f6a7b8c9d0', 'downgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'e5f6a7b8c9d0';

DROP INDEX ix_fx_pools_name ON fx_pools;

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = 'a8c0c43dd85e74bb' WHERE revision = 'e5f6a7b8c9d0';

START TRANSACTION;

UPDATE `alembic_version` SET version_num='d4e5f6a7b8c9' WHERE `alembic_version`.version_num = 'e5f6a7b8c9d0';

DELETE FROM `alembic_version_progress` WHERE revision = 'e5f6a7b8c9d0';

COMMIT;

-- Running downgrade d4e5f6a7b8c9 -> c3d4e5f6a7b8, seed default account

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('d4e5f6a7b8c9', 'downgrade', 0);

START TRANSACTION;

DELETE FROM fx_accounts WHERE id = 1;

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '7c9cbcb300440333' WHERE revision = 'd4e5f6a7b8c9';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='c3d4e5f6a7b8' WHERE `alembic_version`.version_num = 'd4e5f6a7b8c9';

DELETE FROM `alembic_version_progress` WHERE revision = 'd4e5f6a7b8c9';

COMMIT;

-- Running downgrade c3d4e5f6a7b8 -> b2c3d4e5f6a7, create pools

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('c3d4e5f6a7b8', 'downgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'c3d4e5f6a7b8';

DROP TABLE fx_pools;

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '27bd8f49e5dcf28e' WHERE revision = 'c3d4e5f6a7b8';

START TRANSACTION;

UPDATE `alembic_version` SET version_num='b2c3d4e5f6a7' WHERE `alembic_version`.version_num = 'c3d4e5f6a7b8';

DELETE FROM `alembic_version_progress` WHERE revision = 'c3d4e5f6a7b8';

COMMIT;

-- Running downgrade b2c3d4e5f6a7 -> a1b2c3d4e5f6, add account email

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('b2c3d4e5f6a7', 'downgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'b2c3d4e5f6a7';

ALTER TABLE fx_accounts DROP COLUMN email;

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '6450578457f7b2f9' WHERE revision = 'b2c3d4e5f6a7';

START TRANSACTION;

UPDATE `alembic_version` SET version_num='a1b2c3d4e5f6' WHERE `alembic_version`.version_num = 'b2c3d4e5f6a7';

DELETE FROM `alembic_version_progress` WHERE revision = 'b2c3d4e5f6a7';

COMMIT;

-- Running downgrade a1b2c3d4e5f6 -> , create accounts

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('a1b2c3d4e5f6', 'downgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'a1b2c3d4e5f6';

DROP TABLE fx_accounts;

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '31f551dfeaf96517' WHERE revision = 'a1b2c3d4e5f6';

UPDATE `alembic_version_progress` SET statement_started = 2 WHERE revision = 'a1b2c3d4e5f6';

DROP TABLE fx_runs;

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '0d86b89c04cb980d' WHERE revision = 'a1b2c3d4e5f6';

START TRANSACTION;

DELETE FROM `alembic_version` WHERE `alembic_version`.version_num = 'a1b2c3d4e5f6';

DELETE FROM `alembic_version_progress` WHERE revision = 'a1b2c3d4e5f6';

COMMIT;

