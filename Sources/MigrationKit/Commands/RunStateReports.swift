/// What the ledger and the lock know: who ran what (`history --applied`), which applied revision's
/// script has changed since, and (for `current`) a revision left unfinished and the run under way.
extension MigrationContext {
    /// `history --applied`: every revision run recorded in the ledger, oldest first.
    public func appliedLedger() throws -> [LedgerEntry] {
        let graph = try repository.graph()
        return try withDatabase(lock: false) { session in
            try RunLedger(versionTable: session.versionTable.name, dialect: session.dialect).read(from: session.connection, graph: graph)
        }
    }

    /// One line per applied revision whose script renders different SQL now than when it ran (none
    /// for an SQLite database that does not exist yet).
    public func checksumWarnings() throws -> [String] {
        let graph = try repository.graph()
        if let url = settings.url, url.backend == .sqlite, !url.isInMemorySQLite, let path = url.database, !FileSystem.exists(path) { return [] }
        return try withDatabase(lock: false) { try checksumWarnings($0, graph: graph) }
    }

    func checksumWarnings(_ session: DatabaseSession, graph: RevisionGraph) throws -> [String] {
        let entries = try RunLedger(versionTable: session.versionTable.name, dialect: session.dialect).read(from: session.connection, graph: graph)
        guard !entries.isEmpty else { return [] }
        let heads = try session.heads(in: graph)
        let applied = graph.ancestors(of: heads)
        // The latest completed upgrade of each revision still applied.
        var recorded: [String: LedgerEntry] = [:]
        for e in entries where e.direction == .upgrade && e.finishedMillis != nil && e.checksum != nil {
            guard let i = graph.indexOf(e.revision), applied[i] || heads.contains(i) else { continue }
            recorded[e.revision] = e
        }
        guard !recorded.isEmpty else { return [] }
        let now = RevisionChecksum.upgrades(graph: graph, dialect: session.dialect, through: heads, wanted: Set(recorded.keys))
        return recorded.values.sorted { $0.startedMillis < $1.startedMillis }.compactMap { e in
            guard let then = e.checksum, let current = now[e.revision], current != then else { return nil }
            return "revision \(e.revision) was applied on \(ServerTime.format(e.startedMillis)) by \(e.owner.host) (pid \(e.owner.pid)) "
                + "from SQL that its script no longer renders (checksum \(then), now \(current)): the database may not match what the history says"
        }
    }

    /// For `current`: the revision a stopped run left unfinished, and the run holding the lock.
    func runState(_ session: DatabaseSession) throws -> (unfinished: UnfinishedRevision?, active: ActiveRun?) {
        var unfinished: UnfinishedRevision?
        if !session.dialect.transactionalDDL, let p = try ProgressTable(versionTable: session.versionTable.name, dialect: session.dialect).read(from: session.connection) {
            let owner = try RunLedger(versionTable: session.versionTable.name, dialect: session.dialect).read(from: session.connection)
                .last { $0.revision == p.revision && $0.direction == p.direction && $0.finishedMillis == nil }?.owner
            unfinished = UnfinishedRevision(revision: p.revision, direction: p.direction.rawValue, statementsDone: p.statementsDone, inFlight: p.inFlight, owner: owner.map(RunOwnerReport.init))
        }
        var active: ActiveRun?
        if session.dialect.leasedLock, let h = try LeaseLock.holder(in: session.connection, table: session.versionTable.name + "_lock", dialect: session.dialect) {
            active = ActiveRun(owner: RunOwnerReport(h.owner), activity: h.activity, leaseExpired: h.remainingMillis < 0,
                               leaseEnds: ServerTime.iso(h.expiresMillis), leaseRemainingMillis: h.remainingMillis, wedged: h.wedged, leaseText: h.leaseText)
            if case .dead = Self.judge(h, force: false) { active?.processGone = true }
        }
        return (unfinished, active)
    }
}

/// A run's owner, as reports show it.
public struct RunOwnerReport: Sendable, Codable, CustomStringConvertible {
    public var runID: String
    public var host: String
    public var pid: Int
    public var started: String?

    init(_ o: RunOwner) {
        runID = o.runID
        host = o.host
        pid = o.pid
        started = o.startedMillis.map(ServerTime.iso)
    }

    enum CodingKeys: String, CodingKey { case runID = "run_id", host, pid, started }

    public var description: String { "host \(host), pid \(pid), run \(runID)" + (started.map { ", since \($0)" } ?? "") }
}

/// A revision a stopped run left between its statements (MySQL/MariaDB).
public struct UnfinishedRevision: Sendable, Codable {
    public var revision: String
    public var direction: String
    public var statementsDone: Int
    public var inFlight: Int?
    public var owner: RunOwnerReport?

    enum CodingKeys: String, CodingKey {
        case revision, direction, owner
        case statementsDone = "statements_done"
        case inFlight = "statement_in_flight"
    }
}

/// The run holding the migration lock (or whose lease has expired without release: a dead run).
public struct ActiveRun: Sendable, Codable {
    public var owner: RunOwnerReport
    public var activity: String?
    public var leaseExpired: Bool
    /// When the holder's lease ends (ISO 8601, the server's clock), and how far off that is.
    public var leaseEnds: String
    public var leaseRemainingMillis: Int64
    /// A lease further ahead than any run sets one: see ``LockHolder/wedged``.
    public var wedged: Bool
    /// The lease's end in words, for the text report.
    public var leaseText: String
    /// The holder ran on this host and its process is not running any more.
    public var processGone: Bool = false

    enum CodingKeys: String, CodingKey {
        case owner, activity, wedged
        case leaseExpired = "lease_expired"
        case leaseEnds = "lease_ends"
        case leaseRemainingMillis = "lease_remaining_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        owner = try c.decode(RunOwnerReport.self, forKey: .owner)
        activity = try c.decodeIfPresent(String.self, forKey: .activity)
        leaseExpired = try c.decode(Bool.self, forKey: .leaseExpired)
        leaseEnds = try c.decode(String.self, forKey: .leaseEnds)
        leaseRemainingMillis = try c.decode(Int64.self, forKey: .leaseRemainingMillis)
        wedged = try c.decode(Bool.self, forKey: .wedged)
        leaseText = ""
    }

    init(owner: RunOwnerReport, activity: String?, leaseExpired: Bool, leaseEnds: String, leaseRemainingMillis: Int64, wedged: Bool, leaseText: String) {
        self.owner = owner
        self.activity = activity
        self.leaseExpired = leaseExpired
        self.leaseEnds = leaseEnds
        self.leaseRemainingMillis = leaseRemainingMillis
        self.wedged = wedged
        self.leaseText = leaseText
    }
}
