import ArgumentParser
import MigrationKit

/// `version_control`: sqlalchemy-migrate's command that puts a database under version control.
struct VersionControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version_control",
        abstract: "sqlalchemy-migrate's 'version_control': put the database under version control.",
        discussion: """
            On a database sqlalchemy-migrate managed it is 'stamp --from-migrate' (the revision its \
            migrate_version is); otherwise it records REV (default: base, an empty version table).
            """)

    @ParentCommand var root: VDIDBManageCommand
    @Argument(help: ArgumentHelp("The revision to record (default: base).", valueName: "rev")) var revision: String?

    func run() throws {
        // A revision given: the repositories that know it (an unknown one is an error).
        if let revision {
            for context in try RepositorySelection(root.contexts(defaultAll: true)).knowing(revision).contexts { try context.stamp(revision) }
            return
        }
        for context in try root.contexts(defaultAll: true) {
            if !context.repository.migrateVersions.isEmpty, try context.migrateVersion() != nil {
                try context.stampFromMigrate()
            } else {
                try context.stamp("base")
            }
        }
    }
}
