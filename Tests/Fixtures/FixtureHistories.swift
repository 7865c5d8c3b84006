import MigrationKit

#if canImport(Glibc)
import Glibc
#endif

/// One statement of a fixture revision: the same SQL everywhere, or SQL per backend.
public enum FixtureStatement: Sendable {
    case all(String)
    case per([Backend: String])
    /// Slow work between statements, for crash tests: writes the file named by `VDI_FIXTURE_MARKER`
    /// (so a test knows the revision is under way), then sleeps `VDI_FIXTURE_PAUSE` seconds.
    case pause
    /// One long statement on the server (`pg_sleep`, `SLEEP`) of `VDI_FIXTURE_PAUSE` seconds, after
    /// writing the marker; on SQLite, which has no server, the same pause in the process.
    case serverPause
    /// `op.bulkInsert` of `rows` rows (`id`, `label`) into `table`, after writing the marker (online only).
    case bulk(table: String, rows: Int)

    public func sql(for backend: Backend) -> String? {
        switch self {
        case .all(let s): s
        case .per(let m): m[backend]
        case .pause, .serverPause, .bulk: nil
        }
    }

    static func bulkNow(_ op: Operations, table: String, rows n: Int) throws {
        if !op.isOffline, let marker = getenv("VDI_FIXTURE_MARKER").map({ String(cString: $0) }), let f = fopen(marker, "w") { fclose(f) }
        try op.bulkInsert(table, columns: ["id", "label"], rows: (1...n).map { [.integer(Int64($0)), .text("row \($0) of a bulk load")] })
    }

    static func serverPauseNow(_ op: Operations) throws {
        let seconds = getenv("VDI_FIXTURE_PAUSE").flatMap { Double(String(cString: $0)) } ?? 0
        switch op.backend {
        case .sqlite: pauseNow()
        case .postgresql, .mysql:
            if let marker = getenv("VDI_FIXTURE_MARKER").map({ String(cString: $0) }), let f = fopen(marker, "w") { fclose(f) }
            try op.execute(op.backend == .postgresql ? "SELECT pg_sleep(\(seconds))" : "DO SLEEP(\(seconds))")
        }
    }

    static func pauseNow() {
        if let marker = getenv("VDI_FIXTURE_MARKER").map({ String(cString: $0) }), let f = fopen(marker, "w") { fclose(f) }
        let seconds = getenv("VDI_FIXTURE_PAUSE").flatMap { Double(String(cString: $0)) } ?? 0
        if seconds > 0 { usleep(UInt32(min(seconds, 60) * 1_000_000)) }
    }
}

/// A fixture revision as data, so the same SQL can be written out as Python Alembic scripts for the
/// interoperability tests.
public struct FixtureRevision: Sendable {
    public var id: String
    public var parents: [String]
    public var message: String
    public var branchLabels: [String] = []
    public var milestones: [String] = []
    public var dependsOn: [String] = []
    public var up: [FixtureStatement]
    public var down: [FixtureStatement]

    /// The revision the engine runs. Each upgrade also records itself in `fx_runs`, so tests can
    /// count how often every revision ran.
    public var revision: Revision {
        let up = self.up
        let down = self.down
        let id = self.id
        let countsRuns = self.id != FixtureHistories.runsTableCreator
        return Revision(
            id: id, parents: parents, dependsOn: dependsOn, branchLabels: branchLabels, milestones: milestones,
            message: message,
            upgrade: { op in
                for s in up {
                    // Only a real run pauses; a dry run (offline, or MariaDB's pre-flight) does not.
                    if case .pause = s, !op.isOffline { FixtureStatement.pauseNow() }
                    if case .serverPause = s, !op.isOffline { try FixtureStatement.serverPauseNow(op) }
                    if case .bulk(let table, let rows) = s { try FixtureStatement.bulkNow(op, table: table, rows: rows) }
                    if let sql = s.sql(for: op.backend) { try op.execute(sql) }
                }
                if countsRuns { try op.execute("INSERT INTO fx_runs (revision) VALUES ('\(id)')") }
            },
            downgrade: { op in
                for s in down { if let sql = s.sql(for: op.backend) { try op.execute(sql) } }
            })
    }
}

