import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// libpq and the MariaDB connector are loaded on first use: the binary starts and serves SQLite without
/// them, and a URL that needs one names the package.
@Suite("CLI: client libraries on demand")
struct ClientLibraryTests {
    @Test("the binary does not need libpq or libmariadb to start", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/readelf"), "needs readelf (binutils)"))
    func notLinked() throws {
        for binary in [CLI.binary, CLI.fixtureBinary] {
            let needed = try CLI.program("/usr/bin/readelf", ["-d", binary]).stdout
            #expect(needed.contains("libsqlite3"), "\(needed)")
            #expect(!needed.contains("libpq") && !needed.contains("libmariadb"), "\(binary): \(needed)")
        }
    }

    @Test("without them: SQLite works; PostgreSQL and MariaDB URLs name the package to install")
    func absent() throws {
        let hidden = ["VDI_LIBPQ": "/nonexistent/libpq.so.5", "VDI_LIBMARIADB": "/nonexistent/libmariadb.so.3"]
        let dir = try TempDir()
        let sqlite = try CLI.run(["--database-connection", "sqlite:///\(dir.path)/x.db", "upgrade", "head"], environment: hidden)
        #expect(sqlite.status == 0, "\(sqlite)")
        let pg = try CLI.run(["--database-connection", "postgresql://vdi:secret@127.0.0.1:1/vdi", "current"], environment: hidden)
        #expect(pg.status == 1 && pg.stderr == "vdi-db-manage: error: PostgreSQL: PostgreSQL needs the libpq client library, which is not installed (Debian/Ubuntu: apt-get install libpq5; Fedora: dnf install libpq)\n", "\(pg)")
        let my = try CLI.run(["--database-connection", "mysql://vdi:secret@127.0.0.1:1/vdi", "check_connection"], environment: hidden)
        #expect(my.status == 1 && my.stderr.contains("apt-get install libmariadb3"), "\(my)")
    }
}
