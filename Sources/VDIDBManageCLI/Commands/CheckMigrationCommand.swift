import ArgumentParser
import MigrationKit

/// `check_migration`: the CI gate.
struct CheckMigrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check_migration",
        abstract: "Fail unless the history has one head per branch, labelled branch points, every script registered, unique ids, resolving milestones and sound expand/contract phases.",
        discussion: "With a database configured, also warns when an applied revision's script now renders different SQL than when it ran (the ledger's checksums).")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    /// What `check_migration --format json` prints for a repository.
    struct Report: Encodable {
        var ok: Bool
        var revisions: Int
        var heads: [String]
        var problems: [Problem]
        struct Problem: Encodable { var kind: String; var message: String }
    }

    /// With a database configured, warns about applied revisions whose scripts render different SQL
    /// now than when they ran (the ledger's checksums); a database that cannot be reached is said once.
    static func warnChangedScripts(_ contexts: [MigrationContext]) {
        guard let context = contexts.first, context.settings.url != nil else { return }
        for c in contexts {
            do {
                for w in try c.checksumWarnings() { c.logger.warning("\(contexts.count > 1 ? "\(c.repository.name): " : "")\(w)") }
            } catch {
                c.logger.warning("could not compare applied revisions with their scripts: \(error)")
                return
            }
        }
    }

    func run() throws {
        let contexts = try root.contexts(defaultAll: true)
        Self.warnChangedScripts(contexts)
        if format == .json {
            var failed = 0
            try Out.perRepository(contexts, format: .json, { context -> Report in
                let found = try context.checkMigration()
                failed += found.count
                let graph = try? context.repository.graph()
                return Report(ok: found.isEmpty, revisions: graph?.count ?? context.repository.revisions.count,
                              heads: graph.map { $0.ids($0.heads) } ?? [], problems: found.map { .init(kind: $0.kind.rawValue, message: $0.message) })
            }, lines: { _, _ in [] })
            if failed > 0 { throw CheckFailed(message: "\(failed) problem(s) in the history") }
            return
        }
        var problems: [(MigrationContext, MigrationCheckProblem)] = []
        for context in contexts {
            let found = try context.checkMigration()
            let prefix = contexts.count > 1 ? "\(context.repository.name): " : ""
            if found.isEmpty {
                let graph = try context.repository.graph()
                Out.line("\(prefix)OK: \(graph.count) revisions, heads: \(graph.ids(graph.heads).joined(separator: ", "))")
            }
            problems += found.map { (context, $0) }
        }
        guard let last = problems.last else { return }
        func text(_ p: (MigrationContext, MigrationCheckProblem)) -> String { (contexts.count > 1 ? "\(p.0.repository.name): " : "") + p.1.message }
        for p in problems.dropLast() { p.0.logger.error("\(text(p))") }
        throw CheckFailed(message: text(last) + (problems.count > 1 ? " (and \(problems.count - 1) more above)" : ""))
    }
}
