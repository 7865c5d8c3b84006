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

    @Test("two revisions without a build in between make a line; a fork the files cannot resolve is refused")
    func noSilentFork() throws {
        let dir = try TempDir()
        let src = try emptyRegistry(dir)
        let env = ["OS_MIGRATIONS__SOURCE_DIR": src]
        let db = "sqlite:///\(dir.path)/s.db"
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
            // [database] connection wins where both are set.
            let both = try dir.write("both.conf", "[alembic]\nsqlalchemy.url = sqlite:////nonexistent/x.db\n[database]\nconnection = \(db.url.unmaskedString)\n")
            #expect(try CLI.fixtures("linear", ["--config-file", both, "current"]).stdout == "e5f6a7b8c9d0 (head)\n")
        }
    }
}
