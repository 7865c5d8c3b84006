import MigrationKit

/// newton expand
///
/// Revision ID: 776fdf5d3930
/// Revises: f57e9abcd3ef
/// Create Date: 2026-12-01 23:41:38
struct Revision_776fdf5d3930: MigrationScript {
    static let id = "776fdf5d3930"
    static let parents: [String] = ["f57e9abcd3ef"]
    static let branchLabels: [String] = ["expand"]
    static let message = "newton expand"
    static let createDate: String? = "2026-12-01 23:41:38"

    func upgrade(_ op: Operations) throws {
    }

    func downgrade(_ op: Operations) throws {
    }
}
