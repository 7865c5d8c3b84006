import MigrationKit

/// drop pool_stats (metrics moved to the telemetry service)
///
/// Revision ID: d35c7e9ab1cd
/// Revises: c24b6d8fa0bc
/// Create Date: 2015-11-16 09:00:00
struct Revision_d35c7e9ab1cd: MigrationScript {
    static let id = "d35c7e9ab1cd"
    static let parents: [String] = ["c24b6d8fa0bc"]
    static let message = "drop pool_stats (metrics moved to the telemetry service)"
    static let createDate: String? = "2015-11-16 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.dropTable("pool_stats")
    }

    func downgrade(_ op: Operations) throws {
        try op.createTable(Table("pool_stats", options: .innoDBUTF8MB4) {
            Column("pool_id", .integer, nullable: false)
            Column("sampled_at", .dateTime(timezone: false), nullable: false)
            Column("active_count", .integer, nullable: false, default: .integer(0))
            Key.primary("pool_id", "sampled_at", name: "pk_pool_stats")
            Key.foreign(["pool_id"], references: "desktop_pools", ["id"], onDelete: .cascade, name: "fk_pool_stats_pool_id_pools")
            Key.index("pool_id", name: "ix_pool_stats_pool_id")
        })
    }
}
