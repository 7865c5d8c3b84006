import MigrationKit

/// desktops outlive their host; index pool and state together
///
/// Revision ID: a02f4b6d8e9a
/// Revises: 9f1e3a5c7d89
/// Create Date: 2015-06-22 09:00:00
struct Revision_a02f4b6d8e9a: MigrationScript {
    static let id = "a02f4b6d8e9a"
    static let parents: [String] = ["9f1e3a5c7d89"]
    static let message = "desktops outlive their host; index pool and state together"
    static let createDate: String? = "2015-06-22 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.dropForeignKey("fk_desktops_host_id_hosts", on: "desktops")
        try op.createForeignKey("fk_desktops_host_id_hosts", from: "desktops", ["host_id"], to: "hosts", ["id"], onDelete: .setNull)
        // The new index comes first: MySQL needs an index on pool_id for its foreign key at all times.
        try op.createIndex("ix_desktops_pool_id_state", on: "desktops", ["pool_id", "state"])
        try op.dropIndex("ix_desktops_pool_id", on: "desktops")
    }

    func downgrade(_ op: Operations) throws {
        try op.createIndex("ix_desktops_pool_id", on: "desktops", ["pool_id"])
        try op.dropIndex("ix_desktops_pool_id_state", on: "desktops")
        try op.dropForeignKey("fk_desktops_host_id_hosts", on: "desktops")
        try op.createForeignKey("fk_desktops_host_id_hosts", from: "desktops", ["host_id"], to: "hosts", ["id"], onDelete: .cascade)
    }
}