/// The fixture histories the engine's tests run on every backend.
public enum FixtureHistories {
    static let runsTableCreator = "a1b2c3d4e5f6"

    /// Five revisions in a line; `c3d4e5f6a7b8` is milestone `juno`.
    public static let linear: [FixtureRevision] = [
        FixtureRevision(
            id: "a1b2c3d4e5f6", parents: [], message: "create accounts",
            up: [.all("CREATE TABLE fx_runs (revision VARCHAR(32) NOT NULL)"),
                 .all("CREATE TABLE fx_accounts (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)"),
                 .all("INSERT INTO fx_runs (revision) VALUES ('a1b2c3d4e5f6')")],
            down: [.all("DROP TABLE fx_accounts"), .all("DROP TABLE fx_runs")]),
        FixtureRevision(
            id: "b2c3d4e5f6a7", parents: ["a1b2c3d4e5f6"], message: "add account email",
            up: [.all("ALTER TABLE fx_accounts ADD COLUMN email VARCHAR(100)")],
            down: [.all("ALTER TABLE fx_accounts DROP COLUMN email")]),
        FixtureRevision(
            id: "c3d4e5f6a7b8", parents: ["b2c3d4e5f6a7"], message: "create pools", milestones: ["juno"],
            up: [.all("CREATE TABLE fx_pools (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50))")],
            down: [.all("DROP TABLE fx_pools")]),
        FixtureRevision(
            id: "d4e5f6a7b8c9", parents: ["c3d4e5f6a7b8"], message: "seed default account",
            // MySQL reads a backslash in a string literal as an escape; the others take it as it is.
            up: [.per([.postgresql: "INSERT INTO fx_accounts (id, name, email) VALUES (1, 'O''Brien \\ admin', 'root@example.org')",
                       .sqlite: "INSERT INTO fx_accounts (id, name, email) VALUES (1, 'O''Brien \\ admin', 'root@example.org')",
                       .mysql: "INSERT INTO fx_accounts (id, name, email) VALUES (1, 'O''Brien \\\\ admin', 'root@example.org')"])],
            down: [.all("DELETE FROM fx_accounts WHERE id = 1")]),
        FixtureRevision(
            id: "e5f6a7b8c9d0", parents: ["d4e5f6a7b8c9"], message: "index pool names",
            up: [.all("CREATE INDEX ix_fx_pools_name ON fx_pools (name)")],
            down: [.per([.postgresql: "DROP INDEX ix_fx_pools_name", .sqlite: "DROP INDEX ix_fx_pools_name",
                         .mysql: "DROP INDEX ix_fx_pools_name ON fx_pools"])]),
    ]

    /// A branch point with two labelled branches (`alpha`, `beta`), a cross-branch dependency and a merge:
    ///
    ///     1000aaaa0001 -> 1000aaaa0002 -> 2000bbbb0001 (alpha) -> 2000bbbb0002 ─┐
    ///                                  └> 3000cccc0001 (beta)  -> 3000cccc0002 ─┴> 4000dddd0001 (merge)
    ///     (3000cccc0002 also depends on 2000bbbb0001)
    public static let branched: [FixtureRevision] = [
        FixtureRevision(id: runsTableCreator, parents: [], message: "root",
                        up: [.all("CREATE TABLE fx_runs (revision VARCHAR(32) NOT NULL)")], down: [.all("DROP TABLE fx_runs")]),
        FixtureRevision(id: "1000aaaa0002", parents: [runsTableCreator], message: "common",
                        up: [.all("CREATE TABLE fx_common (id INTEGER NOT NULL PRIMARY KEY)")], down: [.all("DROP TABLE fx_common")]),
        FixtureRevision(id: "2000bbbb0001", parents: ["1000aaaa0002"], message: "alpha starts", branchLabels: ["alpha"],
                        up: [.all("CREATE TABLE fx_alpha (id INTEGER NOT NULL PRIMARY KEY)")], down: [.all("DROP TABLE fx_alpha")]),
        FixtureRevision(id: "2000bbbb0002", parents: ["2000bbbb0001"], message: "alpha grows",
                        up: [.all("ALTER TABLE fx_alpha ADD COLUMN size INTEGER")], down: [.all("ALTER TABLE fx_alpha DROP COLUMN size")]),
        FixtureRevision(id: "3000cccc0001", parents: ["1000aaaa0002"], message: "beta starts", branchLabels: ["beta"],
                        up: [.all("CREATE TABLE fx_beta (id INTEGER NOT NULL PRIMARY KEY)")], down: [.all("DROP TABLE fx_beta")]),
        FixtureRevision(id: "3000cccc0002", parents: ["3000cccc0001"], message: "beta uses alpha", dependsOn: ["2000bbbb0001"],
                        up: [.all("CREATE TABLE fx_beta_alpha (alpha_id INTEGER, beta_id INTEGER)")], down: [.all("DROP TABLE fx_beta_alpha")]),
    ]

