import MigrationKit

/// session records for billing
///
/// Revision ID: acct00000001
/// Revises:
/// Create Date: 2015-10-05 09:00:00
struct Revision_acct00000001: MigrationScript {
    static let id = "acct00000001"
    static let parents: [String] = []
    static let milestones = ["accounting-1.0"]
    static let message = "session records for billing"
    static let createDate: String? = "2015-10-05 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.createTable(Table("acct_session_records", options: .innoDBUTF8MB4) {
            Column("id", .bigInteger, nullable: false, autoincrement: true)
            Column("session_uuid", .string(length: 36), nullable: false)
            Column("desktop_uuid", .string(length: 36), nullable: false)
            Column("pool_uuid", .string(length: 36))
            Column("user_id", .string(length: 255), nullable: false)
            Column("project_id", .string(length: 255), nullable: false)
            Column("protocol", .string(length: 16))
            Column("started_at", .dateTime(timezone: false), nullable: false)
            Column("ended_at", .dateTime(timezone: false))
            Column("duration_seconds", .integer)
            Column("created_at", .dateTime(timezone: false))
            Key.primary("id")
            Key.unique("session_uuid")
            Key.index("project_id", "started_at")
        })
    }

    func downgrade(_ op: Operations) throws {
        try op.dropTable("acct_session_records")
    }
}
