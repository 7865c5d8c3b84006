import ArgumentParser
import MigrationKit

/// `inspect --format json|swift`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the live database's schema as JSON, or as model declarations in the Swift DSL.",
        discussion: "--format swift gives a team a starting point for models of an existing database.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, swift }

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: json or swift.") var format: Format = .json

    func run() throws {
        let schema = try root.context().inspect()
        switch format {
        case .json: Out.raw(OrderedJSON.schema(schema))
        case .swift: Out.raw(SwiftSource.schema(schema))
        }
    }
}
