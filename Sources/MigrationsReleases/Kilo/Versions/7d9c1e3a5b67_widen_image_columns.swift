import MigrationKit

/// widen image name and size
///
/// Revision ID: 7d9c1e3a5b67
/// Revises: 6c8b0d2f4a56
/// Create Date: 2015-01-20 09:00:00
struct Revision_7d9c1e3a5b67: MigrationScript {
    static let id = "7d9c1e3a5b67"
    static let parents: [String] = ["6c8b0d2f4a56"]
    static let message = "widen image name and size"
    static let createDate: String? = "2015-01-20 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.alterColumn("images", "name", type: .string(length: 255))
        try op.alterColumn("images", "size", type: .bigInteger)
    }

    func downgrade(_ op: Operations) throws {
        try op.alterColumn("images", "size", type: .integer)
        try op.alterColumn("images", "name", type: .string(length: 64))
    }
}
