-- case: createTable
CREATE TABLE "pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");

-- case: dropTable
DROP TABLE "pools";

-- case: renameTable
ALTER TABLE "pools" RENAME TO "desktop pools";

-- case: addColumn
ALTER TABLE "pools" ADD COLUMN "quota" INTEGER DEFAULT 10 NOT NULL;

-- case: dropColumn
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id") SELECT "id", "name", "status", "image_id" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;

-- case: alterColumnType
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(255) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: alterColumnNullable
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER NOT NULL,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: alterColumnDefault
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: alterColumnRename
ALTER TABLE "pools" RENAME COLUMN "image_id" TO "base_image_id";

-- case: alterColumnComment


-- case: alterEnumAddValue


-- case: createIndex
CREATE UNIQUE INDEX "ix_pools_name" ON "pools" ("name", "status");

-- case: dropIndex
DROP INDEX "ix_pools_image_id_created_at";

-- case: addUnique
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "uq_pools_image" UNIQUE ("image_id"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: dropUnique
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: addForeignKey
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_pools_owner" FOREIGN KEY ("image_id") REFERENCES "owners" ("id") ON DELETE CASCADE ON UPDATE RESTRICT,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: dropForeignKey
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: addCheck
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> ''),
    CONSTRAINT "ck_pools_image" CHECK (image_id > 0)
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: dropCheck
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: addPrimaryKey
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id", "name"),
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: dropPrimaryKey
PRAGMA foreign_keys = OFF;
CREATE TABLE "_vdi_new_pools" (
    "id" INTEGER NOT NULL,
    "name" VARCHAR(64) DEFAULT 'it''s' NOT NULL,
    "status" VARCHAR(8) DEFAULT 'active' NOT NULL,
    "image_id" INTEGER,
    "created_at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "uq_pools_name" UNIQUE ("name"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL,
    CONSTRAINT "ck_pools_name" CHECK (name <> '')
);
INSERT INTO "_vdi_new_pools" ("id", "name", "status", "image_id", "created_at") SELECT "id", "name", "status", "image_id", "created_at" FROM "pools";
DROP TABLE "pools";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_vdi_new_pools" RENAME TO "pools";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "ix_pools_image_id_created_at" ON "pools" ("image_id", "created_at");
PRAGMA foreign_key_check("pools");
PRAGMA foreign_keys = ON;

-- case: execute
UPDATE pools SET name = upper(name);

-- case: bulkInsert
INSERT INTO "pools" ("id", "name") VALUES
    (1, 'O''Neil \ x'),
    (2, NULL);
INSERT INTO "pools" ("id", "name") VALUES
    (3, 'z');

