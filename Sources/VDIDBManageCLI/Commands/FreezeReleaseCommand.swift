import ArgumentParser
import MigrationKit

/// `freeze_release NAME`: the release in development becomes a module of its own.
struct FreezeReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze_release",
        abstract: "Move the release in development's revisions into a module of their own, so new revisions build in seconds.",
        discussion: """
            Moves Versions/ of the history's source folder (Sources/Migrations) to \
            Sources/MigrationsReleases/NAME/, writes its registry (module Migrations_NAME), declares the module in \
            Package.swift and lists it in the history's registry. The revisions and the graph do not \
            change. Run it when a release ships (for example after tagging its milestone), then rebuild.
            """)

    @ParentCommand var root: VDIDBManageCommand
    @Argument(help: ArgumentHelp("The release's name, a Swift identifier (for example Newton).", valueName: "name")) var name: String

    func run() throws {
        Out.line(try root.context().freezeRelease(name))
    }
}
