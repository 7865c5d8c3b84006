/// Rolling upgrades: `upgrade --expand`, `upgrade --contract`, `has_offline_migrations`, and the phase
/// rules `check_migration` keeps (see `RevisionGraph+Phases.swift` for what a phase is).
extension MigrationContext {
    /// `upgrade --expand` / `upgrade --contract`: every revision of the phase's branches (and what they
    /// depend on). Contract is refused while an expand revision is not applied: old code may still run.
    @discardableResult
    public func upgrade(phase: MigrationPhase, mode: RunMode = .online) throws -> MigrationResult {
        let graph = try repository.graph()
        let heads = graph.phaseHeads(phase)
        guard !heads.isEmpty else { throw MigrationError.noPhase(phase: phase.rawValue, repository: repository.name) }
        if case .offline = mode, heads.count > 1 {
            throw MigrationError.phaseNeedsOneScript(phase: phase.rawValue, heads: graph.ids(heads))
        }
        if phase == .contract, case .online = mode {
            let behind = try pending(.expand)
            if !behind.isEmpty { throw MigrationError.expandBehind(pending: behind) }
            let rows = try dataMigrationsRemaining().filter { $0.remaining > 0 }
            if !rows.isEmpty { throw MigrationError.dataMigrationsPending(rows.map { "\($0.name) (\($0.remaining) rows)" }) }
        }
        var result = MigrationResult(steps: [], seconds: 0, heads: [])
        for h in heads {
            let r = try upgrade(to: graph.revision(h).id, mode: mode)
            result.steps += r.steps
            result.seconds += r.seconds
            result.heads = r.heads
        }
        return result
    }

    /// `online_data_migrations [--max-count N]`: runs each data migration whose revision is applied, in
    /// batches, until it is done or `maxCount` rows in all have moved; under the migration lock.
    public func onlineDataMigrations(maxCount: Int? = nil, batchSize: Int = 1000) throws -> [DataMigrationReport] {
        let graph = try repository.graph()
        return try withDatabase(lock: true, create: false) { session in
            let applied = graph.ancestors(of: try session.heads(in: graph))
            var budget = maxCount ?? Int.max
            var out: [DataMigrationReport] = []
            for m in repository.dataMigrations {
                guard let i = graph.indexOf(m.after), applied[i] else {
                    out.append(DataMigrationReport(name: m.name, migrated: 0, remaining: nil, waitingFor: m.after))
                    continue
                }
                if let u = m.until, let j = graph.indexOf(u), applied[j] {
                    out.append(DataMigrationReport(name: m.name, migrated: 0, remaining: 0, waitingFor: nil))
                    continue
                }
                var migrated = 0
                while budget > 0 {
                    let n = try m.migrate(session.connection, min(batchSize, budget))
                    if n == 0 { break }
                    migrated += n
                    budget -= n
                    logger.info("\(m.name): \(migrated) row(s) migrated")
                }
                out.append(DataMigrationReport(name: m.name, migrated: migrated, remaining: try m.remaining(session.connection), waitingFor: nil))
            }
            return out
        }
    }

    /// Rows each data migration still has to move (those whose revision is applied).
    public func dataMigrationsRemaining() throws -> [(name: String, remaining: Int)] {
        guard !repository.dataMigrations.isEmpty else { return [] }
        let graph = try repository.graph()
        return try withDatabase(lock: false) { session in
            let applied = graph.ancestors(of: try session.heads(in: graph))
            return try repository.dataMigrations.compactMap { m in
                guard let i = graph.indexOf(m.after), applied[i] else { return nil }
                if let u = m.until, let j = graph.indexOf(u), applied[j] { return (m.name, 0) }
                return (m.name, try m.remaining(session.connection))
            }
        }
    }

    /// The revisions of `phase` the database has not applied, oldest first.
    public func pending(_ phase: MigrationPhase) throws -> [String] {
        let graph = try repository.graph()
        let phases = graph.phases()
        guard phases.contains(phase) else { return [] }
        let applied = graph.ancestors(of: try currentIndices())
        return graph.ids(graph.order.filter { phases[$0] == phase && !applied[$0] })
    }

