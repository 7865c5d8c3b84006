import Logging
import MigrationFixtures
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// A command over several repositories (neutron's subprojects), in-process: which repositories a
/// target concerns, relative steps across them, the order they move in and `--resume` over several.
@Suite("Several repositories in one database")
struct RepositorySelectionTests {
    /// A second repository beside `linear`: three revisions with a milestone, its own version table.
    static var extra: MigrationRepository {
        @Sendable func rev(_ n: Int, milestones: [String] = []) -> Revision {
            Revision(id: "ex000000000\(n)", parents: n == 1 ? [] : ["ex000000000\(n - 1)"], milestones: milestones, message: "extra \(n)",
                     upgrade: { op in try op.execute("CREATE TABLE ex_\(n) (id INTEGER)") },
                     downgrade: { op in try op.execute("DROP TABLE ex_\(n)") })
        }
        return MigrationRepository(
            name: "extra", revisions: [rev(1), rev(2, milestones: ["extra-1.0"]), rev(3)], defaultVersionTable: "alembic_version_extra",
            sourceDirectory: "Tests/Fixtures/none", registryType: "none", expectedMilestones: ["extra-1.0"])
    }

    static func selection(_ db: TestDatabase) -> RepositorySelection {
        var settings = Settings()
        settings.url = db.url
        settings.lockTimeout = 30
        var logger = Logger(label: "t")
        logger.logLevel = .warning
        let core = FixtureHistories.repository(FixtureHistories.linear)
        let repos = [core, extra]
        return RepositorySelection(repos.map { r in
            MigrationContext(repository: r, settings: settings, connector: NativeConnector(), logger: logger,
                             siblings: repos.filter { $0.name != r.name }, isPrimary: r.name == core.name)
        })
    }

    static func current(_ s: RepositorySelection) throws -> [String] {
        try s.contexts.map { c in try c.currentIndices().map { try c.repository.graph().revision($0).id }.joined(separator: ",") }
    }

    @Test("a target concerns the repositories that know it; heads, base and relative steps all of them")
    func whichRepositories() throws {
        try TestDatabase.with(.sqlite) { db in
            let s = Self.selection(db)
            var names: [String: [String]] = [:]
            for target in ["heads", "+1", "juno", "extra-1.0", "juno:heads"] { names[target] = try s.knowing(target).names }
            #expect(names["heads"] == ["fixtures", "extra"])
            #expect(names["+1"] == ["fixtures", "extra"])
            #expect(names["juno"] == ["fixtures"])
            #expect(names["extra-1.0"] == ["extra"])
            #expect(names["juno:heads"] == ["fixtures"])
            #expect(RepositorySelection.deciding("base:extra-1.0") == "extra-1.0")
            #expect(throws: RevisionGraphError.self) { try s.knowing("nosuchrev") }
        }
    }

    @Test("upgrade and downgrade over several repositories, relative steps moving each that can move",
          arguments: [Backend.sqlite, .postgresql, .mysql])
    func steps(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let s = Self.selection(db)
            try s.upgrade(to: "+2")
            #expect(try Self.current(s) == ["b2c3d4e5f6a7", "ex0000000002"])
            // extra has one revision left, the core three: +2 is too long for extra, so nothing moves.
            let tooLong = #expect(throws: InRepository.self) { try s.upgrade(to: "+2") }
            #expect(tooLong?.repository == "extra")
            #expect(try Self.current(s) == ["b2c3d4e5f6a7", "ex0000000002"])
            try s.upgrade(to: "+1")
            try s.upgrade(to: "+1")  // extra is at its head: left as it is, the core moves
            #expect(try Self.current(s) == ["d4e5f6a7b8c9", "ex0000000003"])
            try s.upgrade(to: "heads")
            #expect(try Self.current(s) == ["e5f6a7b8c9d0", "ex0000000003"])
            // A named milestone moves only its repository.
            try s.downgrade(to: "extra-1.0")
            #expect(try Self.current(s) == ["e5f6a7b8c9d0", "ex0000000002"])
            try s.downgrade(to: "-2")
            #expect(try Self.current(s) == ["c3d4e5f6a7b8", ""])
            try s.downgrade(to: "base")
            #expect(try Self.current(s) == ["", ""])
            // Stamp: the repositories that know the target.
            try s.stamp("juno")
            #expect(try Self.current(s) == ["c3d4e5f6a7b8", ""])
            try s.stamp("heads")
            #expect(try Self.current(s) == ["e5f6a7b8c9d0", "ex0000000003"])
        }
    }

    @Test("--resume over several repositories applies where a revision was left unfinished; none is an error")
    func resume() throws {
        try TestDatabase.with(.sqlite) { db in
            let s = Self.selection(db)
            try s.upgrade(to: "+1")
            // SQLite rolls a stopped revision back: there is never one to resume.
            let nothing = #expect(throws: MigrationError.self) { try s.upgrade(to: "heads", resume: true) }
            #expect("\(nothing.map { "\($0)" } ?? "")".contains("resume"))
            // Offline, nothing is read: every repository's script is written.
            var script = ""
            try s.upgrade(to: "heads", mode: .offline(write: { script += $0 + "\n" }))
            #expect(script.contains("CREATE TABLE ex_3") && script.contains("fx_accounts"))
        }
    }
}
