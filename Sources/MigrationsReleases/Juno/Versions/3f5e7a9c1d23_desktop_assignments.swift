import MigrationKit

/// desktop assignments move out of desktops
///
/// Revision ID: 3f5e7a9c1d23
/// Revises: 2e4d6f8b0c12
/// Create Date: 2014-07-15 09:00:00
struct Revision_3f5e7a9c1d23: MigrationScript {
    static let id = "3f5e7a9c1d23"
    static let parents: [String] = ["2e4d6f8b0c12"]
    static let message = "desktop assignments move out of desktops"
    static let createDate: String? = "2014-07-15 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.createTable(Table("desktop_assignments", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("desktop_id", .integer, nullable: false)
            Column("user_id", .string(length: 255), nullable: false)
            Column("project_id", .string(length: 255))
            Column("assigned_at", .dateTime(timezone: false))
            Column("created_at", .dateTime(timezone: false))
            Column("updated_at", .dateTime(timezone: false))
            Column("deleted_at", .dateTime(timezone: false))
            Column("deleted", .integer, nullable: false, default: .integer(0))
            Key.primary("id")
            Key.foreign(["desktop_id"], references: "desktops", ["id"], onDelete: .cascade)
            Key.unique("desktop_id", "user_id", "deleted")
        })
        try op.execute("""
            INSERT INTO desktop_assignments (desktop_id, user_id, project_id, assigned_at, created_at, deleted)
            SELECT d.id, d.assigned_user, p.project_id, d.created_at, d.created_at, 0
            FROM desktops d JOIN pools p ON p.id = d.pool_id
            WHERE d.assigned_user IS NOT NULL
            """)
        try op.dropColumn("desktops", "assigned_user")
    }

    func downgrade(_ op: Operations) throws {
        try op.addColumn("desktops", Column("assigned_user", .string(length: 255)))
        try op.execute("""
            UPDATE desktops SET assigned_user = (
                SELECT MIN(a.user_id) FROM desktop_assignments a WHERE a.desktop_id = desktops.id AND a.deleted = 0)
            """)
        try op.dropTable("desktop_assignments")
    }
}
