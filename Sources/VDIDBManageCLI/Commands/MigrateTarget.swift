import ArgumentParser
import MigrationKit

/// The target arguments `upgrade` and `downgrade` share.
struct MigrateTarget: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Target revision: an id or prefix, a milestone, head(s), base, LABEL@head, +N or -N; with --sql, FROM:TO.", valueName: "rev"))
    var positional: [String] = []

    @Option(name: .customLong("revision"), help: ArgumentHelp("The target, as an option (enamel-sync's spelling).", valueName: "rev"))
    var revisionOption: String?

    @Option(help: ArgumentHelp("Move this many revisions from the current one (a positive whole number).", valueName: "n"))
    var delta: Int?

    @Flag(help: "Print the SQL instead of running it; no database is touched.")
    var sql = false

    @Flag(help: "Continue a revision a stopped run left unfinished (MySQL/MariaDB): each change already in the live schema is skipped, the rest runs.")
    var resume = false

    var revision: String? { positional.first ?? revisionOption }

    func validate() throws {
        try validateTarget(positional)
        try validateDelta(delta)
        if delta != nil && revision != nil { throw ValidationError("give a revision or --delta, not both") }
        if !positional.isEmpty && revisionOption != nil { throw ValidationError("give the revision once") }
    }

    func mode() -> RunMode { sql ? .offline(write: Out.raw) : .online }
}
