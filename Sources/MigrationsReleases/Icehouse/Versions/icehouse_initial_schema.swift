import MigrationKit

/// The schema as VDI's Icehouse release created it.
///
/// Revision ID: icehouse
/// Revises:
/// Create Date: 2014-04-17 12:00:00
struct Revision_icehouse: MigrationScript {
    static let id = "icehouse"
    static let parents: [String] = []
    static let milestones = ["icehouse"]
    static let message = "initial schema (Icehouse)"
    static let createDate: String? = "2014-04-17 12:00:00"

    func upgrade(_ op: Operations) throws {
        let audit = [
            Column("created_at", .dateTime(timezone: false)),
            Column("updated_at", .dateTime(timezone: false)),
            Column("deleted_at", .dateTime(timezone: false)),
            Column("deleted", .integer, nullable: false, default: .integer(0)),
        ]
        try op.createTable(Table("services", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("host", .string(length: 255))
            Column("binary", .string(length: 255))
            Column("topic", .string(length: 255))
            Column("report_count", .integer, nullable: false, default: .integer(0))
            Column("disabled", .boolean, nullable: false, default: .boolean(false))
            audit
            Key.primary("id")
            Key.index("host", "binary")
        })
        try op.createTable(Table("hosts", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("service_id", .integer, nullable: false)
            Column("hostname", .string(length: 255), nullable: false)
            Column("vcpus", .integer, nullable: false, default: .integer(0))
            Column("memory_mb", .integer, nullable: false, default: .integer(0))
            Column("state", .enumeration(SQLEnum(name: "host_state", values: ["up", "down"])), nullable: false, default: .string("up"))
            audit
            Key.primary("id")
            Key.foreign(["service_id"], references: "services", ["id"], onDelete: .cascade)
        })
        try op.createTable(Table("images", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("uuid", .string(length: 36), nullable: false)
            Column("name", .string(length: 64))
            Column("os", .string(length: 64))
            Column("size", .integer)
            Column("project_id", .string(length: 255))
            audit
            Key.primary("id")
            Key.unique("uuid")
        })
        try op.createTable(Table("pools", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("uuid", .string(length: 36), nullable: false)
            Column("name", .string(length: 255), nullable: false)
            Column("project_id", .string(length: 255))
            Column("image_id", .integer)
            Column("pool_type", .enumeration(SQLEnum(name: "pool_type", values: ["persistent", "pooled"])), nullable: false, default: .string("pooled"))
            Column("min_size", .integer, nullable: false, default: .integer(0))
            Column("max_size", .integer, nullable: false, default: .integer(10))
            Column("price_per_hour", .numeric(precision: 10, scale: 4), default: .integer(0))
            audit
            Key.primary("id")
            Key.foreign(["image_id"], references: "images", ["id"], onDelete: .setNull)
            Key.unique("uuid")
        })
        try op.createTable(Table("desktops", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("pool_id", .integer, nullable: false)
            Column("host_id", .integer)
            Column("name", .string(length: 255))
            Column("state", .enumeration(SQLEnum(name: "desktop_state", values: ["building", "active", "stopped", "error"])), nullable: false, default: .string("building"))
            Column("assigned_user", .string(length: 255))
            Column("ip_address", .string(length: 39))
            Column("last_login_at", .dateTime(timezone: false))
            audit
            Key.primary("id")
            Key.foreign(["pool_id"], references: "pools", ["id"], onDelete: .cascade)
            Key.foreign(["host_id"], references: "hosts", ["id"], onDelete: .cascade)
            Key.index("pool_id")
        })
        try op.createTable(Table("quotas", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("project_id", .string(length: 255))
            Column("resource", .string(length: 255), nullable: false)
            Column("hard_limit", .integer)
            audit
            Key.primary("id")
        })
        // Icehouse kept samples without a key of their own.
        try op.createTable(Table("pool_stats", options: .innoDBUTF8MB4) {
            Column("pool_id", .integer, nullable: false)
            Column("sampled_at", .dateTime(timezone: false), nullable: false)
            Column("active_count", .integer, nullable: false, default: .integer(0))
            Key.foreign(["pool_id"], references: "pools", ["id"], onDelete: .cascade)
            Key.index("pool_id")
        })
    }

    func downgrade(_ op: Operations) throws {
        for table in ["pool_stats", "quotas", "desktops", "pools", "images", "hosts", "services"] {
            try op.dropTable(table)
        }
    }
}
