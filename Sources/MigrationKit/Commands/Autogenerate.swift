/// A difference between the models and the database, for `check` (and its JSON).
public struct SchemaDifferenceReport: Sendable, Codable, Equatable {
    public var kind: String
    public var table: String?
    public var description: String
    public var destructive: Bool
}

extension MigrationOperation {
    public var report: SchemaDifferenceReport {
        SchemaDifferenceReport(kind: kind, table: tableName, description: summary, destructive: isDestructive)
    }
}

/// Autogenerate needs models.
public struct AutogenerateError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension MigrationContext {
    /// The operations that would bring the database to the models (empty when they agree). The version
    /// table, sqlalchemy-migrate's `migrate_version` and the configured `exclude_tables` are ignored.
    public func diff() throws -> [MigrationOperation] {
        guard let models = repository.models else {
            throw AutogenerateError(description: "the '\(repository.name)' repository declares no models to compare with")
        }
        return try withDatabase(lock: false) { session in
            // Another project's database is not compared with this project's models: named and refused.
            if try session.versionTable.exists(on: session.connection) { _ = try session.heads(in: repository.graph()) }
            let reflected = try connector.reflector(for: session.connection.backend).reflect(session.connection, tables: nil)
            // sqlalchemy-migrate's record stays after a takeover and is nobody's model.
            let comparator = SchemaComparator(dialect: session.dialect, excluded: VersionTable.bookkeeping(session.versionTable.name) + ["migrate_version"] + (try foreignTables(session)) + settings.excludeTables)
            return comparator.compare(model: models, database: reflected)
        }
    }

    /// Where the database is: its version table's revisions, and the heads they imply through a
    /// dependency without a row of their own (an expand head a contract head depends on, as after
    /// `upgrade heads`).
    func databaseHeads(_ graph: RevisionGraph) throws -> [Int] {
        let rows = graph.maximal(try withDatabase(lock: false) { try $0.heads(in: graph) })
        return rows + graph.effectiveHeads(rows)
    }

    /// Refuses to compare when the database is not at the revision the new one would follow: the
    /// difference would re-do every later change (drops included). Alembic: "Target database is not up
    /// to date."
    func requireUpToDate(head: String) throws {
        let graph = try repository.graph()
        let wanted: [Int]
        switch try graph.resolve(head, current: []).position {
        case .base: wanted = []
        case .branchBase(let root): wanted = graph.parentIndices(root)
        case .revisions(let r), .steps(_, _, let r): wanted = r
        }
        let at = try databaseHeads(graph)
        // The database must be at the parent the new revision gets (other branches' heads may be there too).
        guard wanted.allSatisfy({ at.contains($0) }) && (!wanted.isEmpty || at.isEmpty) else {
            let name = { (ids: [Int]) in ids.isEmpty ? "base" : graph.ids(ids).joined(separator: ", ") }
            throw AutogenerateError(description: "the database is not up to date: it is at \(name(at)), the new revision would follow \(name(wanted)); "
                + "run 'upgrade \(head)' first, or give --allow-behind to compare anyway")
        }
    }

    /// `revision --autogenerate`: a revision whose upgrade is the difference and whose downgrade is its
    /// reverse. Returns nil (and writes nothing) when there is no difference, unless `allowEmpty`.
    public func autogenerateRevision(
        message: String, revID: String? = nil, head: String = "head", splice: Bool = false,
        branchLabels: [String] = [], dependsOn: [String] = [], allowEmpty: Bool = false, allowBehind: Bool = false
    ) throws -> String? {
        let graph = try repository.graph()
        if graph.hasPhases && head == "head" && !splice && branchLabels.isEmpty {
            return try autogeneratePhases(graph: graph, message: message, revID: revID, dependsOn: dependsOn, allowEmpty: allowEmpty, allowBehind: allowBehind)
        }
        if !allowBehind { try requireUpToDate(head: head) }
        let ops = try diff()
        if ops.isEmpty {
            logger.info("No changes detected between the models and the database")
            if !allowEmpty { return nil }
        }
        let (up, down, notes) = bodies(ops)
        return try createRevision(
            message: message, revID: revID, head: head, splice: splice, branchLabels: branchLabels, dependsOn: dependsOn,
            upgradeBody: up, downgradeBody: down, notes: notes)
    }

