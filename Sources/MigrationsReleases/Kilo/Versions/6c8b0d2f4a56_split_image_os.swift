import MigrationKit

/// split image os into os_type and os_version
///
/// Revision ID: 6c8b0d2f4a56
/// Revises: 5b7a9c1e3f45
/// Create Date: 2014-12-10 09:00:00
struct Revision_6c8b0d2f4a56: MigrationScript {
    static let id = "6c8b0d2f4a56"
    static let parents: [String] = ["5b7a9c1e3f45"]
    static let message = "split image os into os_type and os_version"
    static let createDate: String? = "2014-12-10 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.addColumn("images", Column("os_type", .string(length: 32)))
        try op.addColumn("images", Column("os_version", .string(length: 32)))
        // 'ubuntu 14.04' becomes os_type 'ubuntu', os_version '14.04'; a value without a space is all type.
        let split = { (position: String) in
            """
            UPDATE images SET
                os_type = substr(CASE WHEN \(position) > 0 THEN substr(os, 1, \(position) - 1) ELSE os END, 1, 32),
                os_version = substr(CASE WHEN \(position) > 0 THEN substr(os, \(position) + 1) END, 1, 32)
            WHERE os IS NOT NULL
            """
        }
        try op.execute([.postgresql: split("strpos(os, ' ')")], otherwise: split("instr(os, ' ')"))
        try op.dropColumn("images", "os")
    }

    func downgrade(_ op: Operations) throws {
        try op.addColumn("images", Column("os", .string(length: 64)))
        try op.execute(
            [.mysql: "UPDATE images SET os = CONCAT_WS(' ', os_type, os_version)"],
            otherwise: "UPDATE images SET os = CASE WHEN os_version IS NULL THEN os_type ELSE os_type || ' ' || os_version END")
        try op.dropColumn("images", "os_version")
        try op.dropColumn("images", "os_type")
    }
}
