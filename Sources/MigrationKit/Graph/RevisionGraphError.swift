/// What can be wrong with a revision graph or a revision target. Each message says what to do.
public enum RevisionGraphError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateRevision(String)
    case missingParent(revision: String, parent: String)
    case missingDependency(revision: String, dependency: String)
    case cycle([String])
    case duplicateLabel(label: String, revisions: [String])
    case labelIsRevisionID(String)
    case invalidRevisionID(String, reason: String)
    case multipleHeads(heads: [String], argument: String)
    case unknownRevision(String)
    case ambiguousPrefix(prefix: String, candidates: [String])
    case unknownBranchLabel(String)
    case relativeOutOfRange(argument: String, steps: Int, available: Int)
    case ambiguousRelative(argument: String, at: String, choices: [String])
    /// `LABEL@-N` where the branch's newest applied revision is one another branch's applied revision depends on.
    case relativeBlocked(argument: String, revision: String, by: [String])
    /// The version table holds revisions this history does not have (all of them named).
    case unknownDatabaseRevisions(ids: [String], table: String)
    case notADowngradeTarget(target: String, current: [String])
    case notAnUpgradeTarget(target: String, current: [String])
    /// The version table records a revision together with one of its ancestors.
    case overlappingVersionRows(table: String, revision: String, ancestor: String)
    case emptyHistory

    public var description: String { printable(message) }

    private var message: String {
        switch self {
        case .duplicateRevision(let id):
            return "revision id '\(id)' is declared more than once"
        case let .missingParent(revision, parent):
            return "revision '\(revision)' follows '\(parent)', which does not exist"
        case let .missingDependency(revision, dependency):
            return "revision '\(revision)' depends on '\(dependency)', which does not exist"
        case .cycle(let ids):
            return "the revisions form a cycle: \(ids.joined(separator: " -> "))"
        case let .duplicateLabel(label, revisions):
            return "branch label or milestone '\(label)' is used by several revisions: \(revisions.joined(separator: ", "))"
        case .labelIsRevisionID(let label):
            return "branch label or milestone '\(label)' is also a revision id; use another name"
        case let .invalidRevisionID(id, reason):
            return "revision id '\(id)' is not valid: \(reason)"
        case let .multipleHeads(heads, argument):
            return "'\(argument)' is ambiguous: there are \(heads.count) heads (\(heads.joined(separator: ", "))); "
                + "use 'heads' for all of them, 'LABEL@head' for one branch, or 'merge' them into one"
        case .unknownRevision(let id):
            return "no revision matches '\(id)'; 'history' lists the revisions"
        case let .ambiguousPrefix(prefix, candidates):
            return "'\(prefix)' matches several revisions: \(candidates.joined(separator: ", ")); give more characters"
        case .unknownBranchLabel(let label):
            return "no branch is labelled '\(label)'; 'branches' and 'history' show the labels"
        case let .relativeOutOfRange(argument, steps, available):
            return "'\(argument)' asks for \(steps) step(s) but only \(available) are possible from there"
        case let .relativeBlocked(argument, revision, by):
            return "'\(argument)' would take out \(revision), which \(by.joined(separator: ", ")) depend\(by.count == 1 ? "s" : "") on: "
                + "take \(by.count == 1 ? "that" : "those") out first (for example 'downgrade contract@-1'), or give a revision to go back to "
                + "(Alembic would remove \(by.count == 1 ? "it" : "them") with it; this tool never removes more than asked)"
        case let .ambiguousRelative(argument, at, choices):
            return "'\(argument)' is ambiguous at '\(at)', which leads to \(choices.joined(separator: ", ")); "
                + "name the revision or use 'LABEL@' to pick a branch"
        case let .unknownDatabaseRevisions(ids, table):
            let list = ids.map { "'\($0)'" }.joined(separator: ", ")
            return "the version table \(table) holds \(ids.count == 1 ? "revision" : "revisions") \(list), which this history does not have "
                + "(another project's revisions, or a release this tool does not include); nothing was changed"
        case let .notADowngradeTarget(target, current):
            let at = current.isEmpty ? "base" : current.joined(separator: ", ")
            return "'\(target)' is not below the database's current revision (\(at)); nothing to downgrade to"
        case let .notAnUpgradeTarget(target, current):
            let at = current.isEmpty ? "base" : current.joined(separator: ", ")
            return "'\(target)' is not a valid upgrade target: the database is already past it (at \(at)); to go back, use 'downgrade \(target)'"
        case let .overlappingVersionRows(table, revision, ancestor):
            return "the \(table) table records both '\(revision)' and its ancestor '\(ancestor)' (overlapping revisions, which Alembic refuses too); "
                + "check which the schema matches, then 'stamp --purge \(revision)' to keep only that row"
        case .emptyHistory:
            return "there are no revisions"
        }
    }
}
