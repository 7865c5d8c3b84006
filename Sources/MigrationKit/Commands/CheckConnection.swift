/// What `check_connection` found.
public struct ConnectionInfo: Sendable {
    public var backend: Backend
    public var serverVersion: String
}

/// Connects, asks the server for its version, and disconnects. It only reads: an SQLite file that
/// does not exist is reported, not created.
public func checkConnection(url: DatabaseURL, connector: any DatabaseConnector) throws -> ConnectionInfo {
    let connection = try connector.connect(to: url, create: false)
    defer { connection.close() }
    return ConnectionInfo(backend: connection.backend, serverVersion: try connection.serverVersion())
}
