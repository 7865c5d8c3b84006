PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE IF NOT EXISTS "alembic_version" (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT "alembic_version_pkc" PRIMARY KEY (version_num)
);

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade  -> a1b2c3d4e5f6, root

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_runs (revision VARCHAR(32) NOT NULL);

INSERT INTO "alembic_version" (version_num) VALUES ('a1b2c3d4e5f6');

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade a1b2c3d4e5f6 -> 1000aaaa0002, common

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_common (id INTEGER NOT NULL PRIMARY KEY);

INSERT INTO fx_runs (revision) VALUES ('1000aaaa0002');

UPDATE "alembic_version" SET version_num='1000aaaa0002' WHERE "alembic_version".version_num = 'a1b2c3d4e5f6';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade 1000aaaa0002 -> 2000bbbb0001, alpha starts

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_alpha (id INTEGER NOT NULL PRIMARY KEY);

INSERT INTO fx_runs (revision) VALUES ('2000bbbb0001');

UPDATE "alembic_version" SET version_num='2000bbbb0001' WHERE "alembic_version".version_num = '1000aaaa0002';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade 1000aaaa0002 -> 3000cccc0001, beta starts

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_beta (id INTEGER NOT NULL PRIMARY KEY);

INSERT INTO fx_runs (revision) VALUES ('3000cccc0001');

INSERT INTO "alembic_version" (version_num) VALUES ('3000cccc0001');

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade 2000bbbb0001 -> 2000bbbb0002, alpha grows

PRAGMA foreign_keys = OFF;

BEGIN;

ALTER TABLE fx_alpha ADD COLUMN size INTEGER;

INSERT INTO fx_runs (revision) VALUES ('2000bbbb0002');

UPDATE "alembic_version" SET version_num='2000bbbb0002' WHERE "alembic_version".version_num = '2000bbbb0001';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade 3000cccc0001 -> 3000cccc0002, beta uses alpha

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_beta_alpha (alpha_id INTEGER, beta_id INTEGER);

INSERT INTO fx_runs (revision) VALUES ('3000cccc0002');

UPDATE "alembic_version" SET version_num='3000cccc0002' WHERE "alembic_version".version_num = '3000cccc0001';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade 2000bbbb0002, 3000cccc0002 -> 4000dddd0001, merge alpha and beta

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_merged (id INTEGER NOT NULL PRIMARY KEY);

INSERT INTO fx_runs (revision) VALUES ('4000dddd0001');

DELETE FROM "alembic_version" WHERE "alembic_version".version_num = '3000cccc0002';

UPDATE "alembic_version" SET version_num='4000dddd0001' WHERE "alembic_version".version_num = '2000bbbb0002';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

