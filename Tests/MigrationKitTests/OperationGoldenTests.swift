import Foundation
import MigrationKit
import Testing

/// The exact SQL each operation renders to on each dialect, against `Golden/operations.<dialect>.sql`
/// (`VDI_UPDATE_GOLDEN=1` rewrites the files; review the diff). The round-trip tests prove the SQL runs.
@Suite("Golden SQL per operation and dialect")
struct OperationGoldenTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    static func render(_ c: OperationCase, _ backend: Backend) throws -> String {
        let state = SchemaState(complete: true)
        state.apply(.createTable(OperationCases.pools))
        state.noteEnum(OperationCases.status)
        return try dialect(for: backend).render(c.op, state: state).filter(\.isExecuted).map { $0.text + ";" }.joined(separator: "\n")
    }

    static func golden(_ backend: Backend) throws -> [String: String] {
        let text = try String(contentsOfFile: dir + "/operations.\(backend.rawValue).sql", encoding: .utf8)
        var out: [String: String] = [:]
        for block in text.components(separatedBy: "-- case: ").dropFirst() {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            out[String(lines[0])] = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return out
    }

    /// Not a check: a tool run with `VDI_UPDATE_GOLDEN=1` to rewrite the golden files (reported as
    /// skipped otherwise, so it never counts as a passing test).
    @Test("rewrite the golden files", .enabled(if: ProcessInfo.processInfo.environment["VDI_UPDATE_GOLDEN"] != nil, "set VDI_UPDATE_GOLDEN=1 to rewrite them"), arguments: Backend.allCases)
    func update(backend: Backend) throws {
        var text = ""
        for c in OperationCases.all { text += "-- case: \(c.name)\n\(try Self.render(c, backend))\n\n" }
        try text.write(toFile: Self.dir + "/operations.\(backend.rawValue).sql", atomically: true, encoding: .utf8)
        #expect(try Self.golden(backend).count == OperationCases.all.count)
    }

    @Test("each operation renders its golden SQL", arguments: OperationCases.all)
    func golden(c: OperationCase) throws {
        for backend in Backend.allCases {
            let expected = try Self.golden(backend)[c.name]
            #expect(try Self.render(c, backend) == expected, "\(c.name) on \(backend)")
        }
    }

    @Test("rendering is pure: the same operation twice gives the same SQL; only apply changes the state")
    func pureRendering() throws {
        var reads = 0
        let state = SchemaState(reflectTable: { _ in reads += 1; return nil }, reflectEnums: { reads += 1; return [] })
        let d = PostgreSQLDialect()
        let op = MigrationOperation.createTable(OperationCases.pools)
        let first = try state.render(op, with: d)
        let second = try state.render(op, with: d)
        #expect(first == second)
        #expect(first.contains { $0.text.hasPrefix("CREATE TYPE") })
        #expect(reads == 1, "the enum types are read once, before rendering")
        state.apply(op)
        #expect(try !state.render(op, with: d).contains { $0.text.hasPrefix("CREATE TYPE") })
    }

    @Test("a renderer that reads the live database without declaring it fails instead of reading mid-render")
    func undeclaredRead() throws {
        struct Sneaky: Dialect {
            var backend: Backend { .postgresql }
            var name: String { "sneaky" }
            var transactionalDDL: Bool { true }
            var maxIdentifierLength: Int { 63 }
            var identifierQuote: Character { "\"" }
            var backslashEscapesInStrings: Bool { false }
            func placeholder(_ index: Int) -> String { "$\(index)" }
            func bytesLiteral(_ bytes: [UInt8]) -> String { "''" }
            func tableExistsQuery(_ table: String) -> (String, [SQLValue]) { ("", []) }
            var userTablesQuery: String { "" }
            var nowMillisSQL: String { "" }
            var causalReads: (detect: String, enable: String)? { nil }
            var clusterNodeStatus: String? { nil }
            func typeName(_ type: ColumnType, table: String, column: String) throws -> String { standardTypeName(type) }
            func autoincrementSQL(_ column: Column) -> String? { nil }
            func comparable(_ table: Table) -> Table { table }
            func render(_ op: MigrationOperation, state: SchemaState) throws -> [DDLStatement] {
                _ = try state.table("pools")
                return []
            }
        }
        let state = SchemaState(reflectTable: { _ in nil })
        let e = #expect(throws: OperationError.self) { try state.render(.dropTable(OperationCases.pools), with: Sneaky()) }
        #expect("\(e.map { "\($0)" } ?? "")".contains("without declaring it"))
    }

    @Test("every operation knows its reverse, or says it has none")
    func reverses() throws {
        for c in OperationCases.all {
            switch c.op {
            case .execute, .bulkInsert:
                #expect(throws: OperationError.self) { try c.op.reversed() }
            default:
                #expect(try c.op.reversed().reversed() == c.op, "\(c.name)")
            }
        }
    }

    @Test("names longer than the dialect allows are refused before any SQL")
    func tooLong() throws {
        let long = String(repeating: "n", count: 64)
        let op = MigrationOperation.createTable(Table(long) { Column("id", .integer) })
        let e = #expect(throws: DialectError.self) { try PostgreSQLDialect().render(op, state: SchemaState()) }
        #expect(e?.description == "table name '\(long)' is 64 bytes long; postgresql allows at most 63")
        #expect(throws: Never.self) { try MySQLDialect().render(op, state: SchemaState()) }
    }

    @Test("unsupported combinations throw instead of emitting wrong SQL")
    func unsupported() throws {
        let op = MigrationOperation.addColumn(table: "t", Column("seen", .dateTime(timezone: true)))
        #expect(throws: DialectError.self) { try MySQLDialect().render(op, state: SchemaState()) }
        let noLength = MigrationOperation.addColumn(table: "t", Column("s", .string(length: nil)))
        #expect(throws: DialectError.self) { try MySQLDialect().render(noLength, state: SchemaState()) }
        // Offline, SQLite cannot rebuild a table the script did not create.
        let alter = MigrationOperation.addCheck(table: "elsewhere", CheckConstraint(name: "ck", expression: "1"))
        #expect(throws: OperationError.offlineNeedsTable("elsewhere")) { try SQLiteDialect().render(alter, state: SchemaState()) }
    }
}

