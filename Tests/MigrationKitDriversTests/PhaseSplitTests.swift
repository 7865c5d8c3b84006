import Foundation
import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Autogenerate in a history split into phases: one model change becomes an expand revision (additions,
/// a rename's new column and copy, a new NOT NULL column added nullable) and a contract revision
/// (removals, the rename's old column, NOT NULL, type changes) that depends on it.
@Suite("Autogenerate splits a change into expand and contract")
struct PhaseSplitTests {
    /// The modeled fixture history, then the expand and contract branches starting after it.
    static let history: [Revision] = FixtureModels.history + [
        Revision(id: "e1e1e1e1e1e1", parents: ["a0a0a0a0a0a1"], branchLabels: ["expand"], message: "expand starts"),
        Revision(id: "c1c1c1c1c1c1", parents: ["a0a0a0a0a0a1"], branchLabels: ["contract"], message: "contract starts"),
    ]

    @Test("v1 to v2 on SQLite: two revision files, each phase's operations in its own, contract depending on expand")
    func writesTwoRevisions() throws {
        try TestDatabase.with(.sqlite) { db in
            let dir = (path: NSTemporaryDirectory() + "vdi-split-\(UInt64.random(in: 0...UInt64.max))", ())
            try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir.path) }
            try "enum FixtureRegistry {\n    static let scripts: [any MigrationScript.Type] = [\n        \(ScriptWriter.beginMarker)\n        \(ScriptWriter.endMarker)\n    ]\n}\n"
                .write(toFile: dir.path + "/Registry.swift", atomically: true, encoding: .utf8)
            var settings = Settings()
            settings.url = db.url
            settings.sourceDirectory = dir.path
            settings.sourceDirectoryExplicit = true
            var logger = Logger(label: "t")
            logger.logLevel = .error
            let repo = { (models: Schema) in MigrationRepository(name: "fixtures", revisions: Self.history, sourceDirectory: dir.path, registryType: "FixtureRegistry", models: models) }
            try MigrationContext(repository: repo(FixtureModels.v1), settings: settings, connector: NativeConnector(), logger: logger).upgrade(to: "heads")
            let context = MigrationContext(repository: repo(FixtureModels.v2), settings: settings, connector: NativeConnector(), logger: logger)
            let paths = try #require(try context.autogenerateRevision(message: "v2")).split(separator: "\n").map(String.init)
            #expect(paths.count == 2)
            let expand = try String(contentsOfFile: paths[0], encoding: .utf8)
            let contract = try String(contentsOfFile: paths[1], encoding: .utf8)
            #expect(expand.contains("static let parents: [String] = [\"e1e1e1e1e1e1\"]"), "\(expand)")
            #expect(expand.contains("v2 (expand)"))
            #expect(expand.contains("try op.addColumn(\"am_hosts\", Column(\"hostname\", .string(length: 64)))"), "\(expand)")
            // The copy is written per database, names quoted as each quotes them.
            #expect(expand.contains(#".postgresql: "UPDATE \"am_hosts\" SET \"hostname\" = \"name\"""#), "\(expand)")
            #expect(expand.contains(#".mysql: "UPDATE `am_hosts` SET `hostname` = `name`""#), "\(expand)")
            #expect(expand.contains("dual write"))
            #expect(expand.contains("am_tags"))
            let expandUp = expand.components(separatedBy: "func downgrade")[0]
            #expect(!expandUp.contains("try op.dropColumn"), "\(expand)")
            // The foreign key redefined under its name (SET NULL to CASCADE) stays whole in contract.
            #expect(!expandUp.contains("try op.createForeignKey"), "\(expand)")
            #expect(contract.contains("try op.dropForeignKey(\"fk_am_pools_host_id_am_hosts\"") && contract.contains("try op.createForeignKey(\"fk_am_pools_host_id_am_hosts\""), "\(contract)")
            // What blocks writes in expand is said.
            #expect(expand.contains("blocks writes on PostgreSQL"), "\(expand)")
            let expandID = try #require(expand.firstMatch(of: /static let id = "([0-9a-f]+)"/)).1
            #expect(contract.contains("static let parents: [String] = [\"c1c1c1c1c1c1\"]"), "\(contract)")
            #expect(contract.contains("static let dependsOn: [String] = [\"\(expandID)\"]"), "\(contract)")
            #expect(contract.contains("try op.dropColumn(\"am_hosts\", \"name\")"), "\(contract)")
            #expect(contract.contains("try op.dropColumn(\"am_pools\", \"legacy\")"), "\(contract)")
            #expect(contract.contains("alterColumn(\"am_hosts\", \"hostname\", nullable: false"), "\(contract)")
            #expect(!contract.contains("createTable"), "\(contract)")
        }
    }

    @Test("a new NOT NULL column without a default is added nullable in expand and tightened in contract")
    func notNullColumn() {
        let split = PhaseSplit([.addColumn(table: "t", Column("level", .integer, nullable: false)), .dropColumn(table: "t", Column("old", .integer))])
        #expect(split.expand == [.addColumn(table: "t", Column("level", .integer))])
        #expect(split.contract.count == 2)
        #expect(split.expandNotes.first?.contains("backfill it between the phases") == true)
    }
}
