-- Running upgrade b2c3d4e5f6a7 -> c3d4e5f6a7b8, create pools

PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE fx_pools (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));

INSERT INTO fx_runs (revision) VALUES ('c3d4e5f6a7b8');

UPDATE "alembic_version" SET version_num='c3d4e5f6a7b8' WHERE "alembic_version".version_num = 'b2c3d4e5f6a7';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

