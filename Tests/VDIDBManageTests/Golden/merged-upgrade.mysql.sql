-- Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated

SET SESSION sql_mode = 'TRADITIONAL';

CREATE TABLE IF NOT EXISTS `alembic_version_progress` (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, statements_done INTEGER NOT NULL, statement_started INTEGER, last_statement_hash VARCHAR(16), PRIMARY KEY (revision));

CREATE TABLE IF NOT EXISTS `alembic_version` (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT `alembic_version_pkc` PRIMARY KEY (version_num)
);

-- Running upgrade  -> a1b2c3d4e5f6, root

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('a1b2c3d4e5f6', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = 'a1b2c3d4e5f6';

CREATE TABLE fx_runs (revision VARCHAR(32) NOT NULL);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '8171c9658fb23029' WHERE revision = 'a1b2c3d4e5f6';

START TRANSACTION;

INSERT INTO `alembic_version` (version_num) VALUES ('a1b2c3d4e5f6');

DELETE FROM `alembic_version_progress` WHERE revision = 'a1b2c3d4e5f6';

COMMIT;

-- Running upgrade a1b2c3d4e5f6 -> 1000aaaa0002, common

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('1000aaaa0002', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = '1000aaaa0002';

CREATE TABLE fx_common (id INTEGER NOT NULL PRIMARY KEY);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '28567efee5171a1e' WHERE revision = '1000aaaa0002';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('1000aaaa0002');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '69fdf3d975b25a45' WHERE revision = '1000aaaa0002';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='1000aaaa0002' WHERE `alembic_version`.version_num = 'a1b2c3d4e5f6';

DELETE FROM `alembic_version_progress` WHERE revision = '1000aaaa0002';

COMMIT;

-- Running upgrade 1000aaaa0002 -> 2000bbbb0001, alpha starts

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('2000bbbb0001', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = '2000bbbb0001';

CREATE TABLE fx_alpha (id INTEGER NOT NULL PRIMARY KEY);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = 'd03df5fdd10c15f3' WHERE revision = '2000bbbb0001';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('2000bbbb0001');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = 'c4f0adb183291ff7' WHERE revision = '2000bbbb0001';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='2000bbbb0001' WHERE `alembic_version`.version_num = '1000aaaa0002';

DELETE FROM `alembic_version_progress` WHERE revision = '2000bbbb0001';

COMMIT;

-- Running upgrade 1000aaaa0002 -> 3000cccc0001, beta starts

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('3000cccc0001', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = '3000cccc0001';

CREATE TABLE fx_beta (id INTEGER NOT NULL PRIMARY KEY);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '85b67e3ee3f22bad' WHERE revision = '3000cccc0001';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('3000cccc0001');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '9e3874acefa65642' WHERE revision = '3000cccc0001';

COMMIT;

START TRANSACTION;

INSERT INTO `alembic_version` (version_num) VALUES ('3000cccc0001');

DELETE FROM `alembic_version_progress` WHERE revision = '3000cccc0001';

COMMIT;

-- Running upgrade 2000bbbb0001 -> 2000bbbb0002, alpha grows

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('2000bbbb0002', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = '2000bbbb0002';

ALTER TABLE fx_alpha ADD COLUMN size INTEGER;

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '3dc595076cdd3ce6' WHERE revision = '2000bbbb0002';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('2000bbbb0002');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = 'ccabf2b187467616' WHERE revision = '2000bbbb0002';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='2000bbbb0002' WHERE `alembic_version`.version_num = '2000bbbb0001';

DELETE FROM `alembic_version_progress` WHERE revision = '2000bbbb0002';

COMMIT;

-- Running upgrade 3000cccc0001 -> 3000cccc0002, beta uses alpha

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('3000cccc0002', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = '3000cccc0002';

CREATE TABLE fx_beta_alpha (alpha_id INTEGER, beta_id INTEGER);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '39826897746cf90e' WHERE revision = '3000cccc0002';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('3000cccc0002');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '956cbfaceaa10ea3' WHERE revision = '3000cccc0002';

COMMIT;

START TRANSACTION;

UPDATE `alembic_version` SET version_num='3000cccc0002' WHERE `alembic_version`.version_num = '3000cccc0001';

DELETE FROM `alembic_version_progress` WHERE revision = '3000cccc0002';

COMMIT;

-- Running upgrade 2000bbbb0002, 3000cccc0002 -> 4000dddd0001, merge alpha and beta

INSERT INTO `alembic_version_progress` (revision, direction, statements_done) VALUES ('4000dddd0001', 'upgrade', 0);

UPDATE `alembic_version_progress` SET statement_started = 1 WHERE revision = '4000dddd0001';

CREATE TABLE fx_merged (id INTEGER NOT NULL PRIMARY KEY);

UPDATE `alembic_version_progress` SET statements_done = 1, last_statement_hash = '5ddfa749b7f1217b' WHERE revision = '4000dddd0001';

START TRANSACTION;

INSERT INTO fx_runs (revision) VALUES ('4000dddd0001');

UPDATE `alembic_version_progress` SET statements_done = 2, last_statement_hash = '4d3d7db3d98d3aa9' WHERE revision = '4000dddd0001';

COMMIT;

START TRANSACTION;

DELETE FROM `alembic_version` WHERE `alembic_version`.version_num = '3000cccc0002';

UPDATE `alembic_version` SET version_num='4000dddd0001' WHERE `alembic_version`.version_num = '2000bbbb0002';

DELETE FROM `alembic_version_progress` WHERE revision = '4000dddd0001';

COMMIT;

