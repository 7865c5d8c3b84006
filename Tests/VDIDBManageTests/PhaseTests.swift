import Foundation
import MigrationKit
import MigrationKitDrivers
import MigrationKitTestSupport
import Testing

/// Rolling upgrades over the `phased` fixture (an expand branch adding a column and a table, a contract
/// branch dropping the old column): `upgrade --expand` while old code keeps working, `has_offline_migrations`,
/// `upgrade --contract`, and the gate's phase rules.
@Suite("CLI: rolling upgrades (expand and contract)")
struct PhaseTests {
    func strings(_ c: any DatabaseConnection, _ sql: String) throws -> [String] { try c.query(sql).map { $0[0].stringValue ?? "NULL" } }

    func columns(_ c: any DatabaseConnection) throws -> [String] {
        try NativeConnector().reflector(for: c.backend).reflect(c, tables: ["fx_accounts"]).table("fx_accounts")?.columns.map(\.name) ?? []
    }

    @Test("old code keeps reading and writing through upgrade --expand and the data migration; contract once it is gone; then new code works", arguments: Backend.allCases)
    func rolling(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("phased", ["--database-connection", url, "upgrade", "juno"]).status == 0)
            // Old service code: inserts and reads accounts with the columns it knows, all the time.
            nonisolated(unsafe) let old = try db.connect()
            if backend == .sqlite { try old.execute("PRAGMA busy_timeout = 10000") }
            nonisolated(unsafe) var stop = false
            nonisolated(unsafe) var failures: [String] = []
            nonisolated(unsafe) var written = 0
            let worker = Thread {
                var id = 1000
                while !stop {
                    do {
                        try old.execute("INSERT INTO fx_accounts (id, name, email) VALUES (\(id), 'old \(id)', 'o\(id)@example.org')")
                        _ = try old.query("SELECT id, name, email FROM fx_accounts WHERE id = \(id)")
                        id += 1
                        written += 1
                    } catch {
                        failures.append("\(error)")
                    }
                    usleep(2_000)
                }
            }
            worker.start()
            usleep(100_000)
            let expand = try CLI.fixtures("phased", ["--database-connection", url, "upgrade", "--expand"], environment: ["OS_DATABASE__SQLITE_BUSY_TIMEOUT": "10"])
            #expect(expand.status == 0, "\(expand)")
            // The data migration's first batches run while the old code still writes, too.
            usleep(100_000)
            let some = try CLI.fixtures("phased", ["--database-connection", url, "online_data_migrations", "--max-count", "3"])
            #expect(some.status == 1)
            #expect(some.stdout.hasPrefix("fill nicknames: 3 row(s) migrated, "), "\(some)")
            usleep(100_000)
            stop = true
            while !worker.isFinished { usleep(10_000) }
            #expect(failures.isEmpty, "old code failed during expand or the data migration: \(failures.prefix(3))")
            #expect(written > 0)
            let c = try db.connect()
            defer { c.close(); old.close() }
            let before = try strings(c, "SELECT count(*) FROM fx_accounts")
            let left = try strings(c, "SELECT count(*) FROM fx_accounts WHERE nickname IS NULL")[0]
            #expect(try columns(c).contains("email") && columns(c).contains("nickname"))

            // Contract is pending, and named; so are the rows the data migration has still to move.
            let pending = try CLI.fixtures("phased", ["--database-connection", url, "has_offline_migrations"])
            #expect(pending.status == 1)
            #expect(pending.stderr.contains("need to apply migrations from the contract branch (fixtures: c0c0c0c0c0c1; fixtures: data migration fill nicknames, \(left) rows left"), "\(pending)")
            let early = try CLI.fixtures("phased", ["--database-connection", url, "upgrade", "--contract"])
            #expect(early.status == 1 && early.stderr.contains("refusing to contract: online data migrations have rows left (fill nicknames (\(left) rows))"), "\(early)")

