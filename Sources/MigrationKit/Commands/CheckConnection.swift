/// What `check_connection` found.
public struct ConnectionInfo: Sendable {
    public var backend: Backend
    public var serverVersion: String
}

/// Connects, asks the server for its version, and disconnects.
public func checkConnection(url: DatabaseURL, connector: any DatabaseConnector) throws -> ConnectionInfo {
    let connection = try connector.connect(to: url)
    defer { connection.close() }
    return ConnectionInfo(backend: connection.backend, serverVersion: try connection.serverVersion())
}