/// A dialect no database speaks, to prove the renderers ask the dialect instead of hard-coding SQL.
struct OddDialect: Dialect {
    var backend: Backend { .postgresql }
    var name: String { "odd" }
    var transactionalDDL: Bool { true }
    var maxIdentifierLength: Int { 12 }
    var identifierQuote: Character { "|" }
    var backslashEscapesInStrings: Bool { true }
    func placeholder(_ index: Int) -> String { ":p\(index)" }
    func bytesLiteral(_ bytes: [UInt8]) -> String { "BYTES<\(bytes.count)>" }
    func tableExistsQuery(_ table: String) -> (String, [SQLValue]) { ("HAS \(table)", []) }
    var userTablesQuery: String { "TABLES" }
    var nowMillisSQL: String { "NOW_MS" }
    var causalReads: (detect: String, enable: String)? { nil }
    var clusterNodeStatus: String? { nil }
    func typeName(_ type: ColumnType, table: String, column: String) throws -> String {
        switch type {
        case .integer: "WHOLE"
        case .string(let n): "LETTERS[\(n ?? 0)]"
        default: "THING"
        }
    }
    func defaultSQL(_ value: DefaultValue, type: ColumnType) -> String { "TROO" }
    func autoincrementSQL(_ column: Column) -> String? { "COUNTING" }
}

@Suite("Renderers ask the dialect")
struct OddDialectTests {
    @Test("quoting, types, defaults, autoincrement and limits all come from the dialect")
    func odd() throws {
        let d = OddDialect()
        let t = Table("t|x") {
            Column("id", .integer, nullable: false, autoincrement: true)
            Column("n", .string(length: 5), default: .string("ignored"))
            Key.primary("id", name: "pk")
        }
        let sql = try d.render(.createTable(t), state: SchemaState()).map(\.text)
        #expect(sql == ["CREATE TABLE |t||x| (\n    |id| WHOLE COUNTING NOT NULL,\n    |n| LETTERS[5] DEFAULT TROO,\n    CONSTRAINT |pk| PRIMARY KEY (|id|)\n)"])
        #expect(d.stringLiteral("a'b\\c") == "'a''b\\\\c'")
        #expect(d.literal(.bytes([1, 2])) == "BYTES<2>")
        #expect(throws: DialectError.self) { try d.render(.addColumn(table: "t", Column("much_too_long_name", .integer)), state: SchemaState()) }
        let table = VersionTable(name: "ver", dialect: d)
        #expect(table.insertSQL("abc") == "INSERT INTO |ver| (version_num) VALUES ('abc')")
    }
}
