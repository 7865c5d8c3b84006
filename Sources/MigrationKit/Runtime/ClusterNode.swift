/// A Galera node's membership, read before a command trusts what the node says.
///
/// A node outside the primary component (cut off from the majority) answers SHOW, but a read waits
/// for a causality it cannot get ("lock wait timeout") and a write is refused ("WSREP has not yet
/// prepared node for application use"). Neither says what is wrong; this does, before anything is
/// read or changed.
public struct ClusterNodeState: Sendable, Equatable {
    /// `Primary`, `non-Primary` or `Disconnected`.
    public var clusterStatus: String
    /// Whether the node accepts queries (`wsrep_ready`).
    public var ready: Bool
    /// `Synced`, `Donor/Desynced`, `Joining`, …
    public var localState: String

    public var summary: String { "Galera node: \(clusterStatus), \(localState)" }
    public var usable: Bool { clusterStatus == "Primary" && ready }

    /// The node's state when `connection` is on a cluster node; nil elsewhere.
    public static func read(_ connection: any DatabaseConnection, dialect: any Dialect) throws -> ClusterNodeState? {
        guard let reads = dialect.causalReads, let status = dialect.clusterNodeStatus,
            (try? connection.query(reads.detect).first?[0].intValue) == 1
        else { return nil }
        var values: [String: String] = [:]
        for row in try connection.query(status) {
            if let name = row[0].stringValue, let value = row[1].stringValue { values[name.lowercased()] = value }
        }
        return ClusterNodeState(
            clusterStatus: values["wsrep_cluster_status"] ?? "unknown", ready: values["wsrep_ready"]?.uppercased() == "ON",
            localState: values["wsrep_local_state_comment"] ?? "unknown")
    }

    /// Throws, naming the node and its state, unless it is in the primary component and ready.
    public func requireUsable(url: DatabaseURL, backend: Backend) throws {
        guard !usable else { return }
        throw DatabaseError(
            kind: .connection, backend: backend,
            message: "the Galera node at \(url) is not in the cluster's primary component (wsrep_cluster_status=\(clusterStatus), "
                + "wsrep_ready=\(ready ? "ON" : "OFF"), \(localState)): it cannot read or write what the cluster agreed, so nothing "
                + "was read or changed; run against a synced node, or through the cluster's load balancer")
    }
}
