import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// The developer's loop without silent forks or destructive drafts.
@Suite("CLI: the developer's loop")
struct DeveloperLoopTests {
    func emptyRegistry(_ dir: TempDir) throws -> String {
        let src = dir.path + "/Migrations"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try "import MigrationKit\n\nenum FixtureRegistry {\n    static let scripts: [any MigrationScript.Type] = [\n        // registry: begin\n        // registry: end\n    ]\n}\n"
            .write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
        return src
    }

    @Test("autogenerate refuses a database that is behind, and says how to go on", arguments: Backend.allCases)
    func behind(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let env = ["VDI_FIXTURE_MODELS": "v2", "OS_MIGRATIONS__SOURCE_DIR": try emptyRegistry(dir)]
            // At base, with a history of revisions: behind. (An SQLite database must exist to be read.)
            if backend == .sqlite { FileManager.default.createFile(atPath: db.name, contents: nil) }
            let r = try CLI.fixtures("modeled", ["--database-connection", url, "revision", "-m", "x", "--autogenerate"], environment: env)
            #expect(r.status == 1, "\(r)")
            #expect(r.stderr.contains("the database is not up to date: it is at base, the new revision would follow a0a0a0a0a0a1; run 'upgrade head' first, or give --allow-behind"), "\(r)")
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/Migrations/Versions"))
            // The advice works: upgrade head, then autogenerate writes the draft.
            #expect(try CLI.fixtures("modeled", ["--database-connection", url, "upgrade", "head"]).status == 0)
            let ok = try CLI.fixtures("modeled", ["--database-connection", url, "revision", "-m", "x", "--autogenerate"], environment: env)
            #expect(ok.status == 0, "\(ok)")
            // Explicitly allowed while behind (in a fresh source tree).
            #expect(try CLI.fixtures("modeled", ["--database-connection", url, "downgrade", "base"]).status == 0)
            let other = try TempDir()
            let forced = try CLI.fixtures("modeled", ["--database-connection", url, "revision", "-m", "y", "--autogenerate", "--allow-behind"],
                                          environment: ["VDI_FIXTURE_MODELS": "v2", "OS_MIGRATIONS__SOURCE_DIR": try emptyRegistry(other)])
            #expect(forced.status == 0, "\(forced)")
            #expect(forced.stdout.hasPrefix(other.path + "/Migrations/Versions/"))
        }
    }

    @Test("two revisions without a build in between make a line; a fork the files cannot resolve is refused", arguments: Backend.allCases)
    func noSilentFork(backend: Backend) throws {
        try TestDatabase.with(backend) { database in
            let dir = try TempDir()
            let src = try emptyRegistry(dir)
            let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
            let db = database.url.unmaskedString
            let a = try CLI.fixtures("linear", ["--database-connection", db, "revision", "-m", "a", "--rev-id", "aaaa00000001"], environment: env)
            #expect(a.status == 0, "\(a)")
            let b = try CLI.fixtures("linear", ["--database-connection", db, "revision", "-m", "b", "--rev-id", "bbbb00000001"], environment: env)
            #expect(b.status == 0, "\(b)")
            #expect(b.stderr.contains("Following aaaa00000001, written since the last build"), "\(b)")
            let text = try String(contentsOfFile: src + "/Versions/bbbb00000001_b.swift", encoding: .utf8)
            #expect(text.contains("static let parents: [String] = [\"aaaa00000001\"]"))
            // A third file that forks the unbuilt line: the next revision cannot tell which to follow.
            try "import MigrationKit\nstruct Revision_cccc00000001: MigrationScript {\n    static let id = \"cccc00000001\"\n    static let parents: [String] = [\"aaaa00000001\"]\n    static let message = \"c\"\n    func upgrade(_ op: Operations) throws {}\n    func downgrade(_ op: Operations) throws {}\n}\n"
                .write(toFile: src + "/Versions/cccc00000001_c.swift", atomically: true, encoding: .utf8)
            let d = try CLI.fixtures("linear", ["--database-connection", db, "revision", "-m", "d"], environment: env)
            #expect(d.status != 0)
            #expect(d.stderr.contains("3 revision file(s) not built in yet") && d.stderr.contains("build first"), "\(d)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: src + "/Versions").count == 3, "the refusal wrote nothing")
        }
    }

    /// Writes a body into a revision file `revision` wrote (its empty `upgrade` and `downgrade`).
    func fill(_ path: String, upgrade: String, downgrade: String) throws {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "func upgrade(_ op: Operations) throws {\n", with: "func upgrade(_ op: Operations) throws {\n        \(upgrade)\n")
        text = text.replacingOccurrences(of: "func downgrade(_ op: Operations) throws {\n", with: "func downgrade(_ op: Operations) throws {\n        \(downgrade)\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A CLI whose history is the revision files in `src`, compiled and linked as a project's would be.
    func build(_ dir: TempDir, _ src: String, as name: String) throws -> String {
        let main = try dir.write("main.swift", """
            import MigrationKit
            import VDIDBManageCLI

            VDIDBManageCommand.main(repositories: [MigrationRepository(
                name: "fixtures", revisions: FixtureRegistry.scripts.map { $0.revision },
                sourceDirectory: "none", registryType: "FixtureRegistry")])
            """)
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: src + "/Versions")) ?? []).map { src + "/Versions/" + $0 }
        let program = dir.path + "/" + name
        let built = try GeneratedRevisionRunTests.link([main, src + "/Registry.swift"] + versions, output: program)
        #expect(built.status == 0, "\(built)")
        return program
    }

    @Test("two developers fork the head; 'merge heads' makes check_migration pass and the merged history runs up and down", arguments: Backend.allCases)
    func mergeHeadsSatisfiesTheGate(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let dir = try TempDir()
            let src = try emptyRegistry(dir)
            let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
            let rootTool = try build(dir, src, as: "empty")
            let root = try CLI.program(rootTool, ["--database-connection", url, "revision", "-m", "hosts", "--rev-id", "0000aaaa0001"], environment: env)
            #expect(root.status == 0, "\(root)")
            try fill(root.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                     upgrade: "try op.createTable(Table(\"am_hosts\") { Column(\"id\", .integer, nullable: false); Key.primary(\"id\") })",
                     downgrade: "try op.dropTable(\"am_hosts\")")
            let first = try build(dir, src, as: "first")

            // Two developers, each in a checkout of their own, add a revision after that head; both
            // land: an unlabelled branch point.
            let a = try CLI.program(first, ["--database-connection", url, "revision", "-m", "add notes", "--rev-id", "aaaa00000001"], environment: env)
            #expect(a.status == 0, "\(a)")
            let other = try TempDir()
            let otherSrc = try emptyRegistry(other)
            let b = try CLI.program(first, ["--database-connection", url, "revision", "-m", "add owner", "--rev-id", "bbbb00000001"],
                                    environment: ["OS_MIGRATIONS__SOURCE_DIR": otherSrc])
            #expect(b.status == 0, "\(b)")
            let bPath = src + "/Versions/bbbb00000001_add_owner.swift"
            try FileManager.default.copyItem(atPath: b.stdout.trimmingCharacters(in: .whitespacesAndNewlines), toPath: bPath)
            let registry = try String(contentsOfFile: src + "/Registry.swift", encoding: .utf8)
            try registry.replacingOccurrences(of: "        // registry: end", with: "        Revision_bbbb00000001.self,\n        // registry: end")
                .write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
            try fill(a.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                     upgrade: "try op.addColumn(\"am_hosts\", Column(\"notes\", .string(length: 40)))", downgrade: "try op.dropColumn(\"am_hosts\", \"notes\")")
            try fill(bPath,
                     upgrade: "try op.addColumn(\"am_hosts\", Column(\"owner\", .string(length: 40)))", downgrade: "try op.dropColumn(\"am_hosts\", \"owner\")")
            let forked = try build(dir, src, as: "forked")
            let gate = try CLI.program(forked, ["--database-connection", url, "check_migration"], environment: env)
            #expect(gate.status == 1, "\(gate)")
            #expect(gate.output.contains("'0000aaaa0001' is an unlabelled branch point"), "\(gate)")
            #expect(gate.output.contains("merge"), "the refusal says how to go on: \(gate)")

            // The advice: merge the heads, rebuild.
            let m = try CLI.program(forked, ["--database-connection", url, "merge", "-m", "merge heads", "heads", "--rev-id", "cccc00000001"], environment: env)
            #expect(m.status == 0, "\(m)")
            #expect(try String(contentsOfFile: m.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
                .contains("static let parents: [String] = [\"aaaa00000001\", \"bbbb00000001\"]"))
            let merged = try build(dir, src, as: "merged")
            let ok = try CLI.program(merged, ["--database-connection", url, "check_migration"], environment: env)
            #expect(ok.status == 0, "\(ok)")
            #expect(ok.stdout.hasPrefix("OK: "), "\(ok)")
            #expect(try CLI.program(merged, ["--database-connection", url, "heads"]).stdout == "cccc00000001 (head) (mergepoint)\n")

            // Both branches run, up and back down, on this backend.
            let up = try CLI.program(merged, ["--database-connection", url, "upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            #expect(try CLI.program(merged, ["--database-connection", url, "current"]).stdout == "cccc00000001 (head) (mergepoint)\n")
            let schema = try CLI.program(merged, ["--database-connection", url, "inspect", "--format", "json"])
            #expect(schema.stdout.contains("\"notes\"") && schema.stdout.contains("\"owner\""), "\(schema)")
            let down = try CLI.program(merged, ["--database-connection", url, "downgrade", "0000aaaa0001"])
            #expect(down.status == 0, "\(down)")
            let at = try CLI.program(merged, ["--database-connection", url, "current"])
            #expect(at.stdout == "0000aaaa0001 (branchpoint)\n", "\(at)")
            let back = try CLI.program(merged, ["--database-connection", url, "inspect", "--format", "json"])
            #expect(back.status == 0 && !back.stdout.contains("\"notes\"") && !back.stdout.contains("\"owner\""), "\(back)")
        }
    }

    @Test("-c and an alembic.ini's [alembic] sqlalchemy.url are understood", arguments: Backend.allCases)
    func alembicHabits(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let dir = try TempDir()
            let ini = try dir.write("alembic.ini", """
                [alembic]
                script_location = migrations
                sqlalchemy.url = \(db.url.unmaskedString)

                [loggers]
                keys = root
                """)
            let up = try CLI.fixtures("linear", ["-c", ini, "upgrade", "head"])
            #expect(up.status == 0, "\(up)")
            let cur = try CLI.fixtures("linear", ["-c", ini, "current"])
            #expect(cur.stdout == "e5f6a7b8c9d0 (head)\n", "\(cur)")
            // Alembic's documented range spelling, the flag glued to a relative step (`-r-1:current`),
            // and the same with a space, both mean the range.
            let spelled = try CLI.fixtures("linear", ["-c", ini, "history", "--rev-range=-1:current"])
            #expect(spelled.status == 0 && spelled.stdout.contains("-> e5f6a7b8c9d0") && !spelled.stdout.contains("create accounts"), "\(spelled)")
            for args in [["history", "-r-1:current"], ["history", "-r", "-1:current"]] {
                let r = try CLI.fixtures("linear", ["-c", ini] + args)
                #expect(r.status == 0 && r.stdout == spelled.stdout, "\(args): \(r)")
            }
            // A message is left as written, even one that starts like the flag.
            let src = try emptyRegistry(dir)
            let msg = try CLI.fixtures("linear", ["-c", ini, "revision", "-m", "-rate limits", "--rev-id", "abab00000001"], environment: ["OS_MIGRATIONS__SOURCE_DIR": src])
            #expect(msg.status != 0 && !msg.stderr.contains("rev-range"), "\(msg)")
            let plain = try CLI.fixtures("linear", ["-c", ini, "revision", "-m", "rate -r limits", "--rev-id", "abab00000001"], environment: ["OS_MIGRATIONS__SOURCE_DIR": src])
            #expect(try String(contentsOfFile: plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8).contains("static let message = \"rate -r limits\""))
            // [database] connection wins where both are set.
            let both = try dir.write("both.conf", "[alembic]\nsqlalchemy.url = sqlite:////nonexistent/x.db\n[database]\nconnection = \(db.url.unmaskedString)\n")
            #expect(try CLI.fixtures("linear", ["--config-file", both, "current"]).stdout == "e5f6a7b8c9d0 (head)\n")
        }
    }

    /// A project tree as `freeze_release` expects it: `Package.swift` and the history's registry, with
    /// their markers.
    func projectTree(_ dir: TempDir) throws -> String {
        let src = dir.path + "/Sources/Migrations"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try "// swift-tools-version:6.1\nlet frozenReleases: [(history: String, release: String)] = [\n    // frozen releases: begin\n    // frozen releases: end\n]\n"
            .write(toFile: dir.path + "/Package.swift", atomically: true, encoding: .utf8)
        try "import MigrationKit\n// release imports: begin\n// release imports: end\n\nenum FixtureRegistry {\n    static let releases: [MigrationRelease] = [\n        // releases: begin\n        // releases: end\n    ]\n    static let scripts: [any MigrationScript.Type] = [\n        // registry: begin\n        // registry: end\n    ]\n}\n"
            .write(toFile: src + "/Registry.swift", atomically: true, encoding: .utf8)
        return src
    }

    @Test("freeze_release moves the release in development into a module of its own; bad input moves nothing")
    func freezeRelease() throws {
        let dir = try TempDir()
        let src = try projectTree(dir)
        let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
        let db = "sqlite:///\(dir.path)/s.db"
        func freeze(_ name: String) throws -> CLI.Result {
            try CLI.fixtures("linear", ["--database-connection", db, "freeze_release", name], environment: env)
        }
        let fm = FileManager.default
        func tree() throws -> [String] {
            (fm.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).sorted()
        }
        // Nothing to freeze yet.
        let empty = try freeze("Kilo")
        #expect(empty.status == 1 && empty.stderr.contains("holds no revisions: nothing to freeze"), "\(empty)")
        #expect(try CLI.fixtures("linear", ["--database-connection", db, "revision", "-m", "a", "--rev-id", "aaaa00000001"], environment: env).status == 0)
        #expect(try CLI.fixtures("linear", ["--database-connection", db, "revision", "-m", "b", "--rev-id", "bbbb00000001"], environment: env).status == 0)
        let before = try tree()
        let registryBefore = try String(contentsOfFile: src + "/Registry.swift", encoding: .utf8)
        // Refusals, each leaving every file where it was.
        let badName = try freeze("9lives")
        #expect(badName.status == 1 && badName.stderr.contains("release name '9lives' must be a letter followed by letters and digits"), "\(badName)")
        try "import MigrationKit\nstruct Revision_cccc00000001: MigrationScript {\n    static let id = \"cccc00000001\"\n    static let parents: [String] = [\"bbbb00000001\"]\n}\n"
            .write(toFile: src + "/Versions/cccc00000001_c.swift", atomically: true, encoding: .utf8)
        let unregistered = try freeze("Kilo")
        #expect(unregistered.status == 1 && unregistered.stderr.contains("(not registered: Revision_cccc00000001; no file: ); run check_migration"), "\(unregistered)")
        try fm.removeItem(atPath: src + "/Versions/cccc00000001_c.swift")
        let manifest = try String(contentsOfFile: dir.path + "/Package.swift", encoding: .utf8)
        try "// swift-tools-version:6.1\n".write(toFile: dir.path + "/Package.swift", atomically: true, encoding: .utf8)
        let noMarkers = try freeze("Kilo")
        #expect(noMarkers.status == 1 && noMarkers.stderr.contains("Package.swift lacks the '// frozen releases: begin'"), "\(noMarkers)")
        try manifest.write(toFile: dir.path + "/Package.swift", atomically: true, encoding: .utf8)
        #expect(try tree() == before)
        #expect(try String(contentsOfFile: src + "/Registry.swift", encoding: .utf8) == registryBefore)

        // The freeze.
        let ok = try freeze("Kilo")
        #expect(ok.status == 0, "\(ok)")
        let release = dir.path + "/Sources/MigrationsReleases/Kilo"
        #expect(ok.stdout == release + "\n")
        #expect(try fm.contentsOfDirectory(atPath: src + "/Versions").isEmpty)
        #expect(try fm.contentsOfDirectory(atPath: release + "/Versions").sorted() == ["aaaa00000001_a.swift", "bbbb00000001_b.swift"])
        let frozen = try String(contentsOfFile: release + "/Registry.swift", encoding: .utf8)
        #expect(frozen.contains("public enum Migrations_Kilo {"))
        #expect(frozen.contains("MigrationRelease(name: \"Kilo\", sourceDirectory: \"\(release)\", scripts: scripts)"))
        #expect(frozen.contains("        // registry: begin\n        Revision_aaaa00000001.self,\n        Revision_bbbb00000001.self,\n        // registry: end\n"), "\(frozen)")
        let registry = try String(contentsOfFile: src + "/Registry.swift", encoding: .utf8)
        #expect(registry.contains("// release imports: begin\nimport Migrations_Kilo\n// release imports: end"), "\(registry)")
        #expect(registry.contains("        // releases: begin\n        Migrations_Kilo.release,\n        // releases: end"), "\(registry)")
        #expect(registry.contains("        // registry: begin\n        // registry: end"), "\(registry)")
        #expect(try String(contentsOfFile: dir.path + "/Package.swift", encoding: .utf8).contains("    (\"Migrations\", \"Kilo\"),\n    // frozen releases: end"))
        // Frozen once only; and a revision written before the rebuild still follows the frozen files.
        let again = try freeze("Kilo")
        #expect(again.status == 1 && again.stderr.contains("release 'Kilo' is frozen already"), "\(again)")
        let next = try CLI.fixtures("linear", ["--database-connection", db, "revision", "-m", "c", "--rev-id", "cccc00000001"], environment: env)
        #expect(next.status == 0, "\(next)")
        #expect(try String(contentsOfFile: src + "/Versions/cccc00000001_c.swift", encoding: .utf8).contains("static let parents: [String] = [\"bbbb00000001\"]"))
    }
}
