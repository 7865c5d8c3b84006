import CSQLite3
import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// A connection to an SQLite database file (or an in-memory database) through libsqlite3.
///
/// Owns one `sqlite3` handle; not shared between threads, hence a plain final class.
/// Opens with a busy timeout and `PRAGMA foreign_keys = ON`.
/// See https://www.sqlite.org/c3ref/intro.html
public final class SQLiteConnection: DatabaseConnection, BulkLoader {
    public let backend = Backend.sqlite
    private var db: OpaquePointer?
    /// The file path, or nil for an in-memory database.
    public let path: String?
    static let knownOptions: Set<String> = ["timeout", "mode", "uri"]

    /// Opens the database; with `create` false a file that does not exist is an error.
    public init(url: DatabaseURL, busyTimeout: Double = 30, create: Bool = true) throws {
        for (k, _) in url.query where !Self.knownOptions.contains(k) {
            throw DatabaseError(
                kind: .connection, backend: .sqlite,
                message: "unknown option '\(k)' in the database URL (known: timeout, mode)")
        }
        path = url.isInMemorySQLite ? nil : url.database
        var flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        if url.option("mode") == "ro" { flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX }
        if let path {
            let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            var st = stat()
            if !dir.isEmpty, stat(dir, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
                throw DatabaseError(
                    kind: .connection, backend: .sqlite,
                    message: "cannot open database file \(path): directory \(dir) does not exist")
            }
        }
        if let path, !create, access(path, F_OK) != 0 {
            throw DatabaseError(
                kind: .connection, backend: .sqlite,
                message: "the database file \(path) does not exist (only 'upgrade' and 'stamp' create it)")
        }
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path ?? ":memory:", &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw DatabaseError(
                kind: .connection, backend: .sqlite, code: String(rc),
                message: "cannot open database file \(path ?? ":memory:"): \(message)")
        }
        db = handle
        sqlite3_extended_result_codes(handle, 1)
        var timeout = busyTimeout
        if let t = url.option("timeout") {
            guard let v = Double(t), v >= 0 else {
                close()
                throw DatabaseError(kind: .connection, backend: .sqlite, message: "timeout=\(t) is not a number of seconds")
            }
            timeout = v
        }
        sqlite3_busy_timeout(handle, Int32(min(timeout * 1000, Double(Int32.max))))
        do {
            try execute("PRAGMA foreign_keys = ON")
            // Reading the schema proves the file is a database (sqlite3_open succeeds on any file).
            _ = try query("SELECT count(*) FROM sqlite_master")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    public func close() {
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    private func handle() throws -> OpaquePointer {
        guard let db else {
            throw DatabaseError(kind: .connectionLost, backend: .sqlite, message: "the connection is closed")
        }
        return db
    }

    private func fail(_ db: OpaquePointer, _ rc: Int32, sql: String?) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(db))
        let kind: DatabaseError.Kind = (rc & 0xff) == SQLITE_BUSY ? .lockTimeout : .statement
        return DatabaseError(kind: kind, backend: .sqlite, code: String(rc), message: message, sql: sql)
    }

