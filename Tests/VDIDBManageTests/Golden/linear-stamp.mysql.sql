-- Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated

SET SESSION sql_mode = 'TRADITIONAL';

-- Running stamp_revision  -> c3d4e5f6a7b8

CREATE TABLE `alembic_version` (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT `alembic_version_pkc` PRIMARY KEY (version_num)
);

INSERT INTO `alembic_version` (version_num) VALUES ('c3d4e5f6a7b8');