            // The rest of the data migration, resumed where --max-count stopped it.
            let rest = try CLI.fixtures("phased", ["--database-connection", url, "online_data_migrations"])
            #expect(rest.status == 0 && rest.stdout == "fill nicknames: \(left) row(s) migrated, 0 remaining\n", "\(rest)")
            #expect(try strings(c, "SELECT count(*) FROM fx_accounts WHERE nickname IS NULL") == ["0"])

            // Old code is gone: contract, then the new code writes what it knows.
            let contract = try CLI.fixtures("phased", ["--database-connection", url, "upgrade", "--contract"])
            #expect(contract.status == 0, "\(contract)")
            #expect(!(try columns(c)).contains("email"))
            try c.execute("INSERT INTO fx_accounts (id, name, nickname) VALUES (5000, 'new', 'n')")
            #expect(try strings(c, "SELECT count(*) FROM fx_accounts") == [String((Int(before[0]) ?? 0) + 1)])
            let done = try CLI.fixtures("phased", ["--database-connection", url, "has_offline_migrations"])
            #expect(done.status == 0 && done.stdout == "No offline migrations pending.\n", "\(done)")
            #expect(try strings(c, "SELECT revision FROM fx_runs ORDER BY revision") == ["a1b2c3d4e5f6", "b2c3d4e5f6a7", "c0c0c0c0c0c1", "c3d4e5f6a7b8", "e0e0e0e0e0e1", "e0e0e0e0e0e2"])
            let heads = try CLI.fixtures("phased", ["--database-connection", url, "current"])
            #expect(Set(heads.stdout.split(separator: "\n")) == ["e0e0e0e0e0e2 (expand) (head)", "c0c0c0c0c0c1 (contract) (head)"], "\(heads)")
        }
    }

    @Test("contract is refused while expand is behind, and changes nothing", arguments: Backend.allCases)
    func contractWaitsForExpand(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("phased", ["--database-connection", url, "upgrade", "juno"]).status == 0)
            let r = try CLI.fixtures("phased", ["--database-connection", url, "upgrade", "--contract"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("refusing to contract: expand revision(s) e0e0e0e0e0e1, e0e0e0e0e0e2 are not applied; run 'upgrade --expand' first"), "\(r)")
            let c = try db.connect()
            defer { c.close() }
            #expect(try strings(c, "SELECT version_num FROM alembic_version") == ["c3d4e5f6a7b8"])
        }
    }

    @Test("the gate fails an expand revision that removes and a contract revision that adds, one line each")
    func gate() throws {
        let good = try CLI.fixtures("phased", ["--database-connection", "sqlite://", "check_migration"])
        #expect(good.status == 0, "\(good)")
        let bad = try CLI.fixtures("phased-bad", ["--database-connection", "sqlite://", "check_migration"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("expand revision 'e0e0e0e0bad1' drops column fx_accounts.email: old code still reads it; move it to contract"), "\(bad)")
        #expect(bad.stderr.contains("expand revision 'e0e0e0e0bad1' adds NOT NULL column fx_accounts.level without a default"), "\(bad)")
        #expect(bad.stderr.contains("contract revision 'c0c0c0c0bad1' creates table fx_more: additions belong in expand"), "\(bad)")
        #expect(bad.stderr.contains("expand revision 'e0e0e0e0bad1' blocks writes on fx_accounts on PostgreSQL (add index ix_fx_accounts_name on fx_accounts (name): SHARE; builds an index over the table; blocks writes — safer: CREATE INDEX CONCURRENTLY"), "\(bad)")
        #expect(!bad.stderr.contains("e0e0e0e0bad2"), "\(bad)")
        // A history without phases has none of this.
        let plain = try CLI.fixtures("linear", ["--database-connection", "sqlite://", "upgrade", "--expand"])
        #expect(plain.status == 1 && plain.stderr.contains("has no expand branch"), "\(plain)")
    }
}
