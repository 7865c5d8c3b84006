import ArgumentParser
import MigrationKit

/// `upgrade [REV] [--delta N] [--sql]`.
struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Run upgrade steps up to a revision (default: heads).",
        discussion: """
            Each revision runs in its own transaction with its version-table update on PostgreSQL and \
            SQLite. A migration lock keeps concurrent runs apart, also on a Galera cluster and behind \
            PgBouncer: a second run waits (naming the run it waits for), then does only what is left; a dead \
            run's lock is taken over once its lease expires. With --sql nothing is executed: the SQL is \
            printed, and REV may be FROM:TO.
            """)

    @ParentCommand var root: VDIDBManageCommand
    @OptionGroup var target: MigrateTarget
    @Flag(help: "Rolling upgrade, first step: only the expand branch (additive revisions, safe while the old service code runs).")
    var expand = false
    @Flag(help: "Rolling upgrade, last step: the contract branch (removals), once every service runs the new code; refused while expand is behind.")
    var contract = false

    func validate() throws {
        if expand && contract { throw ValidationError("give --expand or --contract, not both") }
        if (expand || contract) && (target.revision != nil || target.delta != nil || target.resume) {
            throw ValidationError("--expand and --contract choose the target themselves: leave out the revision, --delta and --resume")
        }
    }

    func run() throws {
        if expand || contract {
            try RepositorySelection(root.contexts(defaultAll: true)).upgrade(phase: expand ? .expand : .contract, mode: target.mode())
            return
        }
        // Without --subproject: every repository for heads and relative steps, the main one first; a
        // named revision or milestone, the repositories that know it.
        let to = target.delta.map { "+\($0)" } ?? target.revision ?? "heads"
        try RepositorySelection(root.contexts(defaultAll: true)).upgrade(to: to, mode: target.mode(), resume: target.resume)
    }
}
