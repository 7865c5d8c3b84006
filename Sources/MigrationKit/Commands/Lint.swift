/// `lint [TARGET]`: what each operation of the upgrade from the database's revision to TARGET costs on
/// this database, with each table's size; nothing runs.
public struct LintEntry: Sendable, Codable {
    public var revision: String
    public var phase: MigrationPhase?
    public var operation: String
    public var table: String
    /// Rows in the table now (the database's estimate; nil when unknown or offline).
    public var rows: Int64?
    public var cost: OperationCost

    enum CodingKeys: String, CodingKey { case revision, phase, operation, table, rows, cost }
}

extension MigrationContext {
    /// The costs of the planned upgrade to `target`, in order. Tables the plan creates cost nothing to
    /// anyone and are left out. Online, the sizes are the catalog's estimates; with `offline` no database
    /// is read and the plan starts at base.
    public func lint(to target: String = "heads", offline: Bool = false) throws -> [LintEntry] {
        let graph = try repository.graph()
        if offline {
            return try lintPlan(graph: graph, current: [], target: target, dialect: try dialect(), rows: [:])
        }
        return try withDatabase(lock: false) { session in
            let current = try session.heads(in: graph)
            var rows: [String: Int64] = [:]
            if let q = session.dialect.tableRowsQuery {
                for r in try session.connection.query(q) { rows[r[0].stringValue ?? ""] = r[1].intValue }
            } else {
                for t in try session.connection.query(session.dialect.userTablesQuery).compactMap({ $0[0].stringValue }) {
                    rows[t] = try session.connection.query("SELECT count(*) FROM \(session.dialect.quote(t))").first?[0].intValue
                }
            }
            return try lintPlan(graph: graph, current: current, target: target, dialect: session.dialect, rows: rows)
        }
    }

    func lintPlan(graph: RevisionGraph, current: [Int], target: String, dialect: any Dialect, rows: [String: Int64]) throws -> [LintEntry] {
        var planner = MigrationPlanner(graph: graph, heads: current)
        guard case .revisions(let r) = try graph.resolve(target, current: current) else { return [] }
        let steps = planner.upgrade(to: r)
        let state = try replayedState(graph: graph, upTo: current, dialect: dialect)
        let ops = Operations(sink: DiscardingSink(dialect: dialect), state: state)
        let phases = graph.phasesForReports
        var created: Set<String> = []
        var out: [LintEntry] = []
        var step: Int?
        ops.observer = { op in
            guard let i = step else { return }
            if case .createTable(let t) = op { created.insert(t.name); return }
            guard let table = op.tableName, !created.contains(table), let cost = dialect.cost(of: op) else { return }
            out.append(LintEntry(revision: graph.revision(i).id, phase: phases?[i], operation: op.summary, table: table, rows: rows[table], cost: cost))
        }
        for s in steps {
            step = s.revision
            try graph.revision(s.revision).upgrade(ops)
        }
        return out
    }
}
