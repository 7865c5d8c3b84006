import MigrationKit

/// a revision written for PostgreSQL only
///
/// Revision ID: s0l0f11e0002
/// Revises: a1b2c3d4e5f6
/// Create Date: 2026-11-21 18:00:00
struct Revision_s0l0f11e0002: SQLFileScript {
    static let id = "s0l0f11e0002"
    static let parents: [String] = ["a1b2c3d4e5f6"]
    static let message = "a revision written for PostgreSQL only"
    static let createDate: String? = "2026-11-21 18:00:00"
    static var sqlFiles: [String: String] { EmbeddedSQL.files(in: "SQLRevisions/s0l0f11e0002_postgresql_only") }
}
