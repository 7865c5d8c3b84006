import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Odd version tables and targets behind the database are refused with the fix, never run or hidden.
@Suite("Version-table anomalies and targets behind the database")
struct VersionTableAnomalyTests {
    let engine = EngineTests()

    func execute(_ db: TestDatabase, _ sql: String) throws {
        let c = try db.connect()
        defer { c.close() }
        try c.execute(sql)
    }

    @Test("a revision and its ancestor both recorded: current, upgrade and downgrade refuse; stamp --purge repairs", arguments: Backend.allCases)
    func overlappingRows(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let ctx = engine.context(db, FixtureHistories.linear)
            try ctx.upgrade(to: "c3d4e5f6a7b8")
            try execute(db, "INSERT INTO alembic_version (version_num) VALUES ('b2c3d4e5f6a7')")
            for run in [{ _ = try ctx.current() }, { try ctx.upgrade(to: "head") }, { try ctx.downgrade(to: "-1") }] as [() throws -> Void] {
                let e = #expect(throws: RevisionGraphError.self) { try run() }
                #expect("\(e.map { "\($0)" } ?? "")".contains("records both 'c3d4e5f6a7b8' and its ancestor 'b2c3d4e5f6a7'"))
            }
            #expect(try engine.versionRows(db) == ["b2c3d4e5f6a7", "c3d4e5f6a7b8"])
            try ctx.stamp("c3d4e5f6a7b8", purge: true)
            try ctx.upgrade(to: "head")
            #expect(try engine.versionRows(db) == ["e5f6a7b8c9d0"])
        }
    }

    @Test("a version_num that is not text is refused, not read as base", arguments: [Backend.sqlite])
    func blobVersion(backend: Backend) throws {
        // Only SQLite lets a VARCHAR column hold a BLOB; the others convert it to text.
        try TestDatabase.with(backend) { db in
            let ctx = engine.context(db, FixtureHistories.linear)
            try ctx.upgrade(to: "b2c3d4e5f6a7")
            try execute(db, "UPDATE alembic_version SET version_num = CAST('b2c3d4e5f6a7' AS BLOB)")
            #expect(throws: MigrationError.self) { _ = try ctx.current() }
            #expect(throws: MigrationError.self) { try ctx.stamp("head") }
            #expect(throws: MigrationError.self) { try ctx.upgrade(to: "head") }
            try ctx.stamp("b2c3d4e5f6a7", purge: true)
            #expect(try engine.versionRows(db) == ["b2c3d4e5f6a7"])
        }
    }

    @Test("upgrade to a revision behind the database fails, online and offline; a range needs --sql", arguments: Backend.allCases)
    func targetBehind(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let ctx = engine.context(db, FixtureHistories.linear)
            try ctx.upgrade(to: "head")
            for target in ["juno", "-1", "b2c3d4e5f6a7", "base"] {
                let e = #expect(throws: RevisionGraphError.self) { try ctx.upgrade(to: target) }
                #expect("\(e.map { "\($0)" } ?? "")".contains("not a valid upgrade target"))
            }
            // At the target already: nothing to do is not an error.
            try ctx.upgrade(to: "head")
            var script = ""
            #expect(throws: RevisionGraphError.self) { try ctx.upgrade(to: "e5f6a7b8c9d0:juno", mode: .offline(write: { script += $0 })) }
            #expect(throws: MigrationError.self) { try ctx.upgrade(to: "juno:head") }
            #expect(try engine.versionRows(db) == ["e5f6a7b8c9d0"])
            // The refusal's advice ('downgrade juno') works as printed.
            try ctx.downgrade(to: "juno")
            #expect(try engine.versionRows(db) == ["c3d4e5f6a7b8"])
        }
    }
}
