import MigrationKit

/// desktop sessions, seeded from each desktop's last login
///
/// Revision ID: 8e0d2f4b6c78
/// Revises: 7d9c1e3a5b67
/// Create Date: 2015-03-30 09:00:00
struct Revision_8e0d2f4b6c78: MigrationScript {
    static let id = "8e0d2f4b6c78"
    static let parents: [String] = ["7d9c1e3a5b67"]
    static let milestones = ["kilo"]
    static let message = "desktop sessions, seeded from each desktop's last login"
    static let createDate: String? = "2015-03-30 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.createTable(Table("desktop_sessions", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("uuid", .string(length: 36), nullable: false)
            Column("desktop_id", .integer, nullable: false)
            Column("user_id", .string(length: 255))
            Column("protocol", .enumeration(SQLEnum(name: "session_protocol", values: ["rdp", "spice", "vnc"])), nullable: false, default: .string("rdp"))
            Column("client_address", .string(length: 39))
            Column("started_at", .dateTime(timezone: false), nullable: false)
            Column("ended_at", .dateTime(timezone: false))
            Column("created_at", .dateTime(timezone: false))
            Column("updated_at", .dateTime(timezone: false))
            Column("deleted_at", .dateTime(timezone: false))
            Column("deleted", .integer, nullable: false, default: .integer(0))
            Key.primary("id")
            Key.foreign(["desktop_id"], references: "desktops", ["id"], onDelete: .cascade)
            Key.unique("uuid")
            Key.index("desktop_id", "started_at")
        })
        let copy = { (uuid: String) in
            """
            INSERT INTO desktop_sessions (uuid, desktop_id, user_id, protocol, started_at, created_at, deleted)
            SELECT \(uuid), d.id,
                   (SELECT MIN(a.user_id) FROM desktop_assignments a WHERE a.desktop_id = d.id AND a.deleted = 0),
                   'rdp', d.last_login_at, d.last_login_at, 0
            FROM desktops d WHERE d.last_login_at IS NOT NULL
            """
        }
        try op.execute([
            .postgresql: copy("gen_random_uuid()::text"),
            .mysql: copy("UUID()"),
            .sqlite: copy("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"),
        ])
        try op.dropColumn("desktops", "last_login_at")
    }

    func downgrade(_ op: Operations) throws {
        try op.addColumn("desktops", Column("last_login_at", .dateTime(timezone: false)))
        try op.execute("UPDATE desktops SET last_login_at = (SELECT MAX(s.started_at) FROM desktop_sessions s WHERE s.desktop_id = desktops.id)")
        try op.dropTable("desktop_sessions")
    }
}
