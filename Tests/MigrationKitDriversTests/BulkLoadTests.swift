import Logging
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// `bulk_insert` online goes by each client's fastest path (COPY, one prepared statement, multi-row
/// inserts filled to the packet); what arrives must be exactly what was given, and a failure must say
/// so in one error and leave the connection usable.
@Suite("Bulk loads: COPY, prepared statements, packet-sized inserts")
struct BulkLoadTests {
    func operations(_ c: any DatabaseConnection) -> Operations {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return Operations(sink: ConnectionSink(connection: c, logger: logger), state: SchemaState.live(c, reflector: NativeConnector().reflector(for: c.backend)))
    }

    static let awkward: [String] = ["plain", "", "it's", "back\\slash", "tab\there", "new\nline", "carriage\rreturn", "\\N", "NULL", "ünïcödé ✓", "quote\"double", "semi;colon", "%s ?"]

    /// Rows covering every kind of value, `n` of them.
    static func rows(_ n: Int) -> [[SQLValue]] {
        (0..<n).map { i -> [SQLValue] in
            let label: SQLValue = i % 5 == 0 ? .null : .text(awkward[i % awkward.count] + " \(i)")
            let bigValue: Int64 = i % 2 == 0 ? Int64.max - Int64(i) : Int64.min + Int64(i)
            let big: SQLValue = i % 7 == 0 ? .null : .integer(bigValue)
            let raw: SQLValue = i % 3 == 0 ? .null : .bytes([0, 1, 92, 39, 255, UInt8(i % 256)])
            return [.integer(Int64(i)), label, big, .double(Double(i) / 8), raw]
        }
    }

    static let table = Table("bl_rows", options: .innoDBUTF8MB4) {
        Column("id", .integer, nullable: false)
        Column("label", .string(length: 100))
        Column("big", .bigInteger)
        Column("ratio", .float)
        Column("raw", .binary)
        Key.primary("id")
    }

    /// MariaDB loads by LOAD DATA LOCAL, or by multi-row inserts where the server refuses local files
    /// (here forced, with small statements so one load spans many of them); both are tested.
    static let paths: [(Backend, Bool)] = [(.sqlite, false), (.postgresql, false), (.mysql, false), (.mysql, true)]

    @Test("every value arrives exactly as given", arguments: paths)
    func exact(backend: Backend, inserts: Bool) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            if inserts { (c as? MariaDBConnection)?.loadStatementBytes = 4096 }
            let op = operations(c)
            try op.createTable(Self.table)
            let rows = Self.rows(3_000)
            try op.bulkInsert("bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: rows)
            let back = try c.query("SELECT id, label, big, ratio, raw FROM bl_rows ORDER BY id")
            #expect(back.count == rows.count)
            for (got, want) in zip(back, rows) where got.values != want {
                Issue.record("row \(want[0]): got \(got.values), want \(want)")
                break
            }
        }
    }

    @Test("a bad row or a broken key fails in one error, nothing half-loaded, the connection still works", arguments: paths)
    func failures(backend: Backend, inserts: Bool) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            if inserts { (c as? MariaDBConnection)?.loadStatementBytes = 4096 }
            let op = operations(c)
            try op.createTable(Self.table)
            // A row with too few values: refused with its number before anything is sent.
            var rows = Self.rows(500)
            rows[321] = [.integer(321)]
            do {
                try op.bulkInsert("bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: rows)
                Issue.record("a malformed row was accepted")
            } catch {
                #expect("\(error)" == "row 322 of the insert into bl_rows has 1 values for 5 columns")
            }
            do {
                try c.load(BulkInsert(table: "bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: rows))
                Issue.record("a malformed row was loaded")
            } catch let e as DatabaseError {
                #expect(e.message == "row 322 of the insert into bl_rows has 1 values for 5 columns", "\(e)")
            }
            #expect(try c.query("SELECT COUNT(*) FROM bl_rows").first?.values.first?.intValue == 0)
            // A duplicate key in the middle of the rows: the database's error; in a transaction, no rows stay.
            try c.begin()
            rows = Self.rows(2_000)
            rows[1_500][0] = .integer(10)
            do {
                try c.load(BulkInsert(table: "bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: rows))
                Issue.record("a duplicate key was loaded")
            } catch let e as DatabaseError {
                #expect(e.message.lowercased().contains("duplicate") || e.message.contains("UNIQUE constraint failed"), "\(e)")
            }
            try c.rollback()
            #expect(try c.query("SELECT COUNT(*) FROM bl_rows").first?.values.first?.intValue == 0)
            // A value too long for its column: an error, never a silently shortened value.
            if backend != .sqlite {
                try c.begin()
                rows = Self.rows(20)
                rows[7][1] = .text(String(repeating: "x", count: 101))
                #expect(throws: DatabaseError.self) { try c.load(BulkInsert(table: "bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: rows)) }
                try c.rollback()
            }
            // A LOAD DATA LOCAL not sent by a bulk insert gets no file from this machine.
            if backend == .mysql && !inserts {
                do {
                    try c.execute("LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE bl_rows (label)")
                    Issue.record("a local file was sent")
                } catch let e as DatabaseError {
                    #expect(e.message.contains("vdi-db-manage sends no local files"), "\(e)")
                }
            }
            // And the connection goes on.
            try c.load(BulkInsert(table: "bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: Self.rows(10)))
            #expect(try c.query("SELECT COUNT(*) FROM bl_rows").first?.values.first?.intValue == 10)
        }
    }

    @Test("--sql writes the same rows as INSERT statements of batchSize rows", arguments: Backend.allCases)
    func offline(backend: Backend) throws {
        final class Script: @unchecked Sendable { var text = "" }
        let script = Script()
        let sink = ScriptSink(dialect: dialect(for: backend)) { script.text += $0 }
        let op = Operations(sink: sink, state: SchemaState(complete: true))
        try op.createTable(Self.table)
        try op.bulkInsert("bl_rows", columns: ["id", "label", "big", "ratio", "raw"], rows: Self.rows(1_200), batchSize: 500)
        let inserts = script.text.components(separatedBy: "INSERT INTO").count - 1
        #expect(inserts == 3, "\(script.text.prefix(400))")
    }
}
