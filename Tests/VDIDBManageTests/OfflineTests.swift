import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// `--sql`: golden output per dialect, and the script run by the database's own client leaves the
/// same schema and version as an online run.
@Suite("CLI: offline --sql")
struct OfflineTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path
    /// URLs that point nowhere: offline mode must not connect.
    static let urls: [Backend: String] = [
        .postgresql: "postgresql://nobody:secret@127.0.0.1:1/nowhere",
        .mysql: "mysql+pymysql://nobody:secret@127.0.0.1:1/nowhere",
        .sqlite: "sqlite:////nonexistent-dir/never.db",
    ]

    func golden(_ name: String, _ text: String) throws {
        let path = Self.goldenDir + "/" + name
        if ProcessInfo.processInfo.environment["VDI_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(atPath: Self.goldenDir, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "offline output differs from \(path) (VDI_UPDATE_GOLDEN=1 rewrites it)")
    }

    @Test("golden upgrade, downgrade and stamp scripts per dialect", arguments: Backend.allCases)
    func goldenScripts(backend: Backend) throws {
        let url = Self.urls[backend]!
        let up = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "head", "--sql"])
        #expect(up.status == 0, "\(up)")
        try golden("linear-upgrade.\(backend.rawValue).sql", up.stdout)
        let partial = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "b2c3:juno", "--sql"])
        #expect(partial.status == 0, "\(partial)")
        try golden("linear-upgrade-range.\(backend.rawValue).sql", partial.stdout)
        let down = try CLI.fixtures("linear", ["--database-connection", url, "downgrade", "head:base", "--sql"])
        #expect(down.status == 0, "\(down)")
        try golden("linear-downgrade.\(backend.rawValue).sql", down.stdout)
        let stamp = try CLI.fixtures("linear", ["--database-connection", url, "stamp", "juno", "--sql"])
        #expect(stamp.status == 0, "\(stamp)")
        try golden("linear-stamp.\(backend.rawValue).sql", stamp.stdout)
        let merged = try CLI.fixtures("merged", ["--database-connection", url, "upgrade", "heads", "--sql"])
        #expect(merged.status == 0, "\(merged)")
        try golden("merged-upgrade.\(backend.rawValue).sql", merged.stdout)
        // Logs go to stderr, never into the script.
        #expect(!up.stdout.contains("Running upgrade a1b2c3d4e5f6 -> b2c3d4e5f6a7, add account email\n  done"))
        #expect(up.stderr.contains("Running upgrade"))
    }

    @Test("offline mistakes are usage errors", arguments: [Backend.sqlite])
    func offlineErrors(backend: Backend) throws {
        let url = Self.urls[backend]!
        let down = try CLI.fixtures("linear", ["--database-connection", url, "downgrade", "base", "--sql"])
        #expect(down.status == 1)
        #expect(down.stderr.contains("needs a start revision"))
        let rel = try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "+1", "--sql"])
        #expect(rel.stderr.contains("give FROM:TO"))
    }

    /// Runs a script with the backend's own command-line client.
    static func runWithClient(_ db: TestDatabase, script: String) throws -> CLI.Result {
        switch db.backend {
        case .sqlite:
            return try CLI.program("/usr/bin/sqlite3", ["-bail", db.name], stdin: script)
        case .postgresql:
            return try CLI.program("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", db.url.unmaskedString, "-f", script])
        case .mysql:
            let u = db.url
            return try CLI.program("/usr/bin/mariadb", ["--no-defaults", "-h", u.host ?? "127.0.0.1", "-P", "\(u.port ?? 3306)", "-u", u.username ?? "", "-p\(u.password ?? "")", u.database ?? ""], stdin: script)
        }
    }

    @Test("the offline script, run by the database's own client, equals the online run", arguments: Backend.allCases)
    func scriptEqualsOnline(backend: Backend) throws {
        try TestDatabase.with(backend, label: "offline") { offlineDB in
            try TestDatabase.with(backend, label: "online") { onlineDB in
                let dir = try TempDir()
                let script = try CLI.fixtures("merged", ["--database-connection", offlineDB.url.unmaskedString, "upgrade", "heads", "--sql"])
                #expect(script.status == 0)
                let path = try dir.write("up.sql", script.stdout)
                let applied = try Self.runWithClient(offlineDB, script: path)
                #expect(applied.status == 0, "\(applied)")
                let online = try CLI.fixtures("merged", ["--database-connection", onlineDB.url.unmaskedString, "upgrade", "heads"])
                #expect(online.status == 0, "\(online)")
                let a = try offlineDB.connect()
                let b = try onlineDB.connect()
                defer { a.close(); b.close() }
                #expect(try schemaFingerprint(a) == schemaFingerprint(b))
                #expect(try a.query("SELECT version_num FROM alembic_version").map { $0[0] } == b.query("SELECT version_num FROM alembic_version").map { $0[0] })
                #expect(try a.query("SELECT revision FROM fx_runs ORDER BY revision").map { $0[0] } == b.query("SELECT revision FROM fx_runs ORDER BY revision").map { $0[0] })

                // And back down: the downgrade script empties both the same way.
                let downScript = try CLI.fixtures("merged", ["--database-connection", offlineDB.url.unmaskedString, "downgrade", "heads:base", "--sql"])
                let downPath = try dir.write("down.sql", downScript.stdout)
                #expect(try Self.runWithClient(offlineDB, script: downPath).status == 0)
                #expect(try CLI.fixtures("merged", ["--database-connection", onlineDB.url.unmaskedString, "downgrade", "base"]).status == 0)
                #expect(try schemaFingerprint(a) == schemaFingerprint(b))
            }
        }
    }

    @Test("an SQLite script that rebuilds a table with a column the history does not know stops before changing anything")
    func sqliteScriptGuardsColumns() throws {
        try TestDatabase.with(.sqlite) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.run(["--database-connection", url, "upgrade", "juno"]).status == 0)
            let sql = "INSERT INTO images (uuid, name, size) VALUES ('u1', 'img', 5); ALTER TABLE images ADD COLUMN checksum TEXT; UPDATE images SET checksum = 'abc';"
            #expect(try CLI.program("/usr/bin/sqlite3", [db.name, sql]).status == 0)
            let script = try CLI.run(["--database-connection", url, "upgrade", "juno:head", "--sql"])
            #expect(script.status == 0, "\(script)")
            #expect(script.stdout.contains("_vdi_expect_images"))
            let file = db.name + ".sql"
            try script.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let before = try CLI.program("/usr/bin/sqlite3", [db.name, ".dump"]).stdout
            let applied = try CLI.program("/usr/bin/sqlite3", ["-bail", db.name], stdin: file)
            #expect(applied.status != 0)
            #expect(applied.output.contains("images: the live table's columns differ from what this script expects"), "\(applied)")
            #expect(try CLI.program("/usr/bin/sqlite3", [db.name, ".dump"]).stdout == before)

            // Without the hand-made column the same script runs through.
            #expect(try CLI.program("/usr/bin/sqlite3", [db.name, "ALTER TABLE images DROP COLUMN checksum"]).status == 0)
            let ok = try CLI.program("/usr/bin/sqlite3", ["-bail", db.name], stdin: file)
            #expect(ok.status == 0, "\(ok)")
            #expect(try CLI.run(["--database-connection", url, "check"]).status == 0)
        }
    }
}
