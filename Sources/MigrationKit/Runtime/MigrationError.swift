/// Failures of a migration run. Messages say what failed, where, and what state the database is in.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case revisionIDTooLong(id: String, limit: Int)
    /// A revision failed; `state` says what is committed and what to do next.
    case stepFailed(step: String, statementNumber: Int, statement: String?, underlying: String, state: String)
    case offlineNeedsRange(command: String)
    case offlineRelativeNeedsStart(String)
    case untrackedDatabase(tables: [String], versionTable: String, advice: String)
    case notOnline(String)
    case interrupted(progress: RevisionProgress, table: String)
    case resumeMismatch(statement: Int)
    case nothingToResume
    case missingSQLFile(step: String, dialect: String, available: [String])
    case versionTableNotText(table: String)
    /// The run stopped on Ctrl-C, SIGTERM or SIGHUP between statements; `state` says where the database is.
    case stopped(signal: Int32, step: String, state: String)
    case rangeNeedsSQL(String)
    /// This run's migration lock was taken over (its lease ran out unrenewed); it stopped before the next statement.
    case leaseLost(String)
    /// `break_lock` refused (a live holder, not confirmed, a file lock).
    case lockNotBreakable(String)
    /// `upgrade --expand/--contract` on a history without that phase.
    case noPhase(phase: String, repository: String)
    case phaseNeedsOneScript(phase: String, heads: [String])
    /// `upgrade --contract` while expand revisions are not applied.
    case expandBehind(pending: [String])
    /// `upgrade --contract` while online data migrations have rows left.
    case dataMigrationsPending([String])

    public var description: String {
        switch self {
        case let .revisionIDTooLong(id, limit):
            return "revision id '\(id)' is longer than the version table's \(limit) characters"
        case let .stepFailed(step, number, statement, underlying, state):
            var text = "\(step) failed"
            if number > 0 { text += " at statement \(number)" }
            text += ": \(underlying)"
            if let statement, !underlying.contains("while executing") {
                text += " — while executing `\(SQLText.abbreviate(statement))`"
            }
            return text + ". " + state
        case .offlineNeedsRange(let command):
            return "\(command) --sql needs a start revision: give FROM:TO (for example 'head:base')"
        case .offlineRelativeNeedsStart(let target):
            return "'\(target)' is relative to the database's revision, which --sql does not read; give FROM:TO"
        case let .untrackedDatabase(tables, versionTable, advice):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "the database has tables (\(shown)) but no \(versionTable) table, so its revision is unknown; \(advice)"
        case .notOnline(let what):
            return "\(what) needs a database connection and cannot run with --sql"
        case let .interrupted(p, table):
            let inFlight = p.inFlight.map { "; statement \($0) had started and may or may not have taken effect" } ?? ""
            let who = p.owner.map { "by \($0); " } ?? ""
            return "a previous run stopped in the middle of \(p.direction.rawValue) \(p.revision) after \(p.statementsDone) of its statements "
                + "(\(who)recorded in \(table))\(inFlight); the database is between revisions. Fix the cause, then run again with --resume: "
                + "it checks each change of the revision against the live schema and skips those already applied; "
                + "or undo them by hand and 'stamp' the revision the schema matches"
        case .resumeMismatch(let n):
            return "cannot resume: statement \(n) of the revision is not the statement that was applied before (has the revision changed?); "
                + "repair by hand and 'stamp' the revision the schema matches"
        case let .missingSQLFile(step, dialect, available):
            return "the revision has no \(step).\(dialect).sql and no \(step).sql (it has: \(available.isEmpty ? "no files" : available.joined(separator: ", ")))"
        case let .stopped(signal, step, state):
            return "\(Interrupted.name(signal)): stopped during \(step), between two statements. \(state)"
        case .versionTableNotText(let table):
            return "the \(table) table holds a version_num that is not text (a BLOB or NULL), so the database's revision is unknown; "
                + "check which revision the schema matches, then 'stamp --purge REVISION'"
        case .rangeNeedsSQL(let target):
            return "'\(target)' is a range, which only --sql takes (it writes the script from one revision to another); "
                + "online, give the target alone"
        case .lockNotBreakable(let why):
            return "break_lock: \(why)"
        case .leaseLost(let reason):
            return "this run lost its migration lock (\(reason)): it sends and commits nothing more"
        case let .noPhase(phase, repository):
            return "\(repository)'s history has no \(phase) branch (a branch labelled '\(phase)' or '<release>_\(phase)'): run 'upgrade' without --\(phase)"
        case let .phaseNeedsOneScript(phase, heads):
            return "--\(phase) --sql writes one script, but the \(phase) phase has \(heads.count) heads (\(heads.joined(separator: ", "))): give each as FROM:TO"
        case .expandBehind(let pending):
            return "refusing to contract: expand revision(s) \(pending.joined(separator: ", ")) are not applied; run 'upgrade --expand' first (old service code may still be running)"
        case .dataMigrationsPending(let what):
            return "refusing to contract: online data migrations have rows left (\(what.joined(separator: ", "))); run 'online_data_migrations' until none remain"
        case .nothingToResume:
            return "--resume given, but no revision was left unfinished"
        }
    }
}