    /// `branched` plus a revision merging its two heads.
    public static let merged: [FixtureRevision] = branched + [
        FixtureRevision(id: "4000dddd0001", parents: ["2000bbbb0002", "3000cccc0002"], message: "merge alpha and beta",
                        up: [.all("CREATE TABLE fx_merged (id INTEGER NOT NULL PRIMARY KEY)")], down: [.all("DROP TABLE fx_merged")]),
    ]

    /// Two good revisions, then one that fails at its third statement after changing the schema.
    public static let failing: [FixtureRevision] = Array(linear.prefix(2)) + [
        FixtureRevision(
            id: "f0f0f0f0f0f1", parents: ["b2c3d4e5f6a7"], message: "fails halfway",
            up: [.all("CREATE TABLE fx_half (id INTEGER NOT NULL PRIMARY KEY)"),
                 .all("INSERT INTO fx_accounts (id, name) VALUES (77, 'half')"),
                 .all("INSERT INTO fx_no_such_table (id) VALUES (1)")],
            down: [.all("DROP TABLE fx_half")]),
    ]

    /// A revision whose third statement needs a table the operator must create first.
    public static let resumable: [FixtureRevision] = [linear[0]] + [
        FixtureRevision(
            id: "f1f1f1f1f1f2", parents: ["a1b2c3d4e5f6"], message: "needs a gate",
            up: [.all("CREATE TABLE fx_step (id INTEGER)"),
                 .all("INSERT INTO fx_step (id) VALUES (1)"),
                 .all("INSERT INTO fx_gate (id) VALUES (1)"),
                 .all("CREATE INDEX ix_fx_step_id ON fx_step (id)")],
            down: [.all("DROP TABLE fx_step")]),
    ]

    /// A revision whose second statement is a bulk load long enough to be stopped in the middle.
    public static let bulkRows = 300_000
    public static let bulk: [FixtureRevision] = [linear[0]] + [
        FixtureRevision(
            id: "b01b01b01b01", parents: ["a1b2c3d4e5f6"], message: "bulk load",
            up: [.all("CREATE TABLE fx_bulk (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(100))"),
                 .bulk(table: "fx_bulk", rows: bulkRows),
                 .all("CREATE TABLE fx_bulk_done (id INTEGER)")],
            down: [.all("DROP TABLE fx_bulk_done"), .all("DROP TABLE fx_bulk")]),
    ]

    /// A long revision: a statement, slow work, another statement, slow work, a third.
    public static let slow: [FixtureRevision] = [linear[0]] + [
        FixtureRevision(
            id: "5105105105f1", parents: ["a1b2c3d4e5f6"], message: "slow work",
            up: [.all("CREATE TABLE fx_slow_a (id INTEGER)"), .pause,
                 .all("CREATE TABLE fx_slow_b (id INTEGER)"), .pause,
                 .all("INSERT INTO fx_slow_a (id) VALUES (1)")],
            down: [.all("DROP TABLE fx_slow_b"), .all("DROP TABLE fx_slow_a")]),
    ]

    /// `linear` with its second revision's script edited after it shipped (a wider column).
    public static var linearEdited: [FixtureRevision] {
        var h = linear
        h[1].up = [.all("ALTER TABLE fx_accounts ADD COLUMN email VARCHAR(120)")]
        return h
    }

