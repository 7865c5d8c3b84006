import MigrationKit

/// Opens real connections: libpq for PostgreSQL, Connector/C for MySQL/MariaDB, libsqlite3 for SQLite.
public struct NativeConnector: DatabaseConnector {
    public init() {}

    public func connect(to url: DatabaseURL) throws -> any DatabaseConnection {
        try connect(to: url, create: true)
    }

    public func connect(to url: DatabaseURL, create: Bool) throws -> any DatabaseConnection {
        switch url.backend {
        case .postgresql: try PostgreSQLConnection(url: url)
        case .mysql: try MariaDBConnection(url: url)
        case .sqlite: try SQLiteConnection(url: url, create: create)
        }
    }

    public func reflector(for backend: Backend) -> any SchemaReflector {
        switch backend {
        case .postgresql: PostgreSQLReflector()
        case .mysql: MariaDBReflector()
        case .sqlite: SQLiteReflector()
        }
    }
}
