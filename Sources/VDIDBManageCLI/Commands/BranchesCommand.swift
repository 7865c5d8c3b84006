import ArgumentParser
import MigrationKit

/// `branches [--verbose]`.
struct BranchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "branches", abstract: "Show the branch points and where they lead.")

    @ParentCommand var root: VDIDBManageCommand
    @Flag(name: .shortAndLong, help: "Show each revision in full.") var verbose = false

    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        try Out.perRepository(try root.contexts(defaultAll: true), format: format, { try $0.branches() }, lines: { context, branches in
            let graph = try context.repository.graph()
            return branches.map { b in
                ([verbose ? b.verbose : b.tagged] + b.children.compactMap(graph.indexOf).map { i in
                    let c = graph.report(i)
                    return "            -> \(c.tagged)" + (c.message.isEmpty ? "" : ", \(c.message)")
                }).joined(separator: "\n")
            }
        })
    }
}
