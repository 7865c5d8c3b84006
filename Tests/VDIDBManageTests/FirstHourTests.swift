import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// What a new user meets in the first hour: read-only commands that never create a database, paths in
/// a config file that mean the same from any directory, JSON that says where the database is.
@Suite("CLI: the first hour")
struct FirstHourTests {
    static let readOnly: [[String]] = [["current"], ["check"], ["inspect"], ["check_connection"], ["history", "--indicate-current"]]

    @Test("a read-only command on a missing SQLite file exits 1 with one line and creates nothing", arguments: readOnly)
    func readOnlyCreatesNothing(command: [String]) throws {
        let dir = try TempDir()
        let path = dir.path + "/missing.db"
        let r = try CLI.run(["--database-connection", "sqlite:///" + path] + command)
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("does not exist"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a relative SQLite path in a config file is relative to the file, from any directory")
    func relativeToConfigFile() throws {
        let dir = try TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path + "/elsewhere", withIntermediateDirectories: true)
        let conf = dir.path + "/etc/vdi.conf"
        try "[DEFAULT]\nstate_path = .\n\n[database]\nconnection = sqlite:///$state_path/vdi.db\n".write(toFile: conf, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["--config-file", conf, "upgrade", "juno"], cwd: dir.path + "/elsewhere").status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/etc/vdi.db"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/elsewhere/vdi.db"))
        // A relative config-file path on the command line works from its own directory too.
        let cur = try CLI.run(["--config-file", "etc/vdi.conf", "current"], cwd: dir.path)
        #expect(cur.stdout == "vdi: 4a6f8b0d2e34 (juno)\naccounting: base\n", "\(cur)")
        // The same URL on the command line is relative to the working directory, and read-only there.
        let here = try CLI.run(["--database-connection", "sqlite:///vdi.db", "current"], cwd: dir.path + "/elsewhere")
        #expect(here.status == 1 && !FileManager.default.fileExists(atPath: dir.path + "/elsewhere/vdi.db"))
    }

    @Test("current --format json marks the revision the database is at as current", arguments: Backend.allCases)
    func currentJSON(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "juno"]).status == 0)
            let r = try CLI.fixtures("linear", ["--database-connection", url, "current", "--format", "json"])
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let revisions = json?["revisions"] as? [[String: Any]]
            #expect(revisions?.count == 1)
            #expect(revisions?.first?["revision"] as? String == "c3d4e5f6a7b8")
            #expect(revisions?.first?["is_current"] as? Bool == true, "\(r.stdout)")
        }
    }
}
