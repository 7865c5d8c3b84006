/// What `check_connection` found.
public struct ConnectionInfo: Sendable {
    public var backend: Backend
    public var serverVersion: String
    /// On a cluster node, its state (for example "Galera node: Primary, Synced").
    public var cluster: String?
    /// How the connection travels ("TLS TLSv1.3 TLS_AES_256_GCM_SHA384", "no TLS"); nil for a file.
    public var tls: String?
    /// Which server answered and its role ("127.0.0.1:5433: primary"), where the backend says.
    public var server: AnsweringServer?
}

/// Connects, asks the server for its version (and a cluster node for its state), and disconnects. It
/// only reads: an SQLite file that does not exist is reported, not created. A Galera node outside the
/// primary component is an error: a run there could do nothing.
public func checkConnection(url: DatabaseURL, connector: any DatabaseConnector) throws -> ConnectionInfo {
    let connection = try connector.connect(to: url, create: false)
    defer { connection.close() }
    let node = try ClusterNodeState.read(connection, dialect: dialect(for: connection.backend))
    try node?.requireUsable(url: url, backend: connection.backend)
    var info = ConnectionInfo(backend: connection.backend, serverVersion: try connection.serverVersion(), cluster: node?.summary)
    info.tls = try connection.transportSecurity()
    info.server = try connection.answeringServer()
    return info
}
