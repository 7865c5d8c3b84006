-- case: createTable
CREATE TABLE `pools` (
    `id` INTEGER AUTO_INCREMENT NOT NULL,
    `name` VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    `status` ENUM('active', 'draining') DEFAULT 'active' NOT NULL,
    `image_id` INTEGER,
    `created_at` DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT `pk_pools` PRIMARY KEY (`id`),
    CONSTRAINT `uq_pools_name` UNIQUE (`name`),
    CONSTRAINT `fk_pools_image_id_images` FOREIGN KEY (`image_id`) REFERENCES `images` (`id`) ON DELETE SET NULL,
    CONSTRAINT `ck_pools_name` CHECK (name <> '')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX `ix_pools_image_id_created_at` ON `pools` (`image_id`, `created_at`);

-- case: dropTable
DROP TABLE `pools`;

-- case: renameTable
RENAME TABLE `pools` TO `desktop pools`;

-- case: addColumn
ALTER TABLE `pools` ADD COLUMN `quota` INTEGER DEFAULT 10 NOT NULL COMMENT 'max desktops';

-- case: dropColumn
ALTER TABLE `pools` DROP COLUMN `created_at`;

-- case: alterColumnType
ALTER TABLE `pools` CHANGE COLUMN `name` `name` VARCHAR(255) DEFAULT 'it''s' NOT NULL;

-- case: alterColumnNullable
ALTER TABLE `pools` CHANGE COLUMN `image_id` `image_id` INTEGER NOT NULL;

-- case: alterColumnDefault
ALTER TABLE `pools` ALTER COLUMN `name` DROP DEFAULT;

-- case: alterColumnRename
ALTER TABLE `pools` CHANGE COLUMN `image_id` `base_image_id` INTEGER;

-- case: alterColumnComment
ALTER TABLE `pools` CHANGE COLUMN `name` `name` VARCHAR(64) DEFAULT 'it''s' NOT NULL COMMENT 'shown to users';

-- case: alterEnumAddValue
ALTER TABLE `pools` CHANGE COLUMN `status` `status` ENUM('active', 'draining', 'disabled') DEFAULT 'active' NOT NULL;

-- case: createIndex
CREATE UNIQUE INDEX `ix_pools_name` ON `pools` (`name`, `status`);

-- case: dropIndex
DROP INDEX `ix_pools_image_id_created_at` ON `pools`;

-- case: addUnique
ALTER TABLE `pools` ADD CONSTRAINT `uq_pools_image` UNIQUE (`image_id`);

-- case: dropUnique
ALTER TABLE `pools` DROP INDEX `uq_pools_name`;

-- case: addForeignKey
ALTER TABLE `pools` ADD CONSTRAINT `fk_pools_owner` FOREIGN KEY (`image_id`) REFERENCES `owners` (`id`) ON DELETE CASCADE ON UPDATE RESTRICT;

-- case: dropForeignKey
ALTER TABLE `pools` DROP FOREIGN KEY `fk_pools_image_id_images`;
ALTER TABLE `pools` DROP INDEX IF EXISTS `fk_pools_image_id_images`;

-- case: addCheck
ALTER TABLE `pools` ADD CONSTRAINT `ck_pools_image` CHECK (image_id > 0);

-- case: dropCheck
ALTER TABLE `pools` DROP CONSTRAINT `ck_pools_name`;

-- case: addPrimaryKey
ALTER TABLE `pools` ADD PRIMARY KEY (`id`, `name`);

-- case: dropPrimaryKey
ALTER TABLE `pools` DROP PRIMARY KEY;

-- case: execute
UPDATE pools SET name = UPPER(name);

-- case: bulkInsert
INSERT INTO `pools` (`id`, `name`) VALUES
    (1, 'O''Neil \\ x'),
    (2, NULL);
INSERT INTO `pools` (`id`, `name`) VALUES
    (3, 'z');

