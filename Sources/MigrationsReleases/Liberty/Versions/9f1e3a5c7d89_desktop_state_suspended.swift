import MigrationKit

/// desktops can be suspended
///
/// Revision ID: 9f1e3a5c7d89
/// Revises: 8e0d2f4b6c78
/// Create Date: 2015-05-12 09:00:00
struct Revision_9f1e3a5c7d89: MigrationScript {
    static let id = "9f1e3a5c7d89"
    static let parents: [String] = ["8e0d2f4b6c78"]
    static let message = "desktops can be suspended"
    static let createDate: String? = "2015-05-12 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.alterColumn("desktops", "state", type: .enumeration(SQLEnum(name: "desktop_state", values: ["building", "active", "stopped", "error", "suspended"])))
    }

    func downgrade(_ op: Operations) throws {
        // The older release has no 'suspended': such desktops count as stopped.
        try op.execute("UPDATE desktops SET state = 'stopped' WHERE state = 'suspended'")
        try op.alterColumn("desktops", "state", type: .enumeration(SQLEnum(name: "desktop_state", values: ["building", "active", "stopped", "error"])))
    }
}
