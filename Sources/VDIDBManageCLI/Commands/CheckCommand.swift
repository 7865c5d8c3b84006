import ArgumentParser
import MigrationKit

/// `check`: exit 0 when the models and the database agree, 1 with each difference listed when not.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare the models with the database; exit 1 and list the differences if they differ.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let contexts = try root.contexts(defaultAll: false)
        var total = 0
        var reports: [String: [SchemaDifferenceReport]] = [:]
        for context in contexts {
            let differences = try context.diff()
            total += differences.count
            reports[context.repository.name] = differences.map(\.report)
            if format == .text {
                let prefix = contexts.count > 1 ? "\(context.repository.name): " : ""
                if differences.isEmpty { Out.line("\(prefix)No differences: the database matches the models.") }
                for d in differences { Out.line("- " + prefix + d.summary + (d.isDestructive ? " (destructive)" : "")) }
            }
        }
        if format == .json {
            if contexts.count == 1 { try Out.json(reports[contexts[0].repository.name] ?? []) } else { try Out.json(reports) }
        }
        if total > 0 {
            throw CheckFailed(message: "\(total) difference(s) between the models and the database")
        }
    }
}
