-- Strict session ([database] mysql_sql_mode): a value that does not fit is an error, never truncated

SET SESSION sql_mode = 'TRADITIONAL';

-- Running stamp_revision  -> c3d4e5f6a7b8

CREATE TABLE IF NOT EXISTS `alembic_version` (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT `alembic_version_pkc` PRIMARY KEY (version_num)
);

CREATE TABLE IF NOT EXISTS `alembic_version_progress` (revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, statements_done INTEGER NOT NULL, statement_started INTEGER, last_statement_hash VARCHAR(16), PRIMARY KEY (revision));

DELETE FROM `alembic_version_progress`;

INSERT INTO `alembic_version` (version_num) VALUES ('c3d4e5f6a7b8');

