-- Running downgrade e5f6a7b8c9d0 -> d4e5f6a7b8c9, index pool names

PRAGMA foreign_keys = OFF;

BEGIN;

DROP INDEX ix_fx_pools_name;

UPDATE "alembic_version" SET version_num='d4e5f6a7b8c9' WHERE "alembic_version".version_num = 'e5f6a7b8c9d0';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running downgrade d4e5f6a7b8c9 -> c3d4e5f6a7b8, seed default account

PRAGMA foreign_keys = OFF;

BEGIN;

DELETE FROM fx_accounts WHERE id = 1;

UPDATE "alembic_version" SET version_num='c3d4e5f6a7b8' WHERE "alembic_version".version_num = 'd4e5f6a7b8c9';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running downgrade c3d4e5f6a7b8 -> b2c3d4e5f6a7, create pools

PRAGMA foreign_keys = OFF;

BEGIN;

DROP TABLE fx_pools;

UPDATE "alembic_version" SET version_num='b2c3d4e5f6a7' WHERE "alembic_version".version_num = 'c3d4e5f6a7b8';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running downgrade b2c3d4e5f6a7 -> a1b2c3d4e5f6, add account email

PRAGMA foreign_keys = OFF;

BEGIN;

ALTER TABLE fx_accounts DROP COLUMN email;

UPDATE "alembic_version" SET version_num='a1b2c3d4e5f6' WHERE "alembic_version".version_num = 'b2c3d4e5f6a7';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- Running downgrade a1b2c3d4e5f6 -> , create accounts

PRAGMA foreign_keys = OFF;

BEGIN;

DROP TABLE fx_accounts;

DROP TABLE fx_runs;

DELETE FROM "alembic_version" WHERE "alembic_version".version_num = 'a1b2c3d4e5f6';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys = ON;

