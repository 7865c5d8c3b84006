import Foundation
import MigrationKit
import MigrationKitTestSupport
import Testing

/// The lock on the topologies production runs on: a 3-node Galera cluster (runs spread over the nodes,
/// as automation on several controllers does) and PgBouncer in both pooling modes. Every revision of
/// the `linear` fixture records itself in `fx_runs`, so a revision run twice shows as a count of two.
@Suite("Topologies: Galera and PgBouncer")
struct TopologyTests {
    static let races: [(Topology, Int)] = [(.galera, 3), (.galera, 9), (.galera, 30), (.pgbouncerTransaction, 9), (.pgbouncerTransaction, 30), (.pgbouncerSession, 9)]

    /// Every revision of `linear` run once.
    static let onceEach: [[SQLValue]] = FixtureIDs.linear.map { [.text($0), .integer(1)] }

    func runs(_ db: TopologyDatabase) throws -> [[SQLValue]] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query("SELECT revision, count(*) FROM fx_runs GROUP BY revision ORDER BY revision").map(\.values)
    }

    func versions(_ db: TopologyDatabase) throws -> [String] {
        let c = try db.connect()
        defer { c.close() }
        return try c.query("SELECT version_num FROM alembic_version").compactMap { $0[0].stringValue }
    }

    /// N processes spread over the topology's entry points, all running `args`.
    func race(_ db: TopologyDatabase, n: Int, _ args: [String], history: String = "linear") -> [CLI.Result?] {
        ConcurrencyTests.race((0..<n).map { i in (history, ["--database-connection", db.url(for: i).unmaskedString] + args) }, timeout: 180)
    }

    func expectClean(_ results: [CLI.Result?], sourceLocation: SourceLocation = #_sourceLocation) {
        for r in results {
            #expect(r?.status == 0 || (r?.stderr.contains("lock timeout") ?? false), "\(r.map(\.description) ?? "hung past its timeout")", sourceLocation: sourceLocation)
            #expect(!(r?.output.contains("previous run stopped") ?? false), "\(r.map(\.description) ?? "")", sourceLocation: sourceLocation)
        }
    }

    @Test("check_connection names each Galera node's state (a node outside the primary component is scripts/reliability.sh's case)")
    func galeraNodeState() throws {
        try TopologyDatabase.with(.galera) { db in
            for url in db.urls {
                let r = try CLI.fixtures("linear", ["--database-connection", url.unmaskedString, "check_connection"])
                #expect(r.status == 0 && r.stdout.hasSuffix(" (Galera node: Primary, Synced; no TLS)\n"), "\(r)")
            }
        }
        // Not on a cluster: nothing added.
        try TestDatabase.with(.mysql) { db in
            let r = try CLI.fixtures("linear", ["--database-connection", db.url.unmaskedString, "check_connection"])
            #expect(r.status == 0 && !r.stdout.contains("Galera"), "\(r)")
        }
    }

    @Test("N processes over the nodes run 'upgrade head' from empty: every revision exactly once", arguments: races)
    func fromEmpty(topology: Topology, n: Int) throws {
        try TopologyDatabase.with(topology, label: "race\(n)") { db in
            let results = race(db, n: n, ["upgrade", "head"])
            expectClean(results)
            let counts = try runs(db)
            #expect(counts == Self.onceEach)
            #expect(try versions(db) == ["e5f6a7b8c9d0"])
            #expect(results.compactMap { $0 }.filter { $0.stderr.contains("Running upgrade") }.count == 1)
        }
    }

    @Test("N processes over the nodes run 'upgrade head' on an adopted (stamped) database: the rest exactly once", arguments: races)
    func fromStamp(topology: Topology, n: Int) throws {
        try TopologyDatabase.with(topology, label: "stamped\(n)") { db in
            let url = db.url(for: 0).unmaskedString
            // A database made by an older release, adopted with stamp as an operator would.
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "upgrade", "juno"]).status == 0)
            let c = try db.connect()
            try c.execute("DROP TABLE alembic_version")
            c.close()
            #expect(try CLI.fixtures("linear", ["--database-connection", url, "stamp", "juno"]).status == 0)
            let results = race(db, n: n, ["upgrade", "head"])
            expectClean(results)
            let counts = try runs(db)
            #expect(counts == Self.onceEach)
            #expect(try versions(db) == ["e5f6a7b8c9d0"])
        }
    }

    @Test("upgrade, downgrade and stamp racing over the nodes end consistent", arguments: [Topology.galera, .pgbouncerTransaction])
    func mixed(topology: Topology) throws {
        try TopologyDatabase.with(topology) { db in
            let url = { (i: Int) in db.url(for: i).unmaskedString }
            #expect(try CLI.fixtures("linear", ["--database-connection", url(0), "upgrade", "juno"]).status == 0)
            let results = ConcurrencyTests.race([
                ("linear", ["--database-connection", url(0), "upgrade", "head"]),
                ("linear", ["--database-connection", url(1), "downgrade", "base"]),
                ("linear", ["--database-connection", url(2), "upgrade", "head"]),
            ])
            #expect(results.allSatisfy { $0?.status == 0 }, "\(results.map { $0?.description ?? "hung" })")
            let c = try db.connect()
            defer { c.close() }
            let tables = Set(try c.query(dialect(for: topology.backend).userTablesQuery).compactMap { $0[0].stringValue }
                .filter { !VersionTable.bookkeeping("alembic_version").contains($0) })
            if try versions(db) == ["e5f6a7b8c9d0"] {
                #expect(tables == ["fx_accounts", "fx_pools", "fx_runs"])
                // Each revision's upgrade ran at most twice (once before a downgrade, once after), never at once.
                let counts = try runs(db)
                #expect(counts.allSatisfy { $0[1] == .integer(1) || $0[1] == .integer(2) })
            } else {
                #expect(try versions(db) == [])
                #expect(tables.isEmpty)
            }
            let stamped = ConcurrencyTests.race([
                ("linear", ["--database-connection", url(1), "stamp", "head"]),
                ("linear", ["--database-connection", url(2), "upgrade", "head"]),
            ])
            #expect(stamped.allSatisfy { $0?.status == 0 }, "\(stamped.map { $0?.description ?? "hung" })")
            #expect(try versions(db) == ["e5f6a7b8c9d0"])
        }
    }
}
