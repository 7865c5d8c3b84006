import MigrationKit

/// Where a test's runs go: a single server (`TestDatabase`) or a topology (`TopologyDatabase`), so one
/// test body covers both.
public protocol MigrationTarget: AnyObject {
    var backend: Backend { get }
    /// The URL the `i`-th of several runs uses (spread over a cluster's nodes).
    func url(for i: Int) -> DatabaseURL
    /// A direct connection, for checking results.
    func connect() throws -> any DatabaseConnection
}

extension TestDatabase: MigrationTarget {
    public func url(for i: Int) -> DatabaseURL { url }
}

extension TopologyDatabase: MigrationTarget {
    public var backend: Backend { topology.backend }
}

/// The server targets by name: `postgresql`, `mysql`, and each ``Topology``.
public enum ServerTarget: String, Sendable, CaseIterable, CustomStringConvertible {
    case postgresql, mysql
    case galera
    case pgbouncerTransaction = "pgbouncer-transaction"
    case pgbouncerSession = "pgbouncer-session"

    public var description: String { rawValue }

    public static func with(_ target: ServerTarget, label: String = #function, _ body: (any MigrationTarget) throws -> Void) throws {
        switch target {
        case .postgresql: try TestDatabase.with(.postgresql, label: label) { try body($0) }
        case .mysql: try TestDatabase.with(.mysql, label: label) { try body($0) }
        case .galera: try TopologyDatabase.with(.galera, label: label) { try body($0) }
        case .pgbouncerTransaction: try TopologyDatabase.with(.pgbouncerTransaction, label: label) { try body($0) }
        case .pgbouncerSession: try TopologyDatabase.with(.pgbouncerSession, label: label) { try body($0) }
        }
    }
}
