import ArgumentParser
import MigrationKit

/// `version_control`: sqlalchemy-migrate's command that puts a database under version control.
struct VersionControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version_control",
        abstract: "sqlalchemy-migrate's 'version_control': put the database under version control.",
        discussion: """
            On a database sqlalchemy-migrate managed it is 'stamp --from-migrate' (the revision its \
            migrate_version is); otherwise it records REV (default: base, an empty version table). A \
            database already under version control is refused, as sqlalchemy-migrate refuses it.
            """)

    @ParentCommand var root: VDIDBManageCommand
    @Argument(help: ArgumentHelp("The revision to record (default: base).", valueName: "rev")) var revision: String?

    func run() throws {
        // A revision given: the repositories that know it (an unknown one is an error).
        let contexts = try revision.map { try RepositorySelection(root.contexts(defaultAll: true)).knowing($0).contexts } ?? root.contexts(defaultAll: true)
        for context in contexts { try context.versionControl(revision) }
    }
}
