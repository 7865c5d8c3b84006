import MigrationKit

/// add desktop uuid (backfilled)
///
/// Revision ID: 1d3c5e7a9b01
/// Revises: icehouse
/// Create Date: 2014-06-02 09:00:00
struct Revision_1d3c5e7a9b01: MigrationScript {
    static let id = "1d3c5e7a9b01"
    static let parents: [String] = ["icehouse"]
    static let message = "add desktop uuid (backfilled)"
    static let createDate: String? = "2014-06-02 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.addColumn("desktops", Column("uuid", .string(length: 36)))
        // Every existing desktop gets a random (version 4) UUID.
        try op.execute([
            .postgresql: "UPDATE desktops SET uuid = gen_random_uuid()::text WHERE uuid IS NULL",
            .mysql: "UPDATE desktops SET uuid = UUID() WHERE uuid IS NULL",
            .sqlite: """
                UPDATE desktops SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) \
                || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))) WHERE uuid IS NULL
                """,
        ])
    }

    func downgrade(_ op: Operations) throws {
        try op.dropColumn("desktops", "uuid")
    }
}
