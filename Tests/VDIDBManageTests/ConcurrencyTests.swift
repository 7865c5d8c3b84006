import Foundation
import Logging
import MigrationKit
import MigrationKitTestSupport
import Testing

/// Several processes migrating one database at the same moment: the lock lets exactly one migrate at a
/// time; the others wait, re-read the version and do only what is left.
@Suite("CLI: concurrent runs")
struct ConcurrencyTests {
    /// Runs each argument list as its own process, all at once.
    static func race(_ runs: [(history: String, args: [String])], timeout: Double = 120) -> [CLI.Result?] {
        nonisolated(unsafe) var results = [CLI.Result?](repeating: nil, count: runs.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: runs.count) { i in
            let r = try? CLI.fixtures(runs[i].history, runs[i].args, timeout: timeout)
            lock.lock()
            results[i] = r
            lock.unlock()
        }
        return results
    }

    static let cases: [(Backend, Int)] = Backend.allCases.flatMap { b in [2, 8, 32].map { (b, $0) } }

    @Test("N processes run 'upgrade head' at once; every revision runs exactly once", arguments: cases)
    func manyAtOnce(backend: Backend, n: Int) throws {
        try TestDatabase.with(backend, label: "race\(n)") { db in
            let url = db.url.unmaskedString
            let results = Self.race(Array(repeating: ("linear", ["--database-connection", url, "upgrade", "head"]), count: n))
            for r in results {
                #expect(r?.status == 0 || (r?.stderr.contains("lock timeout") ?? false), "\(r.map(\.description) ?? "hung past its timeout")")
            }
            let c = try db.connect()
            defer { c.close() }
            let runs = try c.query("SELECT revision, count(*) FROM fx_runs GROUP BY revision ORDER BY revision")
            #expect(runs.map { $0[0].stringValue! } == FixtureIDs.linear)
            #expect(runs.allSatisfy { $0[1] == .integer(1) }, "\(runs)")
            #expect(try c.query("SELECT version_num FROM alembic_version").map { $0[0] } == [.text("e5f6a7b8c9d0")])
            let workers = results.compactMap { $0 }.filter { $0.stderr.contains("Running upgrade") }
            #expect(workers.count == 1)
        }
    }

    @Test("upgrade racing downgrade ends in a consistent state", arguments: Backend.allCases)
    func upgradeVersusDowngrade(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "juno"]).status == 0)
            let results = Self.race([("linear", ["--database-connection", url, "upgrade", "head"]), ("linear", ["--database-connection", url, "downgrade", "base"])])
            #expect(results.allSatisfy { $0?.status == 0 }, "\(results.map { $0?.description ?? "hung" })")
            let c = try db.connect()
            defer { c.close() }
            let version = try c.query("SELECT version_num FROM alembic_version").compactMap { $0[0].stringValue }
            let tables = Set(try c.query(dialect(for: backend).userTablesQuery).compactMap { $0[0].stringValue }.filter { !["_progress", "_lock", "_ledger"].contains(where: $0.hasSuffix) })
            // Whichever ran second decides; the schema always agrees with the version table.
            if version == ["e5f6a7b8c9d0"] {
                #expect(tables == ["alembic_version", "fx_accounts", "fx_pools", "fx_runs"])
            } else {
                #expect(version == [])
                #expect(tables == ["alembic_version"])
            }
        }
    }

    @Test("stamp racing upgrade leaves exactly one version row", arguments: Backend.allCases)
    func stampVersusUpgrade(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let url = db.url.unmaskedString
            let results = Self.race([("linear", ["--database-connection", url, "stamp", "head"]), ("linear", ["--database-connection", url, "upgrade", "head"])])
            #expect(results.allSatisfy { $0?.status == 0 }, "\(results.map { $0?.description ?? "hung" })")
            let c = try db.connect()
            defer { c.close() }
            #expect(try c.query("SELECT version_num FROM alembic_version").map { $0[0] } == [.text("e5f6a7b8c9d0")])
        }
    }

    @Test("a run that cannot get the lock in time says so, names the holder and changes nothing", arguments: [Backend.postgresql, .mysql])
    func lockTimeout(backend: Backend) throws {
        try TestDatabase.with(backend) { db in
            let c = try db.connect()
            defer { c.close() }
            let holder = LeaseLock(
                versionTable: "alembic_version", dialect: dialect(for: backend), owner: RunOwner(runID: "feedfacefeedface", host: "ctl-7", pid: 4242),
                lease: 5, connect: { try db.connect() })
            try holder.acquire(on: c, timeout: 1, onWait: { _ in }, onTakeOver: { _ in })
            holder.setActivity("upgrade x -> y, something long")
            defer { holder.release(on: c, logger: Logger(label: "test")) }
            let r = try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "upgrade", "head"], environment: ["OS_MIGRATIONS__LOCK_TIMEOUT": "0.5"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("Waiting up to 500 ms for the migration lock"), "\(r)")
            #expect(r.stderr.contains("lock timeout: waited 500 ms for the migration lock, held by another run (host ctl-7, pid 4242, run feedfacefeedface, since "), "\(r)")
            #expect(try c.query(dialect(for: backend).userTablesQuery).compactMap { $0[0].stringValue } == ["alembic_version_lock"])
        }
    }
}

enum FixtureIDs {
    static let linear = ["a1b2c3d4e5f6", "b2c3d4e5f6a7", "c3d4e5f6a7b8", "d4e5f6a7b8c9", "e5f6a7b8c9d0"]
}
