import MigrationKit

/// pool descriptions; pool names unique per project
///
/// Revision ID: f57e9abcd3ef
/// Revises: e46d8fabc2de
/// Create Date: 2016-03-14 09:00:00
struct Revision_f57e9abcd3ef: MigrationScript {
    static let id = "f57e9abcd3ef"
    static let parents: [String] = ["e46d8fabc2de"]
    static let milestones = ["mitaka"]
    static let message = "pool descriptions; pool names unique per project"
    static let createDate: String? = "2016-03-14 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.addColumn("desktop_pools", Column("description", .text))
        try op.createUniqueConstraint("uq_desktop_pools_project_name", on: "desktop_pools", ["project_id", "name", "deleted"])
    }

    func downgrade(_ op: Operations) throws {
        try op.dropUniqueConstraint("uq_desktop_pools_project_name", on: "desktop_pools")
        try op.dropColumn("desktop_pools", "description")
    }
}
