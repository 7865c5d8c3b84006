/// A difference between the models and the database, for `check` (and its JSON).
public struct SchemaDifferenceReport: Sendable, Codable, Equatable {
    public var kind: String
    public var table: String?
    public var description: String
    public var destructive: Bool
}

extension MigrationOperation {
    /// The operation's kind, as `check --format json` names it.
    public var kind: String {
        switch self {
        case .createTable: "add_table"
        case .dropTable: "remove_table"
        case .renameTable: "rename_table"
        case .addColumn: "add_column"
        case .dropColumn: "remove_column"
        case .alterColumn: "modify_column"
        case .createIndex: "add_index"
        case .dropIndex: "remove_index"
        case .addUnique: "add_unique_constraint"
        case .dropUnique: "remove_unique_constraint"
        case .addForeignKey: "add_foreign_key"
        case .dropForeignKey: "remove_foreign_key"
        case .addCheck: "add_check_constraint"
        case .dropCheck: "remove_check_constraint"
        case .addPrimaryKey: "add_primary_key"
        case .dropPrimaryKey: "remove_primary_key"
        case .execute: "execute"
        case .bulkInsert: "bulk_insert"
        }
    }

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
            let reflected = try connector.reflector(for: session.connection.backend).reflect(session.connection, tables: nil)
            // sqlalchemy-migrate's record stays after a takeover and is nobody's model.
            let comparator = SchemaComparator(dialect: session.dialect, excluded: VersionTable.bookkeeping(session.versionTable.name) + ["migrate_version"] + (try foreignTables(session)) + settings.excludeTables)
            return comparator.compare(model: models, database: reflected)
        }
    }

    /// Refuses to compare when the database is not at the revision the new one would follow: the
    /// difference would re-do every later change (drops included). Alembic: "Target database is not up
    /// to date."
    func requireUpToDate(head: String) throws {
        let graph = try repository.graph()
        let wanted: [Int]
        switch try graph.resolve(head, current: []) {
        case .base: wanted = []
        case .branchBase(let root): wanted = graph.parentIndices(root)
        case .revisions(let r): wanted = r
        }
        let current = try withDatabase(lock: false) { try $0.heads(in: graph) }
        let at = graph.maximal(current)
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
        if !allowBehind { try requireUpToDate(head: head) }
        let ops = try diff()
        if ops.isEmpty {
            logger.info("No changes detected between the models and the database")
            if !allowEmpty { return nil }
        }
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
        if !notes.isEmpty { notes.insert("Generated by autogenerate: a draft to review. Destructive operations are marked.", at: 0) }
        return try createRevision(
            message: message, revID: revID, head: head, splice: splice, branchLabels: branchLabels, dependsOn: dependsOn,
            upgradeBody: up, downgradeBody: down, notes: notes)
    }
}
