PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE IF NOT EXISTS "alembic_version" (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT "alembic_version_pkc" PRIMARY KEY (version_num)
);

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade  -> a1b2c3d4e5f6, create accounts

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_runs (revision VARCHAR(32) NOT NULL);

CREATE TABLE fx_accounts (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL);

INSERT INTO fx_runs (revision) VALUES ('a1b2c3d4e5f6');

INSERT INTO "alembic_version" (version_num) VALUES ('a1b2c3d4e5f6');

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade a1b2c3d4e5f6 -> b2c3d4e5f6a7, add account email

PRAGMA foreign_keys = OFF;

BEGIN;

ALTER TABLE fx_accounts ADD COLUMN email VARCHAR(100);

INSERT INTO fx_runs (revision) VALUES ('b2c3d4e5f6a7');

UPDATE "alembic_version" SET version_num='b2c3d4e5f6a7' WHERE "alembic_version".version_num = 'a1b2c3d4e5f6';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade b2c3d4e5f6a7 -> c3d4e5f6a7b8, create pools

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_pools (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));

INSERT INTO fx_runs (revision) VALUES ('c3d4e5f6a7b8');

UPDATE "alembic_version" SET version_num='c3d4e5f6a7b8' WHERE "alembic_version".version_num = 'b2c3d4e5f6a7';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade c3d4e5f6a7b8 -> d4e5f6a7b8c9, seed default account

PRAGMA foreign_keys = OFF;

BEGIN;

INSERT INTO fx_accounts (id, name, email) VALUES (1, 'O''Brien \ admin', 'root@example.org');

INSERT INTO fx_runs (revision) VALUES ('d4e5f6a7b8c9');

UPDATE "alembic_version" SET version_num='d4e5f6a7b8c9' WHERE "alembic_version".version_num = 'c3d4e5f6a7b8';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running upgrade d4e5f6a7b8c9 -> e5f6a7b8c9d0, index pool names

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE INDEX ix_fx_pools_name ON fx_pools (name);

INSERT INTO fx_runs (revision) VALUES ('e5f6a7b8c9d0');

UPDATE "alembic_version" SET version_num='e5f6a7b8c9d0' WHERE "alembic_version".version_num = 'd4e5f6a7b8c9';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