    public func execute(_ sql: String) throws {
        let db = try handle()
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw fail(db, rc, sql: sql) }
    }

    /// One prepared `INSERT`, bound and stepped per row, inside the open transaction: what sqlite3's
    /// `.import` does.
    /// Unused: an SQLite run holds a file lock, whose holder no other run ends.
    public var loadPrefix = ""

    public func load(_ insert: BulkInsert) throws {
        if let bad = insert.malformedRow { throw DatabaseError(kind: .statement, backend: .sqlite, message: bad, sql: insert.summary) }
        let db = try handle()
        let dialect = SQLiteDialect()
        let sql = "INSERT INTO \(dialect.quote(insert.table)) (\(insert.columns.map(dialect.quote).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: insert.columns.count).joined(separator: ", ") + ")"
        var stmt: OpaquePointer?
        var rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw fail(db, rc, sql: sql) }
        defer { sqlite3_finalize(stmt) }
        // A row's text and bytes are copied into one reused buffer and bound as SQLITE_STATIC: bound as
        // SQLITE_TRANSIENT, SQLite copies each value with its own allocator, a malloc and a mutex per
        // value (a tenth of a million-row load's time).
        let isStatic = unsafeBitCast(0, to: sqlite3_destructor_type.self)
        var arena: [UInt8] = []
        var spans: [(offset: Int, count: Int)] = Array(repeating: (0, 0), count: insert.columns.count)
        for (n, row) in insert.rows.enumerated() {
            arena.removeAll(keepingCapacity: true)
            for (i, value) in row.enumerated() {
                switch value {
                case .text(let s):
                    spans[i] = (arena.count, s.utf8.count)
                    arena.append(contentsOf: s.utf8)
                case .bytes(let b):
                    spans[i] = (arena.count, b.count)
                    arena.append(contentsOf: b)
                default: break
                }
            }
            arena.append(0)  // so an empty buffer still has an address
            rc = arena.withUnsafeBufferPointer { buffer -> Int32 in
                let base = buffer.baseAddress!
                for (i, value) in row.enumerated() {
                    let index = Int32(i + 1)
                    let rc: Int32
                    switch value {
                    case .null: rc = sqlite3_bind_null(stmt, index)
                    case .integer(let v): rc = sqlite3_bind_int64(stmt, index, v)
                    case .double(let v): rc = sqlite3_bind_double(stmt, index, v)
                    case .text:
                        rc = UnsafeRawPointer(base + spans[i].offset).withMemoryRebound(to: CChar.self, capacity: max(1, spans[i].count)) {
                            sqlite3_bind_text(stmt, index, $0, Int32(spans[i].count), isStatic)
                        }
                    case .bytes:
                        rc = sqlite3_bind_blob(stmt, index, base + spans[i].offset, Int32(spans[i].count), isStatic)
                    }
                    if rc != SQLITE_OK { return rc }
                }
                // Stepped while the buffer is still borrowed: SQLITE_STATIC values are read here.
                let stepped = sqlite3_step(stmt)
                sqlite3_reset(stmt)
                return stepped
            }
            if rc != SQLITE_DONE {
                throw fail(db, rc, sql: "\(sql) -- row \(n + 1) of \(insert.rows.count)")
            }
        }
        // The buffer the last row was bound from is gone: nothing may read those bindings again.
        sqlite3_clear_bindings(stmt)
    }

    public func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        let db = try handle()
        var stmt: OpaquePointer?
        var rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw fail(db, rc, sql: sql) }
        defer { sqlite3_finalize(stmt) }
        guard Int(sqlite3_bind_parameter_count(stmt)) == parameters.count else {
            throw DatabaseError(
                kind: .other, backend: .sqlite,
                message: "\(sqlite3_bind_parameter_count(stmt)) placeholders but \(parameters.count) parameters", sql: sql)
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, p) in parameters.enumerated() {
            let index = Int32(i + 1)
            switch p {
            case .null: rc = sqlite3_bind_null(stmt, index)
            case .integer(let v): rc = sqlite3_bind_int64(stmt, index, v)
            case .double(let v): rc = sqlite3_bind_double(stmt, index, v)
            case .text(let s): rc = sqlite3_bind_text(stmt, index, s, -1, transient)
            case .bytes(let b):
                rc = b.withUnsafeBytes { sqlite3_bind_blob(stmt, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(b.count), transient) }
            }
            if rc != SQLITE_OK { throw fail(db, rc, sql: sql) }
        }
        let n = sqlite3_column_count(stmt)
        let names = (0..<n).map { String(cString: sqlite3_column_name(stmt, $0)) }
        var rows: [Row] = []
        while true {
            rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw fail(db, rc, sql: sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(n))
            for i in 0..<n {
                switch sqlite3_column_type(stmt, i) {
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(stmt, i)))
                case SQLITE_FLOAT: values.append(.double(sqlite3_column_double(stmt, i)))
                case SQLITE_TEXT:
                    values.append(.text(String(cString: sqlite3_column_text(stmt, i))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(stmt, i))
                    if let p = sqlite3_column_blob(stmt, i) {
                        values.append(.bytes(Array(UnsafeRawBufferPointer(start: p, count: count))))
                    } else {
                        values.append(.bytes([]))
                    }
                default: values.append(.null)
                }
            }
            rows.append(Row(columns: names, values: values))
        }
        return rows
    }

    public func begin() throws { try execute("BEGIN") }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() throws { try execute("ROLLBACK") }

    public func serverVersion() throws -> String { String(cString: sqlite3_libversion()) }
}
