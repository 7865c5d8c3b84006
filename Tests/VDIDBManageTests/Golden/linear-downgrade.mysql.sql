-- Running downgrade e5f6a7b8c9d0 -> d4e5f6a7b8c9, index pool names

DROP INDEX ix_fx_pools_name ON fx_pools;

UPDATE `alembic_version` SET version_num='d4e5f6a7b8c9' WHERE `alembic_version`.version_num = 'e5f6a7b8c9d0';

-- Running downgrade d4e5f6a7b8c9 -> c3d4e5f6a7b8, seed default account

DELETE FROM fx_accounts WHERE id = 1;

UPDATE `alembic_version` SET version_num='c3d4e5f6a7b8' WHERE `alembic_version`.version_num = 'd4e5f6a7b8c9';

-- Running downgrade c3d4e5f6a7b8 -> b2c3d4e5f6a7, create pools

DROP TABLE fx_pools;

UPDATE `alembic_version` SET version_num='b2c3d4e5f6a7' WHERE `alembic_version`.version_num = 'c3d4e5f6a7b8';

-- Running downgrade b2c3d4e5f6a7 -> a1b2c3d4e5f6, add account email

ALTER TABLE fx_accounts DROP COLUMN email;

UPDATE `alembic_version` SET version_num='a1b2c3d4e5f6' WHERE `alembic_version`.version_num = 'b2c3d4e5f6a7';

-- Running downgrade a1b2c3d4e5f6 -> , create accounts

DROP TABLE fx_accounts;

DROP TABLE fx_runs;

DELETE FROM `alembic_version` WHERE `alembic_version`.version_num = 'a1b2c3d4e5f6';

