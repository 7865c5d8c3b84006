import MigrationKit

/// sql file revision
///
/// Revision ID: s0l0f11e0001
/// Revises: a1b2c3d4e5f6
/// Create Date: 2026-11-21 18:00:00
struct Revision_s0l0f11e0001: SQLFileScript {
    static let id = "s0l0f11e0001"
    static let parents: [String] = ["a1b2c3d4e5f6"]
    static let message = "sql file revision"
    static let createDate: String? = "2026-11-21 18:00:00"
    static var sqlFiles: [String: String] { EmbeddedSQL.files(in: "SQLRevisions/s0l0f11e0001_sql_file_revision") }
}
