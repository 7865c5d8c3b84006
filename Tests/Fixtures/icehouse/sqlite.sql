-- An Icehouse-era VDI database (sqlite): the schema VDI's Icehouse release created, some rows,
-- and no version table. Load it with the database's own client, then: stamp icehouse; upgrade head.

CREATE TABLE "services" (
    "id" INTEGER NOT NULL,
    "host" VARCHAR(255),
    "binary" VARCHAR(255),
    "topic" VARCHAR(255),
    "report_count" INTEGER DEFAULT 0 NOT NULL,
    "disabled" BOOLEAN DEFAULT 0 NOT NULL,
    "created_at" DATETIME,
    "updated_at" DATETIME,
    "deleted_at" DATETIME,
    "deleted" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "pk_services" PRIMARY KEY ("id")
);

CREATE INDEX "ix_services_host_binary" ON "services" ("host", "binary");

CREATE TABLE "hosts" (
    "id" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL,
    "hostname" VARCHAR(255) NOT NULL,
    "vcpus" INTEGER DEFAULT 0 NOT NULL,
    "memory_mb" INTEGER DEFAULT 0 NOT NULL,
    "state" VARCHAR(4) DEFAULT 'up' NOT NULL,
    "created_at" DATETIME,
    "updated_at" DATETIME,
    "deleted_at" DATETIME,
    "deleted" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "pk_hosts" PRIMARY KEY ("id"),
    CONSTRAINT "fk_hosts_service_id_services" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE CASCADE
);

CREATE TABLE "images" (
    "id" INTEGER NOT NULL,
    "uuid" VARCHAR(36) NOT NULL,
    "name" VARCHAR(64),
    "os" VARCHAR(64),
    "size" INTEGER,
    "project_id" VARCHAR(255),
    "created_at" DATETIME,
    "updated_at" DATETIME,
    "deleted_at" DATETIME,
    "deleted" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "pk_images" PRIMARY KEY ("id"),
    CONSTRAINT "uq_images_uuid" UNIQUE ("uuid")
);

CREATE TABLE "pools" (
    "id" INTEGER NOT NULL,
    "uuid" VARCHAR(36) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "project_id" VARCHAR(255),
    "image_id" INTEGER,
    "pool_type" VARCHAR(10) DEFAULT 'pooled' NOT NULL,
    "min_size" INTEGER DEFAULT 0 NOT NULL,
    "max_size" INTEGER DEFAULT 10 NOT NULL,
    "price_per_hour" NUMERIC(10, 4) DEFAULT 0,
    "created_at" DATETIME,
    "updated_at" DATETIME,
    "deleted_at" DATETIME,
    "deleted" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "pk_pools" PRIMARY KEY ("id"),
    CONSTRAINT "uq_pools_uuid" UNIQUE ("uuid"),
    CONSTRAINT "fk_pools_image_id_images" FOREIGN KEY ("image_id") REFERENCES "images" ("id") ON DELETE SET NULL
);

CREATE TABLE "desktops" (
    "id" INTEGER NOT NULL,
    "pool_id" INTEGER NOT NULL,
    "host_id" INTEGER,
    "name" VARCHAR(255),
    "state" VARCHAR(8) DEFAULT 'building' NOT NULL,
    "assigned_user" VARCHAR(255),
    "ip_address" VARCHAR(39),
    "last_login_at" DATETIME,
    "created_at" DATETIME,
    "updated_at" DATETIME,
    "deleted_at" DATETIME,
    "deleted" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "pk_desktops" PRIMARY KEY ("id"),
    CONSTRAINT "fk_desktops_pool_id_pools" FOREIGN KEY ("pool_id") REFERENCES "pools" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_desktops_host_id_hosts" FOREIGN KEY ("host_id") REFERENCES "hosts" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_desktops_pool_id" ON "desktops" ("pool_id");

CREATE TABLE "quotas" (
    "id" INTEGER NOT NULL,
    "project_id" VARCHAR(255),
    "resource" VARCHAR(255) NOT NULL,
    "hard_limit" INTEGER,
    "created_at" DATETIME,
    "updated_at" DATETIME,
    "deleted_at" DATETIME,
    "deleted" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "pk_quotas" PRIMARY KEY ("id")
);

CREATE TABLE "pool_stats" (
    "pool_id" INTEGER NOT NULL,
    "sampled_at" DATETIME NOT NULL,
    "active_count" INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT "fk_pool_stats_pool_id_pools" FOREIGN KEY ("pool_id") REFERENCES "pools" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_pool_stats_pool_id" ON "pool_stats" ("pool_id");

INSERT INTO services (id, host, "binary", topic, report_count, disabled, created_at, deleted) VALUES
    (1, 'ctl-1', 'vdi-conductor', 'conductor', 42, FALSE, '2014-05-01 10:00:00', 0),
    (2, 'cmp-1', 'vdi-agent', 'agent', 7, FALSE, '2014-05-01 10:05:00', 0);

INSERT INTO hosts (id, service_id, hostname, vcpus, memory_mb, state, created_at, deleted) VALUES
    (1, 2, 'cmp-1.example.org', 32, 262144, 'up', '2014-05-01 10:06:00', 0),
    (2, 2, 'cmp-2.example.org', 16, 131072, 'down', '2014-05-01 10:07:00', 0);

INSERT INTO images (id, uuid, name, os, size, project_id, created_at, deleted) VALUES
    (1, '5d0c1f7e-0000-4000-8000-000000000001', 'Ubuntu Desktop', 'ubuntu 14.04', 2147483000, 'proj-a', '2014-05-01 11:00:00', 0),
    (2, '5d0c1f7e-0000-4000-8000-000000000002', 'Windows 7', 'windows', 4000, 'proj-b', '2014-05-01 11:01:00', 0),
    (3, '5d0c1f7e-0000-4000-8000-000000000003', 'Broken upload', 'centos 6.5', -5, 'proj-a', '2014-05-01 11:02:00', 0);

INSERT INTO pools (id, uuid, name, project_id, image_id, pool_type, min_size, max_size, price_per_hour, created_at, deleted) VALUES
    (1, '7a1b2c3d-0000-4000-8000-000000000001', 'Engineering', 'proj-a', 1, 'persistent', 2, 5, 0.2500, '2014-05-01 12:00:00', 0),
    (2, '7a1b2c3d-0000-4000-8000-000000000002', 'Call center', 'proj-b', 2, 'pooled', 8, 4, 0.1000, '2014-05-01 12:01:00', 0);

INSERT INTO desktops (id, pool_id, host_id, name, state, assigned_user, ip_address, last_login_at, created_at, deleted) VALUES
    (1, 1, 1, 'eng-01', 'active', 'alice', '10.0.0.11', '2014-05-02 08:00:00', '2014-05-01 13:00:00', 0),
    (2, 1, 2, 'eng-02', 'stopped', 'bob', '10.0.0.12', NULL, '2014-05-01 13:01:00', 0),
    (3, 2, 1, 'cc-01', 'building', NULL, NULL, '2014-05-03 09:30:00', '2014-05-01 13:02:00', 0);

INSERT INTO quotas (id, project_id, resource, hard_limit, created_at, deleted) VALUES
    (1, 'proj-a', 'desktops', 10, '2014-05-01 14:00:00', 0);

INSERT INTO pool_stats (pool_id, sampled_at, active_count) VALUES
    (1, '2014-05-02 00:00:00', 1),
    (1, '2014-05-02 00:00:00', 3),
    (2, '2014-05-02 00:00:00', 0);
