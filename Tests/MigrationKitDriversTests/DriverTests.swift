import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// The connection contract, on every backend: typed round trips, transactions, errors.
@Suite("Drivers")
struct DriverTests {
    static let backends = Backend.allCases

    /// A table with one column per value kind, in each dialect's spelling.
    func createValuesTable(_ c: any DatabaseConnection) throws {
        switch c.backend {
        case .postgresql:
            try c.execute("CREATE TABLE vals (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT, b BYTEA)")
        case .mysql:
            try c.execute("CREATE TABLE vals (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE, t TEXT, b LONGBLOB) ENGINE=InnoDB")
        case .sqlite:
            try c.execute("CREATE TABLE vals (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE, t TEXT, b BLOB)")
        }
    }

    @Test("typed values round-trip through bound parameters", arguments: backends)
    func roundTrip(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            try createValuesTable(c)
            let d = dialect(for: backend)
            let p = (1...5).map { d.placeholder($0) }.joined(separator: ", ")
            let insert = "INSERT INTO vals (id, i, d, t, b) VALUES (\(p))"
            let bytes: [UInt8] = [0, 1, 2, 0x27, 0x5c, 0x7f, 0x80, 0xff, 0]
            let text = "Zürich — 東京 ☃ 'quoted' \"double\" back\\slash ? $1 emoji 🖥️"
            _ = try c.query(insert, [.integer(1), .integer(Int64.max), .double(3.141592653589793), .text(text), .bytes(bytes)])
            _ = try c.query(insert, [.integer(2), .integer(Int64.min), .double(-1e-300), .text(""), .bytes([])])
            _ = try c.query(insert, [.integer(3), .null, .null, .null, .null])
            let rows = try c.query("SELECT id, i, d, t, b FROM vals ORDER BY id")
            #expect(rows.count == 3)
            #expect(rows[0].values == [.integer(1), .integer(Int64.max), .double(3.141592653589793), .text(text), .bytes(bytes)])
            #expect(rows[1].values == [.integer(2), .integer(Int64.min), .double(-1e-300), .text(""), .bytes([])])
            #expect(rows[2].values == [.integer(3), .null, .null, .null, .null])
            #expect(rows[0]["t"] == .text(text))
            // A parameter in a WHERE clause selects by value, not by text splicing.
            let found = try c.query("SELECT id FROM vals WHERE t = \(d.placeholder(1))", [.text(text)])
            #expect(found.map(\.values) == [[.integer(1)]])
        }
    }

    @Test("a rolled-back transaction leaves nothing behind", arguments: backends)
    func rollback(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            try createValuesTable(c)
            try c.begin()
            try c.execute("INSERT INTO vals (id, t) VALUES (1, 'gone')")
            #expect(try c.query("SELECT count(*) FROM vals")[0][0] == .integer(1))
            try c.rollback()
            #expect(try c.query("SELECT count(*) FROM vals")[0][0] == .integer(0))
            try c.begin()
            try c.execute("INSERT INTO vals (id, t) VALUES (2, 'kept')")
            try c.commit()
            #expect(try c.query("SELECT t FROM vals")[0][0] == .text("kept"))
        }
    }

    @Test("a failing statement carries the server's message and the SQL", arguments: backends)
    func failingStatement(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let sql = "SELECT no_such_column FROM no_such_table"
            let error = #expect(throws: DatabaseError.self) { try c.query(sql) }
            #expect(error?.kind == .statement)
            #expect(error?.sql == sql)
            #expect(error?.code != nil)
            #expect(error?.message.contains("no_such_table") == true)
            #expect(error?.description.contains(sql) == true)
            // The connection stays usable after an error.
            #expect(try c.query("SELECT 1")[0][0] == .integer(1))
        }
    }

    @Test("several queries in one call: each result in order; a failure in the middle names its query and keeps the connection", arguments: backends)
    func queriesTogether(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            try createValuesTable(c)
            try c.execute("INSERT INTO vals (id, t) VALUES (1, 'a;b'), (2, 'it''s')")
            let p = { (i: Int) in dialect(for: backend).placeholder(i) }
            var seen: [Int: [[SQLValue]]] = [:]
            try c.queries([
                ("SELECT t FROM vals WHERE id = \(p(1))", [.integer(2)]),
                ("SELECT id FROM vals WHERE t = \(p(1)) ORDER BY id", [.text("a;b")]),
                ("SELECT id FROM vals WHERE id > 5", []),
                ("SELECT count(*) FROM vals", []),
            ]) { i, rows in seen[i] = rows.map(\.values) }
            #expect(seen == [0: [[.text("it's")]], 1: [[.integer(1)]], 2: [], 3: [[.integer(2)]]])

            // The second query fails: the first was handed over, the error names the second, the third never ran.
            var handed: [Int] = []
            let error = #expect(throws: DatabaseError.self) {
                try c.queries([("SELECT 1", []), ("SELECT no_such_column FROM vals", []), ("SELECT 3", [])]) { i, _ in handed.append(i) }
            }
            #expect(handed == [0])
            #expect(error?.sql == "SELECT no_such_column FROM vals")
            #expect(try c.query("SELECT 1")[0][0] == .integer(1))

            // The caller's handler fails on the first result: its error comes back, the rest is read and dropped.
            struct Stop: Error {}
            #expect(throws: Stop.self) { try c.queries([("SELECT 1", []), ("SELECT 2", [])]) { _, _ in throw Stop() } }
            #expect(try c.query("SELECT 7")[0][0] == .integer(7))
        }
    }

    @Test("statements run together land together: a failing one takes the others back", arguments: backends)
    func executeTogether(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            try createValuesTable(c)
            try c.executeTogether(["INSERT INTO vals (id, t) VALUES (1, 'a')", "INSERT INTO vals (id, t) VALUES (2, 'b;c')"])
            #expect(try c.query("SELECT count(*) FROM vals")[0][0] == .integer(2))
            let error = #expect(throws: DatabaseError.self) {
                try c.executeTogether(["INSERT INTO vals (id, t) VALUES (3, 'c')", "INSERT INTO vals (id, t) VALUES (1, 'duplicate')", "INSERT INTO vals (id, t) VALUES (4, 'd')"])
            }
            #expect(error?.message.isEmpty == false)
            // Nothing of the failed group stays, and the connection is out of the transaction.
            #expect(try c.query("SELECT id FROM vals ORDER BY id").map { $0[0] } == [.integer(1), .integer(2)])
            try c.execute("INSERT INTO vals (id, t) VALUES (5, 'e')")
            try? c.rollback()  // SQLite refuses a ROLLBACK outside a transaction: that is the point
            #expect(try c.query("SELECT count(*) FROM vals")[0][0] == .integer(3), "a statement after the failed group was not autocommitted")
        }
    }

    @Test("server version is reported", arguments: backends)
    func serverVersion(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let v = try c.serverVersion()
            #expect(v.first?.isNumber == true)
        }
    }

    @Test("SQLite: a second run's file lock waits for the first, then times out; free again once released", arguments: [Backend.sqlite])
    func lockTimeout(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let path = try #require(db.url.database)
            let c = try db.connect()  // the file exists once connected
            defer { c.close() }
            let a = FileLock(path: path, timeout: 1)
            let b = FileLock(path: path, timeout: 0.3)
            try a.acquire()
            var waited = false
            let error = #expect(throws: DatabaseError.self) { try b.acquire { waited = true } }
            #expect(error?.kind == .lockTimeout)
            #expect(waited)
            a.unlock()
            try b.acquire()
            b.unlock()
        }
    }

    @Test("SQLite: a file lock dropped with its holder (as by a dead process) is free again", arguments: [Backend.sqlite])
    func lockDiesWithHolder(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let path = try #require(db.url.database)
            let c = try db.connect()  // the file exists once connected
            defer { c.close() }
            var a: FileLock? = FileLock(path: path, timeout: 1)
            try a?.acquire()
            a = nil
            let b = FileLock(path: path, timeout: 2)
            try b.acquire()
            b.unlock()
        }
    }

    @Test("SQLite opens with foreign keys on")
    func sqliteForeignKeys() throws {
        try TestDatabase.with(.sqlite) { db in
            let c = try db.connect()
            defer { c.close() }
            #expect(try c.query("PRAGMA foreign_keys")[0][0] == .integer(1))
            try c.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE ch (p INTEGER REFERENCES p(id))")
            #expect(throws: DatabaseError.self) { try c.execute("INSERT INTO ch VALUES (42)") }
        }
    }

    @Test("connecting to an unknown database fails with the server's message", arguments: [Backend.postgresql, .mysql])
    func unknownDatabase(backend: Backend) throws {
        guard var url = TestDatabase.serverURL(backend) else {
            if TestDatabase.inCI { Issue.record("\(backend) not configured in CI") }
            return
        }
        url.database = "no_such_db_vdi"
        let error = #expect(throws: DatabaseError.self) { _ = try NativeConnector().connect(to: url) }
        #expect(error?.kind == .connection)
        #expect(error?.description.contains("no_such_db_vdi") == true)
        #expect(error?.description.contains(url.password ?? "\u{0}") == false)
    }

    @Test("SQLite in a directory that does not exist is a clear error")
    func sqliteMissingDirectory() throws {
        let url = try DatabaseURL(parsing: "sqlite:////nonexistent-dir-vdi/sub/x.db")
        let error = #expect(throws: DatabaseError.self) { _ = try NativeConnector().connect(to: url) }
        #expect(error?.description.contains("directory /nonexistent-dir-vdi/sub does not exist") == true)
    }
}