    /// A revision's upgrade and downgrade bodies for `ops`, with the destructive ones marked.
    func bodies(_ ops: [MigrationOperation], notes extra: [String] = []) -> (up: String, down: String, notes: [String]) {
        var up = ""
        var notes: [String] = []
        for op in ops {
            if op.isDestructive {
                up += "        // DESTRUCTIVE: \(op.summary) — review before running\n"
                logger.warning("Destructive: \(op.summary)")
                notes.append("DESTRUCTIVE: \(op.summary)")
            }
            up += SwiftSource.call(op) + "\n"
        }
        var down = ""
        for op in ops.reversed() {
            // Deliberate: an operation without a reverse gets a comment in the downgrade instead.
            if let back = try? op.reversed() {
                down += SwiftSource.call(back) + "\n"
            } else {
                down += "        // cannot reverse automatically: \(op.summary)\n"
            }
        }
        for op in ops { logger.info("Detected \(op.summary)") }
        notes += extra
        if !notes.isEmpty { notes.insert("Generated by autogenerate: a draft to review. Destructive operations are marked.", at: 0) }
        return (up, down, notes)
    }

    /// In a history split into phases, one model change becomes two revisions: the additive part on the
    /// expand branch, the removals on the contract branch (which depends on the expand revision). The
    /// database must be at both phase heads. Returns the paths written, one per line.
    func autogeneratePhases(graph: RevisionGraph, message: String, revID: String?, dependsOn: [String], allowEmpty: Bool, allowBehind: Bool) throws -> String? {
        let eh = graph.phaseHeads(.expand), ch = graph.phaseHeads(.contract)
        guard eh.count == 1, ch.count == 1 else {
            throw AutogenerateError(description: "the history has \(eh.count) expand and \(ch.count) contract heads; autogenerate splits into one of each: merge them first")
        }
        if !allowBehind {
            let at = Set(try databaseHeads(graph))
            guard at.contains(eh[0]) && at.contains(ch[0]) else {
                throw AutogenerateError(description: "the database is not up to date: it must be at both phase heads (\(graph.revision(eh[0]).id), \(graph.revision(ch[0]).id)); "
                    + "run 'upgrade heads' first, or give --allow-behind to compare anyway")
            }
        }
        let ops = try diff()
        if ops.isEmpty {
            logger.info("No changes detected between the models and the database")
            if !allowEmpty { return nil }
        }
        let split = PhaseSplit(ops)
        for n in split.notes { logger.warning("\(n)") }
        var paths: [String] = []
        var written: Set<String> = []
        var expandID: String?
        // Nothing in either half (only with allowEmpty): one empty revision, on the expand branch.
        if !split.expand.isEmpty || split.contract.isEmpty {
            let id = revID ?? ScriptWriter.newID()
            let (up, down, notes) = bodies(split.expand, notes: split.expandNotes)
            paths.append(try writeRevision(
                graph: graph, parentIDs: [graph.revision(eh[0]).id], message: message + " (expand)", revID: id, branchLabels: [],
                dependsOn: dependsOn, upgradeBody: up, downgradeBody: down, notes: notes, sqlFiles: false))
            expandID = id
            written.insert(id)
        }
        if !split.contract.isEmpty {
            let (up, down, notes) = bodies(split.contract, notes: split.contractNotes)
            paths.append(try writeRevision(
                graph: graph, parentIDs: [graph.revision(ch[0]).id], message: message + " (contract)", revID: expandID == nil ? revID : nil, branchLabels: [],
                dependsOn: dependsOn + (expandID.map { [$0] } ?? []), upgradeBody: up, downgradeBody: down, notes: notes, sqlFiles: false, written: written))
        }
        return paths.joined(separator: "\n")
    }
}

