import ArgumentParser
import MigrationKit

/// `has_offline_migrations`: whether contract revisions (which need every service stopped) are pending.
struct HasOfflineMigrationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "has_offline_migrations",
        abstract: "Exit 1 naming the contract revisions not yet applied (they need the services stopped); exit 0 when none are pending.")

    @ParentCommand var root: VDIDBManageCommand

    func run() throws {
        var pending: [String] = []
        for context in try root.contexts(defaultAll: true) where (try? context.repository.graph().hasPhases) == true {
            let ids = try context.pending(.contract)
            if !ids.isEmpty { pending.append("\(context.repository.name): \(ids.joined(separator: ", "))") }
            for m in try context.dataMigrationsRemaining() where m.remaining > 0 {
                pending.append("\(context.repository.name): data migration \(m.name), \(m.remaining) rows left (run online_data_migrations first)")
            }
        }
        guard !pending.isEmpty else {
            Out.line("No offline migrations pending.")
            return
        }
        throw CheckFailed(message: "need to apply migrations from the contract branch (\(pending.joined(separator: "; "))): every VDI service must be stopped before 'upgrade --contract'")
    }
}
