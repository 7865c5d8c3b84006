import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// VDI's own history on a Juno-era SQLite database that carries what the models do not declare:
/// triggers, an expression index and a partial unique index. Every rebuild of the history keeps them.
@Suite("CLI: SQLite upgrades keep what the models do not declare")
struct SQLiteKeepsObjectsTests {
    @Test("triggers, expression and partial indexes survive the upgrade from Juno to Mitaka, with soft-deleted duplicates")
    func juno() throws {
        try TestDatabase.with(.sqlite) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.run(["--database-connection", url, "upgrade", "juno"]).status == 0)
            let extras = """
                CREATE TRIGGER tr_images_touch AFTER UPDATE OF name ON images BEGIN UPDATE images SET updated_at = '2015-01-01' WHERE id = NEW.id; END;
                CREATE TRIGGER tr_desktops_guard BEFORE DELETE ON desktops BEGIN SELECT RAISE(ABORT, 'desktops are soft-deleted') WHERE OLD.deleted = 0; END;
                CREATE INDEX ix_images_lower_name ON images (lower(name));
                CREATE UNIQUE INDEX ux_desktops_pool_name ON desktops (pool_id, name) WHERE deleted = 0;
                INSERT INTO images (id, uuid, name, size) VALUES (1, 'img-1', 'Base', 5);
                INSERT INTO pools (id, uuid, name, image_id) VALUES (1, 'pool-1', 'p', 1);
                INSERT INTO desktops (id, pool_id, name, uuid, deleted) VALUES (1, 1, 'd', 'u1', 1), (2, 1, 'd', 'u2', 1), (3, 1, 'd', 'u3', 0);
                """
            #expect(try CLI.program("/usr/bin/sqlite3", ["-bail", db.name, extras]).status == 0)
            let objects = "SELECT name || ': ' || sql FROM sqlite_master WHERE name IN ('tr_images_touch', 'tr_desktops_guard', 'ix_images_lower_name', 'ux_desktops_pool_name') ORDER BY name"
            let before = try CLI.program("/usr/bin/sqlite3", [db.name, objects]).stdout
            #expect(before.split(separator: "\n").count == 4)

            // To Mitaka: Newton's contract drops desktops.name, which the operator's index uses.
            let up = try CLI.run(["--database-connection", url, "upgrade", "mitaka"])
            #expect(up.status == 0, "\(up)")
            #expect(try CLI.program("/usr/bin/sqlite3", [db.name, objects]).stdout == before)
            // The objects still work: the partial index still allows soft-deleted duplicates and refuses
            // a live one; the trigger still fires.
            #expect(try CLI.program("/usr/bin/sqlite3", ["-bail", db.name, "INSERT INTO desktops (id, pool_id, name, uuid, deleted, state) VALUES (4, 1, 'd', 'u4', 1, 'active')"]).status == 0)
            #expect(try CLI.program("/usr/bin/sqlite3", ["-bail", db.name, "INSERT INTO desktops (id, pool_id, name, uuid, deleted, state) VALUES (5, 1, 'd', 'u5', 0, 'active')"]).status != 0)
            #expect(try CLI.program("/usr/bin/sqlite3", ["-bail", db.name, "DELETE FROM desktops WHERE id = 3"]).output.contains("soft-deleted"))
            #expect(try CLI.program("/usr/bin/sqlite3", ["-bail", db.name, "UPDATE images SET name = 'x' WHERE id = 1; SELECT updated_at FROM images WHERE id = 1"]).stdout == "2015-01-01\n")
            // And back down and up again.
            #expect(try CLI.run(["--database-connection", url, "downgrade", "juno"]).status == 0)
            #expect(try CLI.run(["--database-connection", url, "upgrade", "mitaka"]).status == 0)
            #expect(try CLI.program("/usr/bin/sqlite3", [db.name, objects]).stdout == before)
        }
    }
}
