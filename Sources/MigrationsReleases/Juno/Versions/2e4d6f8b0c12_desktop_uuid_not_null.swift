import MigrationKit

/// desktop uuid required and unique
///
/// Revision ID: 2e4d6f8b0c12
/// Revises: 1d3c5e7a9b01
/// Create Date: 2014-06-20 09:00:00
struct Revision_2e4d6f8b0c12: MigrationScript {
    static let id = "2e4d6f8b0c12"
    static let parents: [String] = ["1d3c5e7a9b01"]
    static let message = "desktop uuid required and unique"
    static let createDate: String? = "2014-06-20 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.alterColumn("desktops", "uuid", nullable: false)
        try op.createUniqueConstraint("uq_desktops_uuid", on: "desktops", ["uuid"])
    }

    func downgrade(_ op: Operations) throws {
        try op.dropUniqueConstraint("uq_desktops_uuid", on: "desktops")
        try op.alterColumn("desktops", "uuid", nullable: true)
    }
}
