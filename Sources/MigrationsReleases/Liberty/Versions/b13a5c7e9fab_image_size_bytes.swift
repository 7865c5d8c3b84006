import MigrationKit

/// image size is size_bytes, never negative
///
/// Revision ID: b13a5c7e9fab
/// Revises: a02f4b6d8e9a
/// Create Date: 2015-08-04 09:00:00
struct Revision_b13a5c7e9fab: MigrationScript {
    static let id = "b13a5c7e9fab"
    static let parents: [String] = ["a02f4b6d8e9a"]
    static let message = "image size is size_bytes, never negative"
    static let createDate: String? = "2015-08-04 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.alterColumn("images", "size", newName: "size_bytes")
        try op.execute("UPDATE images SET size_bytes = NULL WHERE size_bytes < 0")
        try op.createCheckConstraint("ck_images_size_bytes", on: "images", "size_bytes >= 0")
    }

    func downgrade(_ op: Operations) throws {
        try op.dropCheckConstraint("ck_images_size_bytes", on: "images")
        try op.alterColumn("images", "size_bytes", newName: "size")
    }
}