    /// What `check_migration` finds wrong with the phases: an expand revision that removes, renames or
    /// narrows something (or adds a NOT NULL column old code cannot fill), a contract revision that adds
    /// something, a contract branch without its expand branch. Each revision is judged by the operations
    /// it runs, replayed from base without a database; raw SQL is not judged.
    func phaseProblems(_ graph: RevisionGraph) -> [MigrationCheckProblem] {
        guard graph.hasPhases else { return [] }
        var problems: [MigrationCheckProblem] = []
        // Structure: every contract label has its expand label (`contract` / `expand`, `newton_contract` / `newton_expand`).
        let labels = Set(graph.labelNames.keys)
        for label in labels.sorted() where MigrationPhase.contract.names(label) {
            let expand = String(label.dropLast("contract".count)) + "expand"
            if !labels.contains(expand) {
                problems.append(.init(kind: .phaseStructure, message: "branch '\(label)' has no '\(expand)' branch: a contract phase needs the expand phase it follows"))
            }
        }
        let phases = graph.phases()
        var current: Int?
        var found: [Int: [MigrationOperation]] = [:]
        // Tables a revision creates itself are new: nothing waits on them.
        var createdBy: [Int: Set<String>] = [:]
        let ops = Operations(sink: DiscardingSink(dialect: PostgreSQLDialect()), state: SchemaState(complete: true))
        ops.observer = { op in
            guard let c = current else { return }
            found[c, default: []].append(op)
            if case .createTable(let t) = op { createdBy[c, default: []].insert(t.name) }
        }
        var planner = MigrationPlanner(graph: graph, heads: [])
        for step in planner.upgrade(to: graph.heads) {
            current = step.revision
            // Deliberate: a revision that cannot be replayed is reported by the run itself; the check ends there.
            do { try graph.revision(step.revision).upgrade(ops) } catch { break }
        }
        for i in graph.order {
            guard let phase = phases[i] else { continue }
            let id = graph.revision(i).id
            for op in found[i] ?? [] {
                if let what = Self.violation(op, in: phase) {
                    problems.append(.init(kind: .phaseViolation, message: "\(phase.rawValue) revision '\(id)' \(what)"))
                } else if phase == .expand, !graph.revision(i).acceptsBlockingWrites, let table = op.tableName,
                    !(createdBy[i]?.contains(table) ?? false), let (backend, cost) = Self.blocking(op)
                {
                    problems.append(.init(kind: .phaseCost, message: "expand revision '\(id)' blocks writes on \(table) on \(backend) (\(op.summary): \(cost.summary)); "
                        + "use the safer form, or declare acceptsBlockingWrites"))
                }
            }
        }
        return problems
    }

    /// The first production database on which `op` blocks writes on its table, with the cost.
    static func blocking(_ op: MigrationOperation) -> (String, OperationCost)? {
        for d in [PostgreSQLDialect() as any Dialect, MySQLDialect()] {
            if let c = d.cost(of: op), c.blocksWrites { return ("\(d.backend)", c) }
        }
        return nil
    }

    /// Why `op` does not belong in `phase`, or nil when it does.
    static func violation(_ op: MigrationOperation, in phase: MigrationPhase) -> String? {
        switch phase {
        case .expand:
            switch op {
            case .dropTable(let t): return "drops table \(t.name): old code still reads it; move it to contract"
            case .renameTable(let from, let to): return "renames table \(from) to \(to): old code still uses the old name; add the new table in expand, drop the old in contract"
            case let .dropColumn(t, c): return "drops column \(t).\(c.name): old code still reads it; move it to contract"
            case .alterColumn(let a):
                if let n = a.newName { return "renames column \(a.table).\(a.column) to \(n): old code still uses the old name; add \(n) in expand (kept in step), drop \(a.column) in contract" }
                if a.nullable == false && a.existing.nullable { return "makes \(a.table).\(a.column) NOT NULL: old code may still write NULL; do it in contract" }
                if let t = a.type, t != a.existing.type { return "changes the type of \(a.table).\(a.column) (\(a.existing.type) to \(t)): old code may write what the new type refuses; do it in contract" }
                return nil
            case let .addColumn(t, c) where !c.nullable && c.defaultValue == nil && c.generated == nil && !c.autoincrement:
                return "adds NOT NULL column \(t).\(c.name) without a default: old code inserting rows cannot fill it; give it a default, or add it nullable and tighten it in contract"
            case let .dropIndex(t, i): return "drops index \(i.name) on \(t); move it to contract"
            case let .dropUnique(t, u): return "drops unique constraint \(u.name) on \(t); move it to contract"
            case let .dropForeignKey(t, f): return "drops foreign key \(f.name) on \(t); move it to contract"
            case let .dropCheck(t, c): return "drops check constraint \(c.name) on \(t); move it to contract"
            case let .dropPrimaryKey(t, _): return "drops the primary key of \(t); move it to contract"
            default: return nil
            }
        case .contract:
            switch op {
            case .createTable(let t): return "creates table \(t.name): additions belong in expand"
            case let .addColumn(t, c): return "adds column \(t).\(c.name): additions belong in expand"
            case let .createIndex(t, i): return "creates index \(i.name) on \(t): additions belong in expand"
            default: return nil
            }
        }
    }
}

/// What `online_data_migrations` did for one data migration.
public struct DataMigrationReport: Sendable, Codable {
    public var name: String
    public var migrated: Int
    /// Rows left; nil when its revision is not applied yet.
    public var remaining: Int?
    /// The revision it waits for, when that is not applied.
    public var waitingFor: String?

    enum CodingKeys: String, CodingKey {
        case name, migrated, remaining
        case waitingFor = "waiting_for"
    }
}