    /// A revision whose middle statement runs long on the server (a big table's ALTER, in effect).
    public static let sleeping: [FixtureRevision] = [linear[0]] + [
        FixtureRevision(
            id: "51ee951ee9f1", parents: ["a1b2c3d4e5f6"], message: "one long statement",
            up: [.all("CREATE TABLE fx_sleep_a (id INTEGER)"), .serverPause, .all("CREATE TABLE fx_sleep_b (id INTEGER)")],
            down: [.all("DROP TABLE fx_sleep_b"), .all("DROP TABLE fx_sleep_a")]),
    ]

    /// The model-based test's history (ModelBasedTests): a trunk, then an `expand` and a `contract`
    /// branch (each contract revision depends on an expand one), each revision creating one table
    /// `mt_<id>` if it is not there and dropping it if it is, so that a stamp (which moves the version
    /// rows, not the schema) never makes a later run fail: the schema is what the runs did.
    public static var model: [Revision] {
        @Sendable func rev(_ id: String, _ parents: [String], depends: [String] = [], label: String? = nil) -> Revision {
            Revision(id: id, parents: parents, dependsOn: depends, branchLabels: label.map { [$0] } ?? [], message: "table \(id)",
                     upgrade: { op in try op.execute("CREATE TABLE IF NOT EXISTS mt_\(id) (id INTEGER)") },
                     downgrade: { op in try op.execute("DROP TABLE IF EXISTS mt_\(id)") })
        }
        return [
            rev("m0000000001a", []), rev("m0000000002b", ["m0000000001a"]), rev("m0000000003c", ["m0000000002b"]),
            rev("m00000000e1d", ["m0000000003c"], label: "expand"), rev("m00000000e2e", ["m00000000e1d"]),
            rev("m00000000c1f", ["m0000000003c"], depends: ["m00000000e1d"], label: "contract"),
            rev("m00000000c2a", ["m00000000c1f"], depends: ["m00000000e2e"]),
        ]
    }

    /// A rolling-upgrade history: three revisions, then an `expand` branch (a column, a table) and a
    /// `contract` branch (the old column goes) that depends on the expand branch's first revision.
    /// Each revision records its run in `fx_runs`.
    public static var phased: [Revision] {
        let base = Array(linear.prefix(3)).map(\.revision)
        @Sendable func record(_ op: Operations, _ id: String) throws { try op.execute("INSERT INTO fx_runs (revision) VALUES ('\(id)')") }
        return base + [
            Revision(id: "e0e0e0e0e0e1", parents: ["c3d4e5f6a7b8"], branchLabels: ["expand"], message: "add nickname", upgrade: { op in
                try op.addColumn("fx_accounts", Column("nickname", .string(length: 50)))
                try record(op, "e0e0e0e0e0e1")
            }, downgrade: { op in try op.dropColumn("fx_accounts", "nickname") }),
            Revision(id: "e0e0e0e0e0e2", parents: ["e0e0e0e0e0e1"], message: "add notes", upgrade: { op in
                try op.createTable(Table("fx_notes") { Column("id", .integer, nullable: false); Column("body", .text); Key.primary("id") })
                try record(op, "e0e0e0e0e0e2")
            }, downgrade: { op in try op.dropTable("fx_notes") }),
            Revision(id: "c0c0c0c0c0c1", parents: ["c3d4e5f6a7b8"], dependsOn: ["e0e0e0e0e0e1"], branchLabels: ["contract"], message: "drop email", upgrade: { op in
                try op.dropColumn("fx_accounts", "email")
                try record(op, "c0c0c0c0c0c1")
            }, downgrade: { op in try op.addColumn("fx_accounts", Column("email", .string(length: 100))) }),
        ]
    }

    /// `phased` in plain SQL, as a Python Alembic history would carry it (branch labels `expand` and
    /// `contract`), for the interoperability test.
    public static let phasedSQL: [FixtureRevision] = Array(linear.prefix(3)) + [
        FixtureRevision(id: "e0e0e0e0e0e1", parents: ["c3d4e5f6a7b8"], message: "add nickname", branchLabels: ["expand"],
                        up: [.all("ALTER TABLE fx_accounts ADD COLUMN nickname VARCHAR(50)")], down: [.all("ALTER TABLE fx_accounts DROP COLUMN nickname")]),
        FixtureRevision(id: "c0c0c0c0c0c1", parents: ["c3d4e5f6a7b8"], message: "drop email", branchLabels: ["contract"], dependsOn: ["e0e0e0e0e0e1"],
                        up: [.all("ALTER TABLE fx_accounts DROP COLUMN email")], down: [.all("ALTER TABLE fx_accounts ADD COLUMN email VARCHAR(100)")]),
    ]

