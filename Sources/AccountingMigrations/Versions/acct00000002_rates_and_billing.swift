import MigrationKit

/// rates per project; records marked when billed
///
/// Revision ID: acct00000002
/// Revises: acct00000001
/// Create Date: 2016-02-01 09:00:00
struct Revision_acct00000002: MigrationScript {
    static let id = "acct00000002"
    static let parents: [String] = ["acct00000001"]
    static let milestones = ["accounting-1.1"]
    static let message = "rates per project; records marked when billed"
    static let createDate: String? = "2016-02-01 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.createTable(Table("acct_rates", options: .innoDBUTF8MB4) {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("project_id", .string(length: 255), nullable: false)
            Column("price_per_hour", .numeric(precision: 10, scale: 4), nullable: false, default: .integer(0))
            Column("currency", .string(length: 3), nullable: false, default: .string("EUR"))
            Column("valid_from", .dateTime(timezone: false), nullable: false)
            Key.primary("id")
            Key.unique("project_id", "valid_from")
        })
        try op.addColumn("acct_session_records", Column("billed", .boolean, nullable: false, default: .boolean(false)))
        try op.execute("UPDATE acct_session_records SET duration_seconds = 0 WHERE duration_seconds < 0")
        try op.createCheckConstraint("ck_acct_session_records_duration", on: "acct_session_records", "duration_seconds >= 0")
    }

    func downgrade(_ op: Operations) throws {
        try op.dropCheckConstraint("ck_acct_session_records_duration", on: "acct_session_records")
        try op.dropColumn("acct_session_records", "billed")
        try op.dropTable("acct_rates")
    }
}
