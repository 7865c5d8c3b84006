import MigrationKit

/// quota usages, reservations and default quotas
///
/// Revision ID: 4a6f8b0d2e34
/// Revises: 3f5e7a9c1d23
/// Create Date: 2014-09-01 09:00:00
struct Revision_4a6f8b0d2e34: MigrationScript {
    static let id = "4a6f8b0d2e34"
    static let parents: [String] = ["3f5e7a9c1d23"]
    static let milestones = ["juno"]
    static let message = "quota usages, reservations and default quotas"
    static let createDate: String? = "2014-09-01 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.createTable(Table("quota_usages", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("project_id", .string(length: 255))
            Column("user_id", .string(length: 255))
            Column("resource", .string(length: 255), nullable: false)
            Column("in_use", .integer, nullable: false, default: .integer(0))
            Column("reserved", .integer, nullable: false, default: .integer(0))
            Column("until_refresh", .integer)
            Column("created_at", .dateTime(timezone: false))
            Column("updated_at", .dateTime(timezone: false))
            Column("deleted_at", .dateTime(timezone: false))
            Column("deleted", .integer, nullable: false, default: .integer(0))
            Key.primary("id")
            Key.index("project_id", "user_id")
        })
        try op.createTable(Table("reservations", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("uuid", .string(length: 36), nullable: false)
            Column("usage_id", .integer, nullable: false)
            Column("project_id", .string(length: 255))
            Column("resource", .string(length: 255))
            Column("delta", .integer, nullable: false)
            Column("expire", .dateTime(timezone: false))
            Column("created_at", .dateTime(timezone: false))
            Column("updated_at", .dateTime(timezone: false))
            Column("deleted_at", .dateTime(timezone: false))
            Column("deleted", .integer, nullable: false, default: .integer(0))
            Key.primary("id")
            Key.foreign(["usage_id"], references: "quota_usages", ["id"], onDelete: .cascade)
            Key.index("expire")
        })
        try op.createUniqueConstraint("uq_quotas_project_id_resource_deleted", on: "quotas", ["project_id", "resource", "deleted"])
        try op.bulkInsert("quotas", columns: ["project_id", "resource", "hard_limit", "deleted"], rows: [
            ["__default__", "desktops", 20, 0],
            ["__default__", "pools", 5, 0],
            ["__default__", "sessions", 40, 0],
        ])
    }

    func downgrade(_ op: Operations) throws {
        try op.execute("DELETE FROM quotas WHERE project_id = '__default__'")
        try op.dropUniqueConstraint("uq_quotas_project_id_resource_deleted", on: "quotas")
        try op.dropTable("reservations")
        try op.dropTable("quota_usages")
    }
}