    /// The data migration between `phased`'s expand and contract: every account gets a nickname.
    public static let phasedDataMigrations: [DataMigration] = [
        .backfill(name: "fill nicknames", after: "e0e0e0e0e0e1", table: "fx_accounts", set: "nickname = name", pending: "nickname IS NULL"),
    ]

    /// `phased` with its phases broken: the expand branch drops a column, adds a NOT NULL one old code
    /// cannot fill and builds an index that blocks writes on PostgreSQL (a second expand revision builds
    /// one too, but accepts it), the contract branch creates a table.
    public static var phasedBad: [Revision] {
        Array(linear.prefix(3)).map(\.revision) + [
            Revision(id: "e0e0e0e0bad1", parents: ["c3d4e5f6a7b8"], branchLabels: ["expand"], message: "expand that removes", upgrade: { op in
                try op.dropColumn("fx_accounts", "email")
                try op.addColumn("fx_accounts", Column("level", .integer, nullable: false))
                try op.createIndex("ix_fx_accounts_name", on: "fx_accounts", ["name"])
            }),
            // Blocks writes on PostgreSQL too, but says it accepts that.
            Revision(id: "e0e0e0e0bad2", parents: ["e0e0e0e0bad1"], message: "expand that accepts a blocking index", acceptsBlockingWrites: true, upgrade: { op in
                try op.createIndex("ix_fx_pools_name", on: "fx_pools", ["name"])
            }),
            Revision(id: "c0c0c0c0bad1", parents: ["c3d4e5f6a7b8"], branchLabels: ["contract"], message: "contract that adds", upgrade: { op in
                try op.createTable(Table("fx_more") { Column("id", .integer, nullable: false); Key.primary("id") })
            }),
        ]
    }

    /// A revision that creates a table, then one whose name no backend accepts (1,100 characters).
    public static let longName: [Revision] = [
        linear[0].revision,
        Revision(id: "10a9101a9101", parents: ["a1b2c3d4e5f6"], message: "too long a name", upgrade: { op in
            try op.createTable(Table("fx_first") { Column("id", .integer) })
            try op.createTable(Table(String(repeating: "n", count: 1100)) { Column("id", .integer) })
        }),
    ]

    /// Plain-SQL revisions (files under SQLRevisions/, embedded by the EmbedSQL plugin).
    public static var sqlFileRevision: Revision { Revision_s0l0f11e0001.revision }
    public static var postgresqlOnlyRevision: Revision { Revision_s0l0f11e0002.revision }

    /// A history by name, for the fixture tool (`VDI_FIXTURE_HISTORY`).
    public static func named(_ name: String) -> [FixtureRevision]? {
        switch name {
        case "linear": linear
        case "branched": branched
        case "merged": merged
        case "failing": failing
        case "resumable": resumable
        case "slow": slow
        case "bulk": bulk
        case "sleeping": sleeping
        case "linear-edited": linearEdited
        case "phased-sql": phasedSQL
        default: nil
        }
    }

    /// A repository over a fixture history.
    public static func repository(_ revisions: [FixtureRevision], sourceDirectory: String = "Tests/Fixtures/none", models: Schema? = nil) -> MigrationRepository {
        MigrationRepository(
            name: "fixtures", revisions: revisions.map(\.revision), sourceDirectory: sourceDirectory,
            registryType: "FixtureRegistry", expectedMilestones: revisions.flatMap(\.milestones), models: models)
    }

    /// The repository of the `modeled` history, compared with models `v1` or `v2`.
    public static func modeledRepository(models: Schema) -> MigrationRepository {
        MigrationRepository(
            name: "fixtures", revisions: FixtureModels.history, sourceDirectory: "Tests/Fixtures/none",
            registryType: "FixtureRegistry", models: models)
    }
}
