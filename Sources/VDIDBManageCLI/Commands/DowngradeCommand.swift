import ArgumentParser
import MigrationKit

/// `downgrade REV [--delta N] [--sql]`.
struct DowngradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downgrade",
        abstract: "Run downgrade steps down to a revision ('base' removes everything).",
        discussion: "With --sql nothing is executed; give FROM:TO (for example 'head:base').")

    @ParentCommand var root: VDIDBManageCommand
    @OptionGroup var target: MigrateTarget

    func validate() throws {
        if target.delta == nil && target.revision == nil {
            throw ValidationError("downgrade needs a revision (for example 'base' or '-1') or --delta N")
        }
    }

    func run() throws {
        // Without --subproject: every repository that knows the target, the last installed first.
        let to = target.delta.map { "-\($0)" } ?? target.revision ?? "base"
        try RepositorySelection(root.contexts(defaultAll: true)).downgrade(to: to, mode: target.mode(), resume: target.resume)
    }
}