/// One model change split into its expand and contract parts.
///
/// Additive operations go to expand. A column rename becomes: in expand, the new column (nullable) and a
/// copy of the old column's values; in contract, the old column dropped (and the new one made NOT NULL
/// if the old was). While old and new code both run, the new code must write both columns (dual
/// write) — said in the revision's notes. Removals go to contract, and so do changes that cannot be
/// made while old code runs (a type change, NOT NULL), which the notes say.
public struct PhaseSplit {
    public var expand: [MigrationOperation] = []
    public var contract: [MigrationOperation] = []
    public var expandNotes: [String] = []
    public var contractNotes: [String] = []
    public var notes: [String] { expandNotes + contractNotes }

    public init(_ ops: [MigrationOperation]) {
        // A constraint or index dropped and added again under its name is a modification: both halves
        // go to contract, in their order (the add cannot precede the drop).
        var dropped: Set<String> = []
        for op in ops {
            switch op {
            case let .dropForeignKey(t, f): dropped.insert(t + "." + f.name)
            case let .dropIndex(t, i): dropped.insert(t + "." + i.name)
            case let .dropUnique(t, u): dropped.insert(t + "." + u.name)
            case let .dropCheck(t, c): dropped.insert(t + "." + c.name)
            default: break
            }
        }
        func redefines(_ op: MigrationOperation) -> Bool {
            switch op {
            case let .addForeignKey(t, f): dropped.contains(t + "." + f.name)
            case let .createIndex(t, i): dropped.contains(t + "." + i.name)
            case let .addUnique(t, u): dropped.contains(t + "." + u.name)
            case let .addCheck(t, c): dropped.contains(t + "." + c.name)
            default: false
            }
        }
        for op in ops {
            if redefines(op) {
                contract.append(op)
                contractNotes.append("\(op.summary): redefines a constraint the contract phase drops; both are in contract")
                continue
            }
            if case .alterColumn(let a) = op, let new = a.newName {
                var column = a.existing
                column.name = new
                column.previousName = nil
                if let t = a.type { column.type = t }
                if let d = a.defaultValue { column.defaultValue = d }
                column.nullable = true
                expand.append(.addColumn(table: a.table, column))
                // The copy, quoted as each database quotes names.
                var copy: [Backend: String] = [:]
                for b in Backend.allCases {
                    let d = dialect(for: b)
                    copy[b] = "UPDATE \(d.quote(a.table)) SET \(d.quote(new)) = \(d.quote(a.column))"
                }
                expand.append(.execute(DialectSQL(perBackend: copy), reverse: nil))
                expandNotes.append("rename \(a.table).\(a.column) to \(new): added and copied here; until contract, the new code must write both columns (dual write)")
                contract.append(.dropColumn(table: a.table, a.existing))
                if !(a.nullable ?? a.existing.nullable) {
                    contract.append(.alterColumn(ColumnAlteration(table: a.table, column: new, existing: column, nullable: false)))
                }
                continue
            }
            if case let .addColumn(table, c) = op, !c.nullable, c.defaultValue == nil, c.generated == nil, !c.autoincrement {
                // Old code inserting rows cannot fill it: nullable in expand, NOT NULL in contract.
                var loose = c
                loose.nullable = true
                expand.append(.addColumn(table: table, loose))
                contract.append(.alterColumn(ColumnAlteration(table: table, column: c.name, existing: loose, nullable: false)))
                expandNotes.append("\(table).\(c.name) is added nullable: backfill it between the phases (a DataMigration); contract makes it NOT NULL")
                continue
            }
            if MigrationContext.violation(op, in: .expand) == nil {
                expand.append(op)
                if let (backend, cost) = MigrationContext.blocking(op) {
                    expandNotes.append("\(op.summary) blocks writes on \(backend) (\(cost.summary)): use the safer form, or declare acceptsBlockingWrites")
                }
            } else {
                contract.append(op)
                if case .alterColumn = op {
                    contractNotes.append("\(op.summary): cannot be done while old code runs; it is in contract, with the services stopped")
                }
            }
        }
    }
}
