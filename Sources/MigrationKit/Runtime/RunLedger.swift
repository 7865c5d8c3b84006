/// Who ran which revision, when, for how long, and from which SQL: `<version table>_ledger`, one row
/// per revision a run applied or reversed.
///
/// Where DDL is transactional the row is written when the revision ends, in the revision's own
/// transaction (so a rolled-back revision leaves no row). Elsewhere it is written when the revision
/// starts, at once (so a revision a stopped run left unfinished has its owner on record), and
/// completed (`finished_ms`, `statements`) when it ends.
/// `checksum` is a hash of the SQL the history renders for the revision's upgrade; a later run compares
/// it with what the script renders now, and says when an applied revision's script has changed.
/// Online runs write it; `--sql` scripts stay as Alembic's (the version table alone).
public struct RunLedger: Sendable {
    public let name: String
    public let dialect: any Dialect

    public init(versionTable: String, dialect: any Dialect) {
        self.name = versionTable + "_ledger"
        self.dialect = dialect
    }

    var q: String { dialect.quote(name) }

    public var createSQL: String {
        "CREATE TABLE IF NOT EXISTS \(q) (run_id VARCHAR(32) NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, "
            + "host VARCHAR(255) NOT NULL, pid INTEGER NOT NULL, started_ms BIGINT NOT NULL, finished_ms BIGINT, statements INTEGER, "
            + "checksum VARCHAR(16), PRIMARY KEY (run_id, revision, direction))"
    }

    private func key(_ owner: RunOwner, _ revision: String, _ direction: MigrationStep.Direction) -> String {
        "run_id = \(dialect.stringLiteral(owner.runID)) AND revision = \(dialect.stringLiteral(revision)) AND direction = \(dialect.stringLiteral(direction.rawValue))"
    }

    public func startSQL(_ owner: RunOwner, revision: String, direction: MigrationStep.Direction, checksum: String?) -> String {
        "INSERT INTO \(q) (run_id, revision, direction, host, pid, started_ms, checksum) VALUES ("
            + [owner.runID, revision, direction.rawValue, owner.host].map { dialect.stringLiteral($0) }.joined(separator: ", ")
            + ", \(owner.pid), \(dialect.nowMillisSQL), \(checksum.map { dialect.stringLiteral($0) } ?? "NULL"))"
    }

    /// The whole row in one statement when the revision is done, for a revision in a transaction of
    /// its own: a row written at its start would commit with it anyway, so nobody could see it sooner,
    /// and one statement is cheaper than two. `started_ms` is the server's clock less the time the
    /// revision took (measured here), so both times come from one clock.
    public func recordSQL(_ owner: RunOwner, revision: String, direction: MigrationStep.Direction, statements: Int, checksum: String?, elapsedMillis: Int) -> String {
        "INSERT INTO \(q) (run_id, revision, direction, host, pid, started_ms, finished_ms, statements, checksum) VALUES ("
            + [owner.runID, revision, direction.rawValue, owner.host].map { dialect.stringLiteral($0) }.joined(separator: ", ")
            + ", \(owner.pid), \(dialect.nowMillisSQL) - \(max(0, elapsedMillis)), \(dialect.nowMillisSQL), \(statements), \(checksum.map { dialect.stringLiteral($0) } ?? "NULL"))"
    }

    /// The checksum is written when the revision is done (it is computed while the revision runs).
    public func finishSQL(_ owner: RunOwner, revision: String, direction: MigrationStep.Direction, statements: Int, checksum: String? = nil) -> String {
        "UPDATE \(q) SET finished_ms = \(dialect.nowMillisSQL), statements = \(statements)"
            + (checksum.map { ", checksum = \(dialect.stringLiteral($0))" } ?? "") + " WHERE \(key(owner, revision, direction))"
    }

