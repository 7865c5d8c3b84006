import Foundation
import MigrationKit
import MigrationKitDrivers
import Testing

/// A database of its own for one test: a temporary SQLite file, a fresh PostgreSQL schema
/// (selected through `search_path` in the URL), or a fresh MariaDB database.
///
/// PostgreSQL and MariaDB come from `VDI_TEST_POSTGRESQL_URL` and `VDI_TEST_MYSQL_URL`, which
/// `scripts/test.sh` sets after starting throwaway servers. Without them a test on that backend is
/// reported as skipped (cancelled, with the reason), never as passed — and when `CI` is set, it fails.
public final class TestDatabase: @unchecked Sendable {
    // @unchecked: immutable after init; `drop()` is called once, by the test that owns it.
    public let backend: Backend
    public let url: DatabaseURL
    /// The schema (PostgreSQL) or database (MariaDB) name, or the file path (SQLite).
    public let name: String
    private let adminURL: DatabaseURL?

    /// The environment variable naming the server for `backend`.
    public static func environmentKey(_ backend: Backend) -> String {
        backend == .postgresql ? "VDI_TEST_POSTGRESQL_URL" : "VDI_TEST_MYSQL_URL"
    }

    /// The server URL for a backend, if configured.
    public static func serverURL(_ backend: Backend) -> DatabaseURL? {
        guard backend != .sqlite else { return nil }
        guard let text = ProcessInfo.processInfo.environment[environmentKey(backend)], !text.isEmpty else { return nil }
        return try? DatabaseURL(parsing: text)
    }

    public static var inCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    /// Creates a fresh database. When the backend's server is not configured the test is cancelled
    /// (reported as skipped, with the reason); in CI a missing server throws, so the test fails.
    public static func make(_ backend: Backend, label: String = "t") throws -> TestDatabase? {
        if backend != .sqlite, serverURL(backend) == nil {
            let message = "\(backend) tests need \(environmentKey(backend)) (scripts/test.sh sets it)"
            if inCI { throw TestSetupError(message: "CI: " + message) }
            // Never reported as a plain pass: a warning issue marks the test (or the test case of a
            // parameterized test, which Swift Testing 6.3 otherwise reports as passed when cancelled),
            // and the test is cancelled.
            FileHandle.standardError.write(Data("skipped: \(message)\n".utf8))
            Issue.record(Comment(rawValue: "skipped: " + message), severity: .warning)
            try Test.cancel(Comment(rawValue: "skipped: " + message))
        }
        let db = try TestDatabase(backend: backend, label: label)
        FileHandle.standardError.write(Data("[\(backend)] \(label) on \(db.name)\n".utf8))
        return db
    }

    private init(backend: Backend, label: String) throws {
        self.backend = backend
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let safe = String(label.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(24))
        switch backend {
        case .sqlite:
            let dir = NSTemporaryDirectory() + "vdi-tests-\(suffix)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            name = dir + "/test.db"
            url = try DatabaseURL(parsing: "sqlite:///" + name)
            adminURL = nil
        case .postgresql:
            let server = Self.serverURL(.postgresql)!
            name = "t_\(safe)_\(suffix)"
            let admin = try PostgreSQLConnection(url: server)
            defer { admin.close() }
            try admin.execute("CREATE SCHEMA \(PostgreSQLDialect().quote(name))")
            var u = server
            u.query.append((key: "options", value: "-csearch_path=\(name)"))
            url = u
            adminURL = server
        case .mysql:
            let server = Self.serverURL(.mysql)!
            name = "t_\(safe)_\(suffix)"
            let admin = try MariaDBConnection(url: server)
            defer { admin.close() }
            try admin.execute("CREATE DATABASE \(MySQLDialect().quote(name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
            var u = server
            u.database = name
            url = u
            adminURL = server
        }
    }

    /// Opens a connection to this test database.
    public func connect() throws -> any DatabaseConnection {
        try NativeConnector().connect(to: url)
    }

    /// Removes the database and everything in it.
    public func drop() {
        switch backend {
        case .sqlite:
            let dir = (name as NSString).deletingLastPathComponent
            try? FileManager.default.removeItem(atPath: dir)
        case .postgresql:
            if let adminURL, let admin = try? PostgreSQLConnection(url: adminURL) {
                try? admin.execute("DROP SCHEMA \(PostgreSQLDialect().quote(name)) CASCADE")
                admin.close()
            }
        case .mysql:
            if let adminURL, let admin = try? MariaDBConnection(url: adminURL) {
                try? admin.execute("DROP DATABASE \(MySQLDialect().quote(name))")
                admin.close()
            }
        }
    }

    /// Runs `body` with a fresh database for `backend`, dropping it afterwards; does nothing
    /// (beyond saying so) when the backend is not configured outside CI.
    public static func with(
        _ backend: Backend, label: String = #function, _ body: (TestDatabase) throws -> Void
    ) throws {
        guard let db = try make(backend, label: label) else { return }
        defer { db.drop() }
        try body(db)
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
