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
    @Flag(name: .customLong("allow-behind"), help: "With --autogenerate, compare even when the database is not at the revision the new one follows.") var allowBehind = false
    @Flag(name: .customLong("sql-files"), help: "Write the revision as SQL files (upgrade.sql, downgrade.sql, per-dialect variants beside them).") var sqlFiles = false
    @Flag(help: "In a history with phases: follow the expand branch's head only (neutron's flag; the same as --head expand@head). Without --expand or --contract a history with phases gets both an expand and a contract revision, as neutron-db-manage writes them.") var expand = false
    @Flag(help: "In a history with phases: follow the contract branch's head only (neutron's flag).") var contract = false

    func validate() throws {
        if sqlFiles && autogenerate { throw ValidationError("--sql-files and --autogenerate do not go together") }
        if expand && contract { throw ValidationError("give --expand or --contract, not both") }
        if (expand || contract) && head != nil { throw ValidationError("--expand and --contract choose the head themselves: leave out --head") }
        if (expand || contract) && autogenerate {
            throw ValidationError("--autogenerate splits a change into an expand and a contract revision itself: leave out --expand and --contract")
        }
    }

    /// The revisions the new ones follow: --head, the phase head --expand or --contract names, "head";
    /// or, in a history with phases and neither flag, both phase heads (neutron-db-manage writes an
    /// expand and a contract revision then).
    func followed(_ graph: RevisionGraph) throws -> [String] {
        if let head { return [head] }
        guard expand || contract else {
            if graph.hasPhases && graph.heads.count > 1 {
                if revID != nil { throw UsageError("this history has expand and contract heads, and --rev-id names one revision: give --expand or --contract with it") }
                return try [phaseHead(.expand, graph), phaseHead(.contract, graph)]
            }
            return ["head"]
        }
        return [try phaseHead(expand ? .expand : .contract, graph)]
    }

    func phaseHead(_ phase: MigrationPhase, _ graph: RevisionGraph) throws -> String {
        let heads = graph.phaseHeads(phase)
        guard heads.count == 1 else {
            throw UsageError(heads.isEmpty
                ? "this history has no \(phase.rawValue) branch (a branch labelled '\(phase.rawValue)' or '<release>_\(phase.rawValue)')"
                : "the \(phase.rawValue) branch has \(heads.count) heads (\(graph.ids(heads).joined(separator: ", "))): merge them first")
        }
        return graph.revision(heads[0]).id
    }

    func run() throws {
        let context = try root.context()
        let heads = autogenerate ? [self.head ?? "head"] : try followed(context.repository.graph())
        let head = heads[0]
        if autogenerate {
            guard let path = try context.autogenerateRevision(
                message: message, revID: revID, head: head, splice: splice, branchLabels: branchLabels,
                dependsOn: dependsOn, allowEmpty: allowEmpty, allowBehind: allowBehind)
            else { return }
            Out.line(path)
            return
        }
        for head in heads {
            let path = try context.createRevision(
                message: message, revID: revID, head: head, splice: splice, branchLabels: branchLabels, dependsOn: dependsOn,
                sqlFiles: sqlFiles)
            Out.line(path)
        }
    }
}
