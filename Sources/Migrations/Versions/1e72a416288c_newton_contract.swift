import MigrationKit

/// newton contract
///
/// Revision ID: 1e72a416288c
/// Revises: f57e9abcd3ef
/// Create Date: 2026-12-01 23:41:43
struct Revision_1e72a416288c: MigrationScript {
    static let id = "1e72a416288c"
    static let parents: [String] = ["f57e9abcd3ef"]
    static let branchLabels: [String] = ["contract"]
    static let message = "newton contract"
    static let createDate: String? = "2026-12-01 23:41:43"

    func upgrade(_ op: Operations) throws {
    }

    func downgrade(_ op: Operations) throws {
    }
}
