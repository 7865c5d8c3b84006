/// A revision as reported by `current`, `heads`, `history` and `show` (and their `--format json`).
public struct RevisionReport: Sendable, Codable, Equatable {
    public var revision: String
    public var parents: [String]
    public var dependsOn: [String]
    public var message: String
    public var branchLabels: [String]
    public var milestones: [String]
    public var isHead: Bool
    public var isBranchPoint: Bool
    public var isMerge: Bool
    public var isCurrent: Bool
    public var children: [String]
    public var createDate: String?
    public var path: String?
    /// The rolling-upgrade phase the revision belongs to, in a history split into phases.
    public var phase: MigrationPhase? = nil
    /// In `current`: a head of its branch that the version table does not hold because an applied
    /// revision depends on it (Alembic's "effective head").
    public var isEffectiveHead: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case revision, parents, message, milestones, children, path, phase
        case isEffectiveHead = "is_effective_head"
        case dependsOn = "depends_on"
        case branchLabels = "branch_labels"
        case isHead = "is_head"
        case isBranchPoint = "is_branch_point"
        case isMerge = "is_merge"
        case isCurrent = "is_current"
        case createDate = "create_date"
    }

    /// One line, as Alembic's `history` prints it:
    /// `parent -> rev (label) (head) (current) (branchpoint) (mergepoint), message`.
    public var line: String {
        let down: String =
            switch parents.count {
            case 0: "<base>"
            case 1: parents[0]
            default: "(" + parents.joined(separator: ", ") + ")"
            }
        return "\(down) -> \(tagged)" + (message.isEmpty ? "" : ", \(message)")
    }

    /// The id with its labels and flags: `rev (label) (head) (current)`.
    public var tagged: String {
        var s = revision
        var names = branchLabels + milestones.filter { $0 != revision }
        if let phase, !branchLabels.contains(where: phase.names) { names.insert(phase.rawValue, at: 0) }
        if !names.isEmpty { s += " (" + names.joined(separator: ", ") + ")" }
        if isEffectiveHead == true { s += " (effective head)" } else if isHead { s += " (head)" }
        if isCurrent { s += " (current)" }
        if isBranchPoint { s += " (branchpoint)" }
        if isMerge { s += " (mergepoint)" }
        return s
    }

    /// The multi-line form of `show` and `--verbose`.
    public var verbose: String {
        var lines = ["Rev: \(tagged)"]
        if isMerge {
            lines.append("Merges: " + parents.joined(separator: ", "))
        } else {
            lines.append("Parent: " + (parents.first ?? "<base>"))
        }
        if isBranchPoint { lines.append("Branches into: " + children.joined(separator: ", ")) }
        if !dependsOn.isEmpty { lines.append("Also depends on: " + dependsOn.joined(separator: ", ")) }
        if !branchLabels.isEmpty { lines.append("Branch names: " + branchLabels.joined(separator: ", ")) }
        if !milestones.isEmpty { lines.append("Milestones: " + milestones.joined(separator: ", ")) }
        if let path { lines.append("Path: \(path)") }
        lines.append("")
        lines.append("    " + (message.isEmpty ? "(no message)" : message))
        lines.append("")
        lines.append("    Revision ID: \(revision)")
        lines.append("    Revises: " + (parents.isEmpty ? "" : parents.joined(separator: ", ")))
        if let createDate { lines.append("    Create Date: \(createDate)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension RevisionGraph {
    /// The report for one revision.
    public func report(_ i: Int, current: Set<Int> = [], path: String? = nil, phases: [MigrationPhase?]? = nil) -> RevisionReport {
        let r = revisions[i]
        var report = RevisionReport(
            revision: r.id, parents: ids(parents[i]), dependsOn: ids(dependencies[i]), message: r.message,
            branchLabels: r.branchLabels, milestones: r.milestones, isHead: children[i].isEmpty,
            isBranchPoint: children[i].count > 1, isMerge: parents[i].count > 1, isCurrent: current.contains(i),
            children: ids(children[i]), createDate: r.createDate, path: path)
        report.phase = phases?[i]
        return report
    }

    /// Each revision's phase, computed once for a listing; nil for a history without phases.
    public var phasesForReports: [MigrationPhase?]? { hasPhases ? phases() : nil }
}

/// What `current` reports.
public struct CurrentReport: Sendable, Codable {
    public var url: String
    public var versionTable: String
    public var revisions: [RevisionReport]
    /// At base with a `migrate_version` table: the database sqlalchemy-migrate managed.
    public var migrateVersion: MigrateVersion?
    /// A revision a stopped run left unfinished (MySQL/MariaDB), with the run that left it.
    public var unfinished: UnfinishedRevision?
    /// The run holding the migration lock now, if any.
    public var activeRun: ActiveRun?
    /// No version table, but this repository's tables: not base, an untracked database.
    public var untracked: UntrackedReport?

    enum CodingKeys: String, CodingKey {
        case url, revisions, unfinished
        case versionTable = "version_table"
        case migrateVersion = "migrate_version"
        case activeRun = "active_run"
        case untracked
    }
}

extension MigrationContext {
    /// `current`: the revisions recorded in the database.
    public func current() throws -> CurrentReport {
        let graph = try repository.graph()
        return try withDatabase(lock: false) { session in
            let at = graph.maximal(try session.heads(in: graph))
            let run = try runState(session)
            let phases = graph.phasesForReports
            let effective = graph.effectiveHeads(at).map { i -> RevisionReport in
                var r = graph.report(i, current: Set(at), phases: phases)
                r.isEffectiveHead = true
                // Applied, and where the database is on its branch: current, as every line `current` lists.
                r.isCurrent = true
                return r
            }
            return CurrentReport(
                url: session.url.description, versionTable: session.versionTable.name,
                revisions: effective + at.map { graph.report($0, current: Set(at), phases: phases) },
                migrateVersion: at.isEmpty && !repository.migrateVersions.isEmpty ? try readMigrateVersion(session) : nil,
                unfinished: run.unfinished, activeRun: run.active,
                untracked: try untrackedIfBase(session, at: at))
        }
    }

    /// At base without a version table: whether this repository's tables are there all the same.
    private func untrackedIfBase(_ session: DatabaseSession, at: [Int]) throws -> UntrackedReport? {
        guard at.isEmpty, try !session.versionTable.exists(on: session.connection) else { return nil }
        return try untracked(session)
    }

    /// The graph indices of the revisions the database is at.
    public func currentIndices() throws -> [Int] {
        let graph = try repository.graph()
        return try withDatabase(lock: false) { graph.maximal(try $0.heads(in: graph)) }
    }

    /// `heads`: the revisions nothing follows.
    public func heads() throws -> [RevisionReport] {
        let graph = try repository.graph()
        let phases = graph.phasesForReports
        return graph.heads.map { graph.report($0, phases: phases) }
    }

    /// `branches`: the revisions several revisions follow, each with its children.
    public func branches() throws -> [RevisionReport] {
        let graph = try repository.graph()
        return graph.branchPoints.map { graph.report($0) }
    }

    /// `show REV`.
    public func show(_ target: String) throws -> [RevisionReport] {
        let graph = try repository.graph()
        switch try graph.resolve(target, current: []).position {
        case .base: return []
        case .revisions(let r), .steps(_, _, let r): return r.map { graph.report($0) }
        case .branchBase(let root): return [graph.report(root)]
        }
    }

    /// `history [-r FROM:TO] [--indicate-current]`: revisions newest first.
    ///
    /// FROM defaults to base and TO to heads; `current` names the database's revision(s) (and needs
    /// a connection, as `indicateCurrent` does).
    public func history(range: String? = nil, indicateCurrent: Bool = false) throws -> [RevisionReport] {
        let graph = try repository.graph()
        let needsDatabase = indicateCurrent || (range?.contains("current") ?? false) || (range.map(Self.rangeIsRelative) ?? false)
        let current: [Int] = needsDatabase ? try withDatabase(lock: false) { try $0.heads(in: graph) } : []
        var startText = "base"
        var endText = "heads"
        if let range {
            let parts = range.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2 {
                if !parts[0].isEmpty { startText = parts[0] }
                if !parts[1].isEmpty { endText = parts[1] }
            } else {
                startText = parts[0]
                endText = parts[0]
            }
        }
        let include: [Bool]
        switch try graph.resolve(endText, current: current).position {
        case .base: include = [Bool](repeating: false, count: graph.count)
        case .revisions(let r), .steps(_, _, let r): include = graph.ancestors(of: r)
        case .branchBase: include = [Bool](repeating: false, count: graph.count)
        }
        var from = [Bool](repeating: true, count: graph.count)
        switch try graph.resolve(startText, current: current).position {
        case .base: break
        case .revisions(let r), .steps(_, _, let r): from = graph.descendants(of: r)
        case .branchBase(let root): from = graph.descendants(of: [root])
        }
        let cur = Set(current)
        let phases = graph.phasesForReports
        return graph.order.reversed().filter { include[$0] && from[$0] }.map { graph.report($0, current: cur, phases: phases) }
    }

    static func rangeIsRelative(_ range: String) -> Bool {
        range.split(separator: ":").contains { RevisionGraph.splitRelative(String($0)).map { $0.0.isEmpty } ?? false }
    }
}
