import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// The graph commands, revision targets and script writing through the real binary.
@Suite("CLI: commands")
struct CommandTests {
    func fx(_ history: String, _ db: String, _ args: [String], env: [String: String] = [:]) throws -> CLI.Result {
        try CLI.fixtures(history, ["--database-connection", db] + args, environment: env)
    }

    @Test("history, heads, branches, show and current, as text and JSON")
    func graphCommands() throws {
        let dir = try TempDir()
        let db = "sqlite:///\(dir.path)/g.db"
        let history = try fx("merged", db, ["history"])
        #expect(history.status == 0)
        #expect(history.stdout == """
            (2000bbbb0002, 3000cccc0002) -> 4000dddd0001 (head) (mergepoint), merge alpha and beta
            3000cccc0001 -> 3000cccc0002, beta uses alpha
            2000bbbb0001 -> 2000bbbb0002, alpha grows
            1000aaaa0002 -> 3000cccc0001 (beta), beta starts
            1000aaaa0002 -> 2000bbbb0001 (alpha), alpha starts
            a1b2c3d4e5f6 -> 1000aaaa0002 (branchpoint), common
            <base> -> a1b2c3d4e5f6, root

            """)
        let heads = try fx("branched", db, ["heads"])
        #expect(heads.stdout.split(separator: "\n").sorted() == ["2000bbbb0002 (head)", "3000cccc0002 (head)"])
        let branches = try fx("branched", db, ["branches"])
        #expect(branches.stdout.hasPrefix("1000aaaa0002 (branchpoint)\n            -> 2000bbbb0001 (alpha), alpha starts\n"), "\(branches)")
        let show = try fx("merged", db, ["show", "4000"])
        #expect(show.stdout.contains("Merges: 2000bbbb0002, 3000cccc0002"))
        #expect(show.stdout.contains("Revision ID: 4000dddd0001"))

        #expect(try fx("linear", db, ["upgrade", "juno"]).status == 0)
        #expect(try fx("linear", db, ["current"]).stdout == "c3d4e5f6a7b8 (juno)\n")
        #expect(try fx("linear", db, ["version"]).stdout == "c3d4e5f6a7b8 (juno)\n")
        let json = try fx("linear", db, ["current", "--format", "json"])
        let decoded = try JSONDecoder().decode(CurrentReport.self, from: Data(json.stdout.utf8))
        #expect(decoded.revisions.map(\.revision) == ["c3d4e5f6a7b8"])
        #expect(decoded.versionTable == "alembic_version")
        let hist = try fx("linear", db, ["history", "-r", "b2c3:current", "--indicate-current"])
        #expect(hist.stdout == "b2c3d4e5f6a7 -> c3d4e5f6a7b8 (juno) (current), create pools\na1b2c3d4e5f6 -> b2c3d4e5f6a7, add account email\n", "\(hist)")
        let hj = try fx("linear", db, ["history", "--format", "json"])
        let entries = try JSONDecoder().decode([RevisionReport].self, from: Data(hj.stdout.utf8))
        #expect(entries.map(\.revision) == ["e5f6a7b8c9d0", "d4e5f6a7b8c9", "c3d4e5f6a7b8", "b2c3d4e5f6a7", "a1b2c3d4e5f6"])
        let headsJSON = try JSONDecoder().decode([RevisionReport].self, from: Data(try fx("linear", db, ["heads", "--format", "json"]).stdout.utf8))
        #expect(headsJSON.map(\.revision) == ["e5f6a7b8c9d0"])
        let verbose = try fx("linear", db, ["history", "-r", "d4e5:", "--verbose"])
        #expect(verbose.stdout.contains("Rev: e5f6a7b8c9d0 (head)\nParent: d4e5f6a7b8c9"))
        // upgrade --revision and stamp --revision (enamel-sync's spelling).
        #expect(try fx("linear", db, ["upgrade", "--revision", "d4e5"]).status == 0)
        #expect(try fx("linear", db, ["stamp", "--revision", "e5f6"]).status == 0)
        #expect(try fx("linear", db, ["current"]).stdout == "e5f6a7b8c9d0 (head)\n")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var history = "linear"
        var args: [String]
        var status: Int32
        var message: String
        var testDescription: String { args.joined(separator: " ") }
    }

    static let bad: [Bad] = [
        Bad(args: ["upgrade", "--delta", "0"], status: 2, message: "--delta must be a positive whole number"),
        Bad(args: ["upgrade", "--delta", "-1"], status: 2, message: "--delta must be a positive whole number, not -1"),
        Bad(args: ["downgrade", "--delta", "-2"], status: 2, message: "--delta must be a positive whole number, not -2"),
        Bad(args: ["upgrade", "--delta", "x"], status: 2, message: "--delta"),
        Bad(args: ["downgrade", "--delta", "0"], status: 2, message: "--delta must be a positive whole number"),
        Bad(args: ["upgrade", "head", "--delta", "1"], status: 2, message: "not both"),
        Bad(args: ["downgrade"], status: 2, message: "downgrade needs a revision"),
        Bad(args: ["upgrade", "zzzz"], status: 1, message: "no revision matches 'zzzz'"),
        Bad(args: ["upgrade", "a1b2c3d4e5f6xx"], status: 1, message: "no revision matches"),
        Bad(history: "branched", args: ["upgrade", "head"], status: 1, message: "'head' is ambiguous: there are 2 heads"),
        Bad(history: "branched", args: ["upgrade", "2000"], status: 1, message: "'2000' matches several revisions: 2000bbbb0001, 2000bbbb0002; give more characters"),
        Bad(history: "merged", args: ["show", "3000cccc"], status: 1, message: "matches several revisions: 3000cccc0001, 3000cccc0002"),
        Bad(args: ["upgrade", "--sqll"], status: 2, message: "Unknown option '--sqll'"),
        Bad(args: ["upgrade", "a1b2", "b2c3"], status: 2, message: "Unexpected argument 'b2c3'"),
        Bad(args: ["downgrade", "-1"], status: 1, message: "'-1' asks for 1 step(s) but only 0 are possible"),
        Bad(args: ["downgrade", "e5f6"], status: 1, message: "is not below the database's current revision"),
        Bad(args: ["upgrade", "+9"], status: 1, message: "'+9' asks for 9 step(s)"),
        Bad(args: ["stamp"], status: 2, message: "stamp needs a revision"),
        Bad(args: ["show", "nope@head"], status: 1, message: "no branch is labelled 'nope'"),
    ]

    @Test("bad targets and flags: one line, the right status, database unchanged", arguments: bad)
    func badTargets(c: Bad) throws {
        let dir = try TempDir()
        let path = "\(dir.path)/b.db"
        // downgrade does not create a database: give it an empty one (an empty file).
        if c.args.first == "downgrade" { FileManager.default.createFile(atPath: path, contents: nil) }
        let r = try fx(c.history, "sqlite:///\(path)", c.args)
        #expect(r.status == c.status, "\(r)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
        #expect(r.stderr.contains(c.message), "\(r)")
        #expect(!r.stderr.contains("Fatal error"))
        // Nothing was created: a failed command leaves no version table behind.
        if FileManager.default.fileExists(atPath: path) {
            let s = try CLI.program("/usr/bin/sqlite3", [path, "SELECT name FROM sqlite_master"])
            #expect(s.stdout.isEmpty, "\(s)")
        }
    }

    @Test("a database newer than the tool is named, not guessed at")
    func newerDatabase() throws {
        let dir = try TempDir()
        let db = "sqlite:///\(dir.path)/n.db"
        #expect(try fx("linear", db, ["stamp", "head"]).status == 0)
        _ = try CLI.program("/usr/bin/sqlite3", ["\(dir.path)/n.db", "UPDATE alembic_version SET version_num = 'fffffff00000'"])
        for args in [["current"], ["upgrade"], ["downgrade", "base"], ["history", "--indicate-current"]] {
            let r = try fx("linear", db, args)
            #expect(r.status == 1)
            #expect(r.stderr == "vdi-db-manage: error: the version table alembic_version holds revision 'fffffff00000', which this history does not have (another project's revisions, or a release this tool does not include); nothing was changed\n")
        }
        #expect(try fx("linear", db, ["stamp", "--purge", "juno"]).status == 0)
        #expect(try fx("linear", db, ["current"]).stdout == "c3d4e5f6a7b8 (juno)\n")
    }

    @Test("a failing revision exits 1 with one line naming revision, statement and state")
    func failingRevision() throws {
        let dir = try TempDir()
        let r = try fx("failing", "sqlite:///\(dir.path)/f.db", ["upgrade"])
        #expect(r.status == 1)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("vdi-db-manage: error: upgrade b2c3d4e5f6a7 -> f0f0f0f0f0f1, fails halfway failed at statement 3: SQLite error 1: no such table: fx_no_such_table"), "\(r)")
        #expect(last.hasSuffix("The revision was rolled back: the database is at b2c3d4e5f6a7 (2 earlier revision(s) of this run committed)."), "\(r)")
    }

    /// A migrations source directory with an empty registry, as a new project has.
    func sourceTree(_ dir: TempDir) throws -> String {
        let src = dir.path + "/Migrations"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try """
            import MigrationKit

            public enum FixtureRegistry {
                static let scripts: [any MigrationScript.Type] = [
                    // registry: begin
                    // registry: end
                ]
            }
            """.write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
        return src
    }

    /// Type-checks the source directory against the built MigrationKit module: the proof that the next
    /// `swift build` compiles what the tool wrote.
    func typecheck(_ src: String) throws -> CLI.Result {
        let modules = (CLI.fixtureBinary as NSString).deletingLastPathComponent + "/Modules"
        let files = try FileManager.default.subpathsOfDirectory(atPath: src).filter { $0.hasSuffix(".swift") }.map { src + "/" + $0 }
        return try CLI.program("/opt/swift/usr/bin/swiftc", ["-typecheck", "-I", modules, "-module-name", "Migrations"] + files)
    }

    @Test("revision and merge write compilable, registered scripts; check_migration sees them")
    func scripts() throws {
        let dir = try TempDir()
        let src = try sourceTree(dir)
        let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
        let db = "sqlite:///\(dir.path)/s.db"
        let r = try fx("branched", db, ["revision", "-m", "Add \"pool\" quota\\limits", "--head", "alpha@head", "--rev-id", "abc123def456"], env: env)
        #expect(r.status == 0, "\(r)")
        let path = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path == src + "/Versions/abc123def456_add_pool_quota_limits.swift")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("static let parents: [String] = [\"2000bbbb0002\"]"))
        #expect(text.contains("static let message = \"Add \\\"pool\\\" quota\\\\limits\""))
        let registry = try String(contentsOfFile: src + "/Registry.swift", encoding: .utf8)
        #expect(registry.contains("        Revision_abc123def456.self,\n        // registry: end"))

        let m = try fx("branched", db, ["merge", "-m", "merge branches", "heads", "--rev-id", "0aa0bb0cc0dd"], env: env)
        #expect(m.status == 0, "\(m)")
        #expect(try String(contentsOfFile: m.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
            .contains("static let parents: [String] = [\"2000bbbb0002\", \"3000cccc0002\"]"))
        let tc = try typecheck(src)
        #expect(tc.status == 0, "\(tc)")

        // The fixture binary was built without these files: check_migration says so, and also that the
        // fixture revisions have no files in this tree.
        let check = try fx("branched", db, ["check_migration"], env: env)
        #expect(check.status == 1)
        #expect(check.output.contains("lists but this build does not include: rebuild"), "\(check)")
        #expect(check.output.contains("is registered but no file"), "\(check)")

        // A file nobody registered.
        try "import MigrationKit\nstruct Revision_lost: MigrationScript {\n    static let id = \"lost00000001\"\n    static let parents: [String] = []\n    static let message = \"x\"\n    func upgrade(_ op: Operations) throws {}\n    func downgrade(_ op: Operations) throws {}\n}\n"
            .write(toFile: src + "/Versions/lost00000001_x.swift", atomically: true, encoding: .utf8)
        let lost = try fx("branched", db, ["check_migration"], env: env)
        #expect(lost.output.contains("declares revision 'lost00000001', which is not registered: add Revision_lost00000001.self"), "\(lost)")
    }

    @Test("revision --splice starts a branch from a non-head; --depends-on and --branch-label are written")
    func spliceAndDepends() throws {
        let dir = try TempDir()
        let src = try sourceTree(dir)
        let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
        let r = try fx("branched", "sqlite:///\(dir.path)/s.db", ["revision", "-m", "gamma", "--head", "1000aaaa0002", "--splice", "--branch-label", "gamma", "--depends-on", "2000bbbb0002", "--rev-id", "5000eeee0001"], env: env)
        #expect(r.status == 0, "\(r)")
        let text = try String(contentsOfFile: r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
        #expect(text.contains("static let parents: [String] = [\"1000aaaa0002\"]"))
        #expect(text.contains("static let dependsOn: [String] = [\"2000bbbb0002\"]"))
        #expect(text.contains("static let branchLabels: [String] = [\"gamma\"]"))
        #expect(try typecheck(src).status == 0)
    }

    @Test("revision refuses what would break the history")
    func revisionRefusals() throws {
        let dir = try TempDir()
        let src = try sourceTree(dir)
        let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
        let db = "sqlite:///\(dir.path)/s.db"
        let multi = try fx("branched", db, ["revision", "-m", "x"], env: env)
        #expect(multi.status == 1)
        #expect(multi.stderr.contains("'head' is ambiguous"))
        let notHead = try fx("branched", db, ["revision", "-m", "x", "--head", "1000aaaa0002"], env: env)
        #expect(notHead.stderr.contains("is not a head; pass --splice"))
        let dup = try fx("branched", db, ["revision", "-m", "x", "--head", "alpha@head", "--rev-id", "2000bbbb0001"], env: env)
        #expect(dup.stderr.contains("already exists"))
        let long = try fx("branched", db, ["revision", "-m", "x", "--head", "alpha@head", "--rev-id", String(repeating: "a", count: 33)], env: env)
        #expect(long.stderr.contains("longer than the version table's 32 characters"))
        let label = try fx("branched", db, ["revision", "-m", "x", "--head", "alpha@head", "--branch-label", "beta"], env: env)
        #expect(label.stderr.contains("branch label 'beta' is already used"))
        let noTree = try fx("branched", db, ["revision", "-m", "x", "--head", "alpha@head"], env: ["OS_MIGRATIONS__SOURCE_DIR": dir.path + "/none"])
        #expect(noTree.stderr.contains("cannot find"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: src) == ["Registry.swift"])
    }

    @Test("check_migration passes on sound fixture histories")
    func checkMigrationOK() throws {
        let dir = try TempDir()
        for h in ["linear", "merged"] {
            let r = try fx(h, "sqlite:///\(dir.path)/c.db", ["check_migration"])
            #expect(r.status == 0, "\(r)")
            #expect(r.stdout.hasPrefix("OK: "))
        }
        let branched = try fx("branched", "sqlite:///\(dir.path)/c.db", ["check_migration"])
        #expect(branched.status == 0, "labelled branches may each have a head: \(branched)")
    }
}

@Suite("CLI: check and revision --autogenerate")
struct AutogenerateCLITests {
    @Test("check exits 0 when models match and 1 listing differences; autogenerate writes a compilable draft", arguments: Backend.allCases)
    func checkAndAutogenerate(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let v1 = ["VDI_FIXTURE_MODELS": "v1"]
            let v2 = ["VDI_FIXTURE_MODELS": "v2"]
            #expect(try CLI.fixtures("modeled", ["--database-connection", url, "upgrade", "head"], environment: v1).status == 0)
            let clean = try CLI.fixtures("modeled", ["--database-connection", url, "check"], environment: v1)
            #expect(clean.status == 0, "\(clean)")
            #expect(clean.stdout == "No differences: the database matches the models.\n")
            let dirty = try CLI.fixtures("modeled", ["--database-connection", url, "check"], environment: v2)
            #expect(dirty.status == 1)
            #expect(dirty.stdout.contains("- change column am_hosts.name: rename to hostname\n"))
            #expect(dirty.stdout.contains("- remove column am_pools.legacy (destructive)\n"))
            #expect(dirty.stderr == "vdi-db-manage: error: 10 difference(s) between the models and the database\n")
            let json = try CLI.fixtures("modeled", ["--database-connection", url, "check", "--format", "json"], environment: v2)
            let reports = try JSONDecoder().decode([SchemaDifferenceReport].self, from: Data(json.stdout.utf8))
            #expect(reports.count == 10)
            #expect(reports.contains { $0.kind == "remove_column" && $0.destructive && $0.table == "am_pools" })

            let dir = try TempDir()
            let src = dir.path + "/Migrations"
            try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
            try "import MigrationKit\n\nenum FixtureRegistry {\n    static let scripts: [any MigrationScript.Type] = [\n        // registry: begin\n        // registry: end\n    ]\n}\n"
                .write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
            var env = v1
            env["OS_MIGRATIONS__SOURCE_DIR"] = src
            let none = try CLI.fixtures("modeled", ["--database-connection", url, "revision", "-m", "nothing", "--autogenerate"], environment: env)
            #expect(none.status == 0)
            #expect(none.stderr.contains("No changes detected"))
            #expect(none.stdout.isEmpty)
            env["VDI_FIXTURE_MODELS"] = "v2"
            let r = try CLI.fixtures("modeled", ["--database-connection", url, "revision", "-m", "pools v2", "--autogenerate", "--rev-id", "b1b1b1b1b1b1"], environment: env)
            #expect(r.status == 0, "\(r)")
            #expect(r.stderr.contains("WARNING: Destructive: remove column am_pools.legacy"))
            let text = try String(contentsOfFile: src + "/Versions/b1b1b1b1b1b1_pools_v2.swift", encoding: .utf8)
            #expect(text.contains("        // DESTRUCTIVE: remove column am_pools.legacy — review before running\n        try op.dropColumn(\"am_pools\", \"legacy\")"))
            #expect(text.contains("try op.alterColumn(\"am_hosts\", \"name\", newName: \"hostname\""))
            #expect(text.contains("try op.createTable(\n            Table(\"am_tags\""))
            #expect(text.contains("static let parents: [String] = [\"a0a0a0a0a0a1\"]"))
            let modules = (CLI.fixtureBinary as NSString).deletingLastPathComponent + "/Modules"
            let files = [src + "/Registry.swift", src + "/Versions/b1b1b1b1b1b1_pools_v2.swift"]
            let tc = try CLI.program("/opt/swift/usr/bin/swiftc", ["-typecheck", "-I", modules, "-module-name", "Migrations"] + files)
            #expect(tc.status == 0, "\(tc)")
        }
    }
}

/// Compiles a generated revision into a program with the built engine (linking the object files the
/// package build produced), then runs it: the revision must bring the database to the models, and its
/// downgrade back.
@Suite("CLI: a generated revision, compiled and run")
struct GeneratedRevisionRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func link(_ sources: [String], output: String) throws -> CLI.Result {
        let products = (CLI.fixtureBinary as NSString).deletingLastPathComponent
        var args = ["-I", products + "/Modules"]
        for m in ["CLibPQ", "CMariaDB", "CSQLite3"] { args += ["-I", root + "/Sources/" + m] }
        args += ["-Xcc", "-I/usr/include/postgresql", "-Xcc", "-I/usr/include/mariadb", "-module-name", "AutogenRoundTrip"]
        args += sources
        for target in ["MigrationKit", "MigrationKitDrivers", "VDIDBManageCLI", "MigrationFixtures", "ArgumentParser", "ArgumentParserToolInfo", "Logging"] {
            let dir = products + "/\(target).build"
            // The build's own list of the target's objects: a renamed or removed source file leaves its
            // object in the folder, which must not be linked.
            args += try Self.objects(in: dir)
        }
        args += ["-L/usr/lib/x86_64-linux-gnu", "-lpq", "-lmariadb", "-lsqlite3", "-o", output]
        return try CLI.program("/opt/swift/usr/bin/swiftc", args)
    }

    /// The object files of a target's build folder for the sources the build lists (its `sources`
    /// file, generated files included); every `.o` when there is no list.
    static func objects(in dir: String) throws -> [String] {
        let all = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".o") }
        // The project's own targets (paths without quoting): a Swift object must be one a listed source makes.
        guard let data = FileManager.default.contents(atPath: dir + "/sources"), !data.contains(UInt8(ascii: "'")) else {
            return all.map { dir + "/" + $0 }
        }
        let listed = Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map { (String($0) as NSString).lastPathComponent + ".o" })
        return all.filter { !$0.hasSuffix(".swift.o") || listed.contains($0) }.map { dir + "/" + $0 }
    }

    @Test("the developer's loop: autogenerate, compile, upgrade, check, check_migration, downgrade, upgrade", arguments: Backend.allCases)
    func compileAndRun(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let src = dir.path + "/Migrations"
            try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
            try "import MigrationKit\n\nenum FixtureRegistry {\n    static let scripts: [any MigrationScript.Type] = [\n        // registry: begin\n        // registry: end\n    ]\n}\n"
                .write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
            #expect(try CLI.fixtures("modeled", ["--database-connection", url, "upgrade", "head"]).status == 0)
            let gen = try CLI.fixtures("modeled", ["--database-connection", url, "revision", "-m", "to v2", "--autogenerate"],
                                       environment: ["VDI_FIXTURE_MODELS": "v2", "OS_MIGRATIONS__SOURCE_DIR": src])
            #expect(gen.status == 0, "\(gen)")
            let main = try dir.write("main.swift", """
                import MigrationFixtures
                import MigrationKit
                import VDIDBManageCLI

                VDIDBManageCommand.main(repositories: [MigrationRepository(
                    name: "fixtures", revisions: FixtureModels.history + FixtureRegistry.scripts.map { $0.revision },
                    sourceDirectory: "none", registryType: "FixtureRegistry", models: FixtureModels.v2)])
                """)
            let versions = try FileManager.default.contentsOfDirectory(atPath: src + "/Versions").map { src + "/Versions/" + $0 }
            let program = dir.path + "/roundtrip"
            let built = try Self.link([main, src + "/Registry.swift"] + versions, output: program)
            #expect(built.status == 0, "\(built)")
            let up = try CLI.program(program, ["--database-connection", url, "upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            let check = try CLI.program(program, ["--database-connection", url, "check"])
            #expect(check.status == 0, "\(check)")
            let gate = try CLI.program(program, ["--database-connection", url, "check_migration"])
            #expect(gate.status == 0, "\(gate)")
            let down = try CLI.program(program, ["--database-connection", url, "downgrade", "-1"])
            #expect(down.status == 0, "\(down)")
            let old = try CLI.fixtures("modeled", ["--database-connection", url, "check"], environment: ["VDI_FIXTURE_MODELS": "v1"])
            #expect(old.status == 0, "\(old)")
            // And up again: the loop closes.
            #expect(try CLI.program(program, ["--database-connection", url, "upgrade", "head"]).status == 0)
            #expect(try CLI.program(program, ["--database-connection", url, "check"]).status == 0)
        }
    }
}
