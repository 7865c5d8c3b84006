import MigrationKit

/// rename pools to desktop_pools
///
/// Revision ID: 5b7a9c1e3f45
/// Revises: 4a6f8b0d2e34
/// Create Date: 2014-11-03 09:00:00
struct Revision_5b7a9c1e3f45: MigrationScript {
    static let id = "5b7a9c1e3f45"
    static let parents: [String] = ["4a6f8b0d2e34"]
    static let message = "rename pools to desktop_pools"
    static let createDate: String? = "2014-11-03 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.renameTable("pools", to: "desktop_pools")
    }

    func downgrade(_ op: Operations) throws {
        try op.renameTable("desktop_pools", to: "pools")
    }
}
