import MigrationKit

/// sessions over PCoIP and Blast; describe client_address
///
/// Revision ID: e46d8fabc2de
/// Revises: d35c7e9ab1cd
/// Create Date: 2016-01-11 09:00:00
struct Revision_e46d8fabc2de: MigrationScript {
    static let id = "e46d8fabc2de"
    static let parents: [String] = ["d35c7e9ab1cd"]
    static let message = "sessions over PCoIP and Blast; describe client_address"
    static let createDate: String? = "2016-01-11 09:00:00"

    func upgrade(_ op: Operations) throws {
        try op.alterColumn("desktop_sessions", "protocol", type: .enumeration(SQLEnum(name: "session_protocol", values: ["rdp", "spice", "vnc", "pcoip", "blast"])))
        try op.alterColumn("desktop_sessions", "client_address", comment: "IPv4 or IPv6 address of the client")
    }

    func downgrade(_ op: Operations) throws {
        try op.alterColumn("desktop_sessions", "client_address", comment: .some(nil))
        try op.execute("UPDATE desktop_sessions SET protocol = 'rdp' WHERE protocol IN ('pcoip', 'blast')")
        try op.alterColumn("desktop_sessions", "protocol", type: .enumeration(SQLEnum(name: "session_protocol", values: ["rdp", "spice", "vnc"])))
    }
}
