import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// VDI's own history through the real `vdi-db-manage`: adopting Icehouse databases, stopping at release
/// milestones, and DBA scripts that equal the online upgrade.
@Suite("CLI: VDI history")
struct VDIHistoryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/icehouse").path

    func vdi(_ db: TestDatabase, _ args: [String], env: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(["--database-connection", db.url.unmaskedString] + args, environment: env)
    }

    func strings(_ db: TestDatabase, _ sql: String) throws -> [String?] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query(sql).map { $0[0].stringValue }
    }

    @Test("the seed's flow: stamp icehouse, upgrade --delta 1 until nothing is left reaches head; downgrade --delta 1 to base, one revision a call", arguments: Backend.allCases)
    func seedFlow(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let load = try OfflineTests.runWithClient(db, script: Self.fixtures + "/\(backend.rawValue).sql")
            #expect(load.status == 0, "\(load)")
            #expect(try vdi(db, ["--subproject", "vdi", "stamp", "icehouse"]).status == 0)
            let total = 19  // VDI's revisions after icehouse: Juno to Mitaka, then the expand and contract branches
            var ups = 0
            while ups <= total {
                let r = try vdi(db, ["--subproject", "vdi", "upgrade", "--delta", "1"])
                if r.status != 0 {
                    #expect(r.stderr.contains("'+1' asks for 1 step(s) but only 0 are possible"), "\(r)")
                    break
                }
                #expect(r.stderr.contains("Upgraded 1 revision(s)"), "\(r)")
                ups += 1
            }
            #expect(ups == total)
            #expect(try vdi(db, ["--subproject", "vdi", "current"]).stdout == "3f7c8ff64017 (expand) (effective head)\na56fa8e3e984 (contract) (head)\n")
            #expect(try vdi(db, ["--subproject", "vdi", "check"]).status == 0)
            // At head, --delta 2 takes out two revisions, the contract branch's, not four.
            let two = try vdi(db, ["--subproject", "vdi", "downgrade", "--delta", "2"])
            #expect(two.status == 0 && two.stderr.contains("Downgraded 2 revision(s)"), "\(two)")
            #expect(try vdi(db, ["--subproject", "vdi", "current"]).stdout == "3f7c8ff64017 (expand) (head)\n")
            var downs = 2
            while downs <= total + 1 {
                let r = try vdi(db, ["--subproject", "vdi", "downgrade", "--delta", "1"])
                if r.status != 0 { break }
                #expect(r.stderr.contains("Downgraded 1 revision(s)"), "\(r)")
                downs += 1
            }
            #expect(downs == total + 1, "icehouse itself is a revision: \(downs)")
            #expect(try vdi(db, ["--subproject", "vdi", "current"]).stderr.contains("base"))
        }
    }

    @Test("stamp icehouse then upgrade head adopts an Icehouse database, every row kept and transformed", arguments: Backend.allCases)
    func adoptIcehouse(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let load = try OfflineTests.runWithClient(db, script: Self.fixtures + "/\(backend.rawValue).sql")
            #expect(load.status == 0, "\(load)")
            let refused = try vdi(db, ["upgrade", "head"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("but no alembic_version table"))
            // The advice names the releases 'stamp' takes; the next line follows it as printed.
            #expect(refused.stderr.contains("run 'stamp RELEASE' with the release it is at (icehouse, juno, kilo, liberty, mitaka)"), "\(refused)")
            #expect(try vdi(db, ["stamp", "icehouse"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: icehouse\naccounting: base\n")
            let up = try vdi(db, ["upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            #expect(try vdi(db, ["check"]).status == 0)

            #expect(try strings(db, "SELECT count(*) FROM desktops") == ["3"])
            let uuids = try strings(db, "SELECT uuid FROM desktops")
            #expect(Set(uuids).count == 3 && uuids.allSatisfy { $0?.count == 36 })
            #expect(try strings(db, "SELECT user_id FROM desktop_assignments ORDER BY desktop_id") == ["alice", "bob"])
            #expect(try strings(db, "SELECT project_id FROM desktop_assignments ORDER BY desktop_id") == ["proj-a", "proj-a"])
            #expect(try strings(db, "SELECT desktop_id FROM desktop_sessions ORDER BY desktop_id") == ["1", "3"])
            #expect(try strings(db, "SELECT user_id FROM desktop_sessions ORDER BY desktop_id") == ["alice", nil])
            #expect(try strings(db, "SELECT os_type FROM images ORDER BY id") == ["ubuntu", "windows", "centos"])
            #expect(try strings(db, "SELECT os_version FROM images ORDER BY id") == ["14.04", nil, "6.5"])
            #expect(try strings(db, "SELECT size_bytes FROM images ORDER BY id") == ["2147483000", "4000", nil])
            #expect(try strings(db, "SELECT name FROM desktop_pools ORDER BY id") == ["Engineering", "Call center"])
            #expect(try strings(db, "SELECT max_size FROM desktop_pools ORDER BY id") == ["5", "8"])
            #expect(try strings(db, "SELECT count(*) FROM quotas") == ["4"])
            #expect(try strings(db, "SELECT hostname FROM hosts ORDER BY id") == ["cmp-1.example.org", "cmp-2.example.org"])
            // New rows get ids after the adopted ones.
            let c = try db.connect()
            try c.execute("INSERT INTO services (host, report_count, disabled, deleted) VALUES ('new', 0, \(backend == .postgresql ? "FALSE" : "0"), 0)")
            c.close()
            #expect(try strings(db, "SELECT id FROM services WHERE host = 'new'") == ["3"])
        }
    }

    /// What `current` says of VDI at head: Newton is split into phases, and the contract head depends on
    /// the expand head, so the version table holds the contract head and the expand head is an effective head.
    static let vdiHead = "vdi: 3f7c8ff64017 (expand) (effective head)\nvdi: a56fa8e3e984 (contract) (head)\n"

    @Test("upgrade to each release milestone stops exactly there; downgrade juno from head", arguments: Backend.allCases)
    func milestones(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let expected = ["juno": "4a6f8b0d2e34 (juno)", "kilo": "8e0d2f4b6c78 (kilo)", "liberty": "c24b6d8fa0bc (liberty)", "mitaka": "f57e9abcd3ef (mitaka) (branchpoint)"]
            #expect(try vdi(db, ["upgrade", "icehouse"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: icehouse\naccounting: base\n")
            for m in ["juno", "kilo", "liberty", "mitaka"] {
                let r = try vdi(db, ["upgrade", m])
                #expect(r.status == 0, "\(r)")
                #expect(try vdi(db, ["current"]).stdout == "vdi: " + expected[m]! + "\naccounting: base\n")
            }
            #expect(try vdi(db, ["downgrade", "juno"]).status == 0)
            #expect(try vdi(db, ["current"]).stdout == "vdi: 4a6f8b0d2e34 (juno)\naccounting: base\n")
            #expect(try vdi(db, ["upgrade", "head"]).status == 0)
            #expect(try vdi(db, ["check"]).status == 0)
        }
    }

    @Test("upgrade head --sql, run by the database's own client on an empty database, equals the models", arguments: Backend.allCases)
    func offlineHead(backend: Backend) throws {
        try TestDatabase.with(backend, label: "offline_vdi") { offline in
            try TestDatabase.with(backend, label: "online_vdi") { online in
                let script = try vdi(offline, ["upgrade", "head", "--sql"])
                #expect(script.status == 0)
                let dir = try TempDir()
                let applied = try OfflineTests.runWithClient(offline, script: try dir.write("vdi.sql", script.stdout))
                #expect(applied.status == 0, "\(applied)")
                #expect(try vdi(offline, ["current"]).stdout == VDIHistoryTests.vdiHead + "accounting: acct00000002 (accounting-1.1) (head)\n")
                #expect(try vdi(offline, ["check"]).status == 0)
                #expect(try vdi(online, ["upgrade", "head"]).status == 0)
                let a = try offline.connect()
                let b = try online.connect()
                defer { a.close(); b.close() }
                #expect(try schemaFingerprint(a) == schemaFingerprint(b))
                // And down again, from the script.
                let down = try vdi(offline, ["downgrade", "head:base", "--sql"])
                #expect(try OfflineTests.runWithClient(offline, script: try dir.write("down.sql", down.stdout)).status == 0)
                #expect(try vdi(offline, ["current"]).stdout == "vdi: base\naccounting: base\n")
            }
        }
    }

    @Test("Newton as a rolling upgrade: old code writes through expand, the data migrations fill the new columns, contract, models match", arguments: Backend.allCases)
    func newtonRolling(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            #expect(try vdi(db, ["upgrade", "mitaka"]).status == 0)
            let c = try db.connect()
            defer { c.close() }
            // Mitaka's code: a pool, and desktops named the old way.
            try c.execute("INSERT INTO desktop_pools (id, uuid, name, image_id, deleted) VALUES (1, 'p-1', 'pool', NULL, 0)")
            try c.execute("INSERT INTO desktops (id, uuid, pool_id, name, state, deleted) VALUES (1, 'd-1', 1, 'alpha', 'active', 0)")
            let expand = try vdi(db, ["upgrade", "--expand"])
            #expect(expand.status == 0, "\(expand)")
            // Mitaka's code still runs and still writes `name` only.
            try c.execute("INSERT INTO desktops (id, uuid, pool_id, name, state, deleted) VALUES (2, 'd-2', 1, 'beta', 'suspended', 0)")
            let pending = try vdi(db, ["has_offline_migrations"])
            #expect(pending.status == 1 && pending.stderr.contains("a56fa8e3e984") && pending.stderr.contains("desktop power states, 2 rows left"), "\(pending)")
            let migrated = try vdi(db, ["online_data_migrations"])
            #expect(migrated.status == 0, "\(migrated)")
            #expect(migrated.stdout.contains("desktop display names: 1 row(s) migrated, 0 remaining"), "\(migrated)")
            #expect(migrated.stdout.contains("desktop power states: 2 row(s) migrated, 0 remaining"), "\(migrated)")
            let contract = try vdi(db, ["upgrade", "--contract"])
            #expect(contract.status == 0, "\(contract)")
            #expect(try strings(db, "SELECT display_name FROM desktops ORDER BY id") == ["alpha", "beta"])
            #expect(try strings(db, "SELECT power_state FROM desktops ORDER BY id") == ["running", "paused"])
            #expect(try vdi(db, ["check"]).status == 0)
            #expect(try vdi(db, ["has_offline_migrations"]).status == 0)
        }
    }

    @Test("the next revision after Newton: autogenerate splits a change into expand and contract at 'upgrade heads'; revision --expand / --contract", arguments: Backend.allCases)
    func nextRevisionInPhases(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            #expect(try vdi(db, ["upgrade", "heads"]).status == 0)
            var copies: [TempDir] = []  // kept until the test ends: a TempDir is removed when released
            func tree() throws -> [String: String] {
                let copy = try TempDir()
                copies.append(copy)
                try Self.copySources(to: copy, ["Migrations"])
                return ["OS_MIGRATIONS__SOURCE_DIR": copy.path + "/Sources/Migrations"]
            }
            func written(_ r: CLI.Result) throws -> [String] {
                try r.stdout.split(separator: "\n").map { try String(contentsOfFile: String($0), encoding: .utf8) }
            }
            // The version table holds the contract head; the expand head is applied through its
            // dependency. That is up to date: nothing to write.
            let env = try tree()
            let none = try vdi(db, ["--subproject", "vdi", "revision", "-m", "nothing", "--autogenerate"], env: env)
            #expect(none.status == 0 && none.stderr.contains("No changes detected") && none.stdout.isEmpty, "\(none)")
            // Drift both ways: an index the models declare is gone (expand adds it back), a column they
            // do not declare is there (contract drops it, after the expand revision).
            let c = try db.connect()
            try c.execute(backend == .mysql ? "DROP INDEX ix_reservations_expire ON reservations" : "DROP INDEX ix_reservations_expire")
            try c.execute("ALTER TABLE reservations ADD COLUMN legacy_note VARCHAR(20)")
            c.close()
            let split = try vdi(db, ["--subproject", "vdi", "revision", "-m", "drift", "--autogenerate", "--rev-id", "0e0e0e0e0e01"], env: env)
            #expect(split.status == 0, "\(split)")
            let files = try written(split)
            #expect(files.count == 2, "\(split)")
            if files.count == 2 {
                #expect(files[0].contains("static let parents: [String] = [\"3f7c8ff64017\"]") && files[0].contains("try op.createIndex(\"ix_reservations_expire\", on: \"reservations\", [\"expire\"])"), "\(files[0])")
                #expect(files[1].contains("static let parents: [String] = [\"a56fa8e3e984\"]") && files[1].contains("static let dependsOn: [String] = [\"0e0e0e0e0e01\"]"), "\(files[1])")
                #expect(files[1].contains("try op.dropColumn(\"reservations\", \"legacy_note\")"), "\(files[1])")
            }
            // By hand: neutron's --expand and --contract pick the phase's head; without them, as
            // neutron-db-manage does, an expand and a contract revision (the README's own example).
            let plain = try vdi(db, ["--subproject", "vdi", "revision", "-m", "add pool quota"], env: try tree())
            #expect(plain.status == 0, "\(plain)")
            let pair = try written(plain)
            #expect(pair.count == 2, "\(plain)")
            if pair.count == 2 {
                #expect(pair[0].contains("static let parents: [String] = [\"3f7c8ff64017\"]"), "\(pair[0])")
                #expect(pair[1].contains("static let parents: [String] = [\"a56fa8e3e984\"]"), "\(pair[1])")
            }
            let oneID = try vdi(db, ["--subproject", "vdi", "revision", "-m", "x", "--rev-id", "0e0e0e0e0e09"], env: try tree())
            #expect(oneID.status == 2 && oneID.stderr.contains("give --expand or --contract with it"), "\(oneID)")
            for (flag, parent) in [("--expand", "3f7c8ff64017"), ("--contract", "a56fa8e3e984")] {
                let r = try vdi(db, ["--subproject", "vdi", "revision", "-m", "by hand", flag], env: try tree())
                #expect(r.status == 0, "\(r)")
                #expect(try written(r).first?.contains("static let parents: [String] = [\"\(parent)\"]") == true, "\(flag): \(r)")
            }
            let both = try vdi(db, ["--subproject", "vdi", "revision", "-m", "x", "--expand", "--autogenerate"], env: try tree())
            #expect(both.status == 2 && both.stderr.contains("splits a change into an expand and a contract revision itself"), "\(both)")
        }
    }

    @Test("check_migration passes on VDI's tree")
    func checkMigration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let r = try CLI.run(["--database-connection", "sqlite://", "check_migration"], cwd: root)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "vdi: OK: 20 revisions, heads: 3f7c8ff64017, a56fa8e3e984\naccounting: OK: 2 revisions, heads: acct00000002\n", "\(r)")
    }

    /// A copy of VDI's revision folders under `copy`/Sources.
    static func copySources(to copy: TempDir, _ folders: [String] = ["Migrations", "MigrationsReleases", "AccountingMigrations"]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let fm = FileManager.default
        try fm.createDirectory(atPath: copy.path + "/Sources", withIntermediateDirectories: true)
        // File by file: FileManager.copyItem keeps attributes a normal user may not set (CI runs as one).
        for folder in folders {
            let from = root + "/Sources/" + folder
            for case let relative as String in fm.enumerator(atPath: from)?.allObjects ?? [] {
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: from + "/" + relative, isDirectory: &isDirectory)
                let to = copy.path + "/Sources/" + folder + "/" + relative
                if isDirectory.boolValue {
                    try fm.createDirectory(atPath: to, withIntermediateDirectories: true)
                } else {
                    try fm.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(contentsOf: URL(fileURLWithPath: from + "/" + relative)).write(to: URL(fileURLWithPath: to))
                }
            }
        }
    }

    @Test("check_migration reads every frozen release's folder: a file missing or unregistered there fails the gate")
    func checkMigrationFrozenReleases() throws {
        let copy = try TempDir()
        let fm = FileManager.default
        try Self.copySources(to: copy)
        let juno = "Sources/MigrationsReleases/Juno/Versions"
        #expect(try CLI.run(["--database-connection", "sqlite://", "check_migration"], cwd: copy.path).status == 0)
        try fm.moveItem(atPath: copy.path + "/" + juno + "/4a6f8b0d2e34_quota_usages.swift", toPath: copy.path + "/quota.swift")
        let missing = try CLI.run(["--database-connection", "sqlite://", "check_migration"], cwd: copy.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("revision '4a6f8b0d2e34' is registered but no file in \(juno) declares it"), "\(missing)")
        try fm.moveItem(atPath: copy.path + "/quota.swift", toPath: copy.path + "/Sources/MigrationsReleases/Kilo/Versions/0000_stray.swift")
        try "import MigrationKit\nstruct Revision_feedfeedfeed: MigrationScript {\n    static let id = \"feedfeedfeed\"\n    static let parents: [String] = [\"f57e9abcd3ef\"]\n}\n"
            .write(toFile: copy.path + "/Sources/MigrationsReleases/Mitaka/Versions/feedfeedfeed_x.swift", atomically: true, encoding: .utf8)
        let stray = try CLI.run(["--database-connection", "sqlite://", "check_migration"], cwd: copy.path)
        #expect(stray.status == 1)
        #expect(stray.stderr.contains("revision '4a6f8b0d2e34' is registered but no file in \(juno) declares it"), "\(stray)")
        #expect(stray.stderr.contains("Sources/MigrationsReleases/Mitaka/Versions/feedfeedfeed_x.swift declares revision 'feedfeedfeed', which is not registered: add Revision_feedfeedfeed.self to Sources/MigrationsReleases/Mitaka/Registry.swift"), "\(stray)")
    }
}