    /// The rows in the order they happened (none when the table does not exist): by when each ended, or
    /// began if it never ended. A start is the end's server time less the client's measured duration,
    /// so two quick revisions' starts can come out a millisecond out of order; their ends cannot. The
    /// server's clock counts milliseconds and quick revisions share one: with `graph`, those ties are
    /// in the history's order (upgrades up the graph, downgrades down it).
    public func read(from connection: any DatabaseConnection, graph: RevisionGraph? = nil) throws -> [LedgerEntry] {
        let (exists, params) = dialect.tableExistsQuery(name)
        guard try !connection.query(exists, params).isEmpty else { return [] }
        let rows = try connection.query(
            "SELECT run_id, revision, direction, host, pid, started_ms, finished_ms, statements, checksum FROM \(q) ORDER BY COALESCE(finished_ms, started_ms), started_ms, revision")
        let entries = rows.map { r in
            LedgerEntry(
                owner: RunOwner(runID: r[0].stringValue ?? "", host: r[3].stringValue ?? "", pid: Int(r[4].intValue ?? 0), startedMillis: r[5].intValue),
                revision: r[1].stringValue ?? "", direction: MigrationStep.Direction(rawValue: r[2].stringValue ?? "") ?? .upgrade,
                startedMillis: r[5].intValue ?? 0, finishedMillis: r[6].intValue, statements: r[7].intValue.map(Int.init), checksum: r[8].stringValue)
        }
        guard let graph else { return entries }
        var rank = [Int](repeating: 0, count: graph.count)
        for (k, i) in graph.order.enumerated() { rank[i] = k }
        func key(_ e: LedgerEntry) -> (Int64, Int) {
            let r = graph.indexOf(e.revision).map { rank[$0] } ?? 0
            return (e.finishedMillis ?? e.startedMillis, e.direction == .upgrade ? r : -r)
        }
        // Stable: rows the keys do not tell apart keep the database's order.
        return entries.enumerated().sorted { a, b in
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }
}

/// One revision one run applied (or reversed).
public struct LedgerEntry: Sendable, Equatable, Codable {
    public var owner: RunOwner
    public var revision: String
    public var direction: MigrationStep.Direction
    public var startedMillis: Int64
    /// Nil while the revision runs, or when its run stopped midway.
    public var finishedMillis: Int64?
    public var statements: Int?
    public var checksum: String?

    public var durationMillis: Int64? { finishedMillis.map { $0 - startedMillis } }

    enum CodingKeys: String, CodingKey {
        case revision, direction, statements, checksum
        case runID = "run_id", host, pid
        case started, finished
        case durationMillis = "duration_ms"
    }

    public init(owner: RunOwner, revision: String, direction: MigrationStep.Direction, startedMillis: Int64, finishedMillis: Int64?, statements: Int?, checksum: String?) {
        self.owner = owner
        self.revision = revision
        self.direction = direction
        self.startedMillis = startedMillis
        self.finishedMillis = finishedMillis
        self.statements = statements
        self.checksum = checksum
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(revision, forKey: .revision)
        try c.encode(direction.rawValue, forKey: .direction)
        try c.encode(owner.runID, forKey: .runID)
        try c.encode(owner.host, forKey: .host)
        try c.encode(owner.pid, forKey: .pid)
        try c.encode(ServerTime.iso(startedMillis), forKey: .started)
        try c.encode(finishedMillis.map(ServerTime.iso), forKey: .finished)
        try c.encode(durationMillis, forKey: .durationMillis)
        try c.encode(statements, forKey: .statements)
        try c.encode(checksum, forKey: .checksum)
    }

    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "ledger entries are read from the database, not decoded"))
    }
}

/// Fingerprints of the SQL each revision's upgrade renders, replayed from base as `--sql` would write
/// it (not as the live schema would: the same revision must give the same checksum on every run); a
/// bulk insert counts as its table, columns and a hash of its rows.
public enum RevisionChecksum {
    /// The checksums of the revisions on the upgrade path from base to `heads` whose ids are in
    /// `wanted` (all when nil). A revision that cannot be rendered offline ends the replay there.
    public static func upgrades(graph: RevisionGraph, dialect: any Dialect, through heads: [Int], wanted: Set<String>? = nil) -> [String: String] {
        var out: [String: String] = [:]
        guard !heads.isEmpty, wanted.map({ !$0.isEmpty }) ?? true else { return out }
        let sink = DiscardingSink(dialect: dialect, keeping: true)
        let ops = Operations(sink: sink, state: SchemaState(complete: true))
        var planner = MigrationPlanner(graph: graph, heads: [])
        for step in planner.upgrade(to: heads) {
            let r = graph.revision(step.revision)
            let before = sink.executed.count
            do { try r.upgrade(ops) } catch { break }
            if wanted?.contains(r.id) ?? true {
                out[r.id] = ProgressTable.hash(sink.executed[before...].joined(separator: "\n;\n"))
            }
            if let wanted, wanted.allSatisfy({ out[$0] != nil }) { break }
        }
        return out
    }
}
