import ArgumentParser
import MigrationKit

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
