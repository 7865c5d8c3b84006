import ArgumentParser
import MigrationKit

/// `revision -m MSG [...]`: a new, blank revision script.
struct RevisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revision", abstract: "Create a new revision script and register it.",
        discussion: "Writes Versions/<id>_<message>.swift under the migrations source directory and adds it to Registry.swift, so the next 'swift build' includes it.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(name: [.customShort("m"), .customLong("message")], help: "What the revision does.") var message: String
    @Option(name: .customLong("rev-id"), help: "The revision id (default: 12 random hex digits).") var revID: String?
    @Option(help: "The revision to follow: a head (default: head), LABEL@head, or 'base' for a new base.") var head: String?
    @Flag(help: "Allow --head to name a revision that is not a head (starts a new branch).") var splice = false
    @Option(name: .customLong("branch-label"), help: "A branch label for the new revision; may be repeated.") var branchLabels: [String] = []
    @Option(name: .customLong("depends-on"), help: "A revision the new one depends on; may be repeated.") var dependsOn: [String] = []
    @Flag(help: "Fill the revision with the difference between the models and the database.") var autogenerate = false
    @Flag(name: .customLong("allow-empty"), help: "With --autogenerate, write a revision even when nothing changed.") var allowEmpty = false

    func run() throws {
        let context = try root.context()
        if autogenerate {
            guard let path = try context.autogenerateRevision(
                message: message, revID: revID, head: head ?? "head", splice: splice, branchLabels: branchLabels,
                dependsOn: dependsOn, allowEmpty: allowEmpty)
            else { return }
            Out.line(path)
            return
        }
        let path = try context.createRevision(
            message: message, revID: revID, head: head ?? "head", splice: splice, branchLabels: branchLabels, dependsOn: dependsOn)
        Out.line(path)
    }
}

/// `merge -m MSG REV REV…`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Create a revision that merges the given revisions (e.g. 'heads').")

    @ParentCommand var root: VDIDBManageCommand
    @Option(name: [.customShort("m"), .customLong("message")], help: "What the merge is for.") var message: String
    @Option(name: .customLong("rev-id"), help: "The revision id (default: 12 random hex digits).") var revID: String?
    @Option(name: .customLong("branch-label"), help: "A branch label for the merge revision.") var branchLabels: [String] = []
    @Argument(help: ArgumentHelp("The revisions to merge ('heads' for all heads).", valueName: "rev")) var revisions: [String] = []

    func validate() throws {
        if revisions.isEmpty { throw ValidationError("merge needs the revisions to merge (for example 'heads')") }
    }

    func run() throws {
        let path = try root.context().merge(message: message, revisions: revisions, revID: revID, branchLabels: branchLabels)
        Out.line(path)
    }
}

/// `check_migration`: the CI gate.
struct CheckMigrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check_migration",
        abstract: "Fail unless the history has one head per branch, labelled branch points, every script registered, unique ids and resolving milestones.")

    @ParentCommand var root: VDIDBManageCommand

    func run() throws {
        let context = try root.context()
        let problems = try context.checkMigration()
        if problems.isEmpty {
            let graph = try context.repository.graph()
            Out.line("OK: \(graph.count) revisions, heads: \(graph.ids(graph.heads).joined(separator: ", "))")
            return
        }
        for p in problems.dropLast() { context.logger.error("\(p.message)") }
        throw CheckFailed(message: problems.last!.message + (problems.count > 1 ? " (and \(problems.count - 1) more above)" : ""))
    }
}

struct CheckFailed: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `check`: exit 0 when the models and the database agree, 1 with each difference listed when not.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare the models with the database; exit 1 and list the differences if they differ.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let differences = try root.context().diff()
        switch format {
        case .json: try Out.json(differences.map(\.report))
        case .text:
            if differences.isEmpty { Out.line("No differences: the database matches the models.") }
            for d in differences { Out.line("- " + d.summary + (d.isDestructive ? " (destructive)" : "")) }
        }
        if !differences.isEmpty {
            throw CheckFailed(message: "\(differences.count) difference(s) between the models and the database")
        }
    }
}
