import ArgumentParser
import Logging
import MigrationKit
import MigrationKitDrivers

#if canImport(Glibc)
import Glibc
#endif

/// The `vdi-db-manage` command: global options, then one subcommand.
public struct VDIDBManageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vdi-db-manage",
        abstract: "Upgrade, downgrade and inspect the VDI database schema.",
        discussion: """
            Reads the database URL from [database] connection in the --config-file files (oslo.config \
            style), OS_DATABASE__CONNECTION, or --database-connection. Revisions are named by id, unique \
            id prefix, branch label, release milestone (icehouse, juno, ...), head, heads, base, +N, -N, \
            REV+N, REV-N, LABEL@head or LABEL@REV. Without --subproject a command acts on every repository. \
            Exit status: 0 success, 1 the operation failed, 2 usage or configuration error, 130 (143, 129) \
            stopped by Ctrl-C (SIGTERM, SIGHUP) between two statements.
            """,
        version: VDIDBManageVersion.string,
        subcommands: [
            UpgradeCommand.self, DowngradeCommand.self, StampCommand.self,
            CurrentCommand.self, VersionCommand.self, HistoryCommand.self, HeadsCommand.self,
            BranchesCommand.self, ShowCommand.self, InspectCommand.self,
            RevisionCommand.self, MergeCommand.self, FreezeReleaseCommand.self,
            CheckCommand.self, CheckMigrationCommand.self, CheckConnectionCommand.self, HasOfflineMigrationsCommand.self, LintCommand.self, OnlineDataMigrationsCommand.self,
            DBVersionCommand.self, VersionControlCommand.self, BreakLockCommand.self,
        ]
    )

    public init() {}

    @Option(name: [.customShort("c"), .customLong("config-file")], help: ArgumentHelp(
        "An oslo.config-style file (or an alembic.ini: [alembic] sqlalchemy.url); may be repeated, later files win.", valueName: "path"))
    var configFiles: [String] = []

    @Option(name: .customLong("config-dir"), help: ArgumentHelp(
        "Read DIR/*.conf in sorted order after the --config-file files; may be repeated.", valueName: "dir"))
    var configDirs: [String] = []

    @Option(name: .customLong("database-connection"), help: ArgumentHelp(
        "Database URL; overrides the config files and OS_DATABASE__CONNECTION.", valueName: "url"))
    var databaseConnection: String?

    @Option(name: .customLong("subproject"), help: ArgumentHelp(
        "The migration repository: vdi, accounting, or all. Without it a command acts on every repository (a revision-specific one on those that know the revision).", valueName: "name"))
    var subproject: String?

    @Flag(name: .customLong("debug"), help: "Log every SQL statement to stderr.")
    var debug = false

    @Flag(name: .customLong("quiet"), help: "Log warnings and errors only.")
    var quiet = false

    /// Loads configuration from the global options and the environment.
    func loadSettings() throws -> Settings {
        var overrides: [ConfigEntry] = []
        if let url = databaseConnection {
            overrides.append(ConfigEntry(section: "database", key: "connection", value: url, origin: "--database-connection", line: nil))
        }
        let config = try Configuration.load(
            files: configFiles, directories: configDirs, environment: ProcessEnvironment.all, overrides: overrides)
        return try Settings(config)
    }

    func makeLogger() -> Logger {
        let level: Logger.Level = debug ? .debug : (quiet ? .warning : .info)
        var logger = Logger(label: "vdi-db-manage") { _ in StderrLogHandler() }
        logger.logLevel = level
        return logger
    }

    /// The context for a command that works on one repository (the selected one, else the main one).
    func context() throws -> MigrationContext {
        let all = try contexts(defaultAll: false)
        guard all.count == 1 else {
            throw UsageError("this command works on one repository at a time: give --subproject with one of \(CLIRepositories.names)")
        }
        return all[0]
    }

    /// The repositories a command with a target works on (``RepositorySelection/knowing(_:)``).
    func contexts(knowing target: String) throws -> [MigrationContext] {
        try RepositorySelection(contexts(defaultAll: true)).knowing(target).contexts
    }

    /// The contexts a command works on: the selected repository, every one for `all`, and with no
    /// selection the main one (or every one, when `defaultAll`).
    func contexts(defaultAll: Bool) throws -> [MigrationContext] {
        let settings = try loadSettings()
        let repositories = CLIRepositories.all
        guard !repositories.isEmpty else { throw UsageError("this build has no migration repository") }
        let selected = subproject ?? settings.subproject
        let chosen: [MigrationRepository]
        switch selected {
        case nil: chosen = defaultAll ? repositories : [repositories[0]]
        case "all": chosen = repositories
        case let name?:
            guard let r = repositories.first(where: { $0.name == name }) else {
                throw UsageError("unknown subproject '\(name)' (this build has \(CLIRepositories.names), or all)")
            }
            chosen = [r]
        }
        let logger = makeLogger()
        let progress = quiet ? nil : TerminalProgress.startIfTerminal()
        return chosen.map { r in
            var c = MigrationContext(
                repository: r, settings: settings, connector: NativeConnector(), logger: logger,
                siblings: repositories.filter { $0.name != r.name }, isPrimary: r.name == repositories[0].name)
            c.display = progress
            return c
        }
    }

    /// Parses the command line, runs the command and exits with its status.
    public static func main(repositories: [MigrationRepository]) -> Never {
        CLIRepositories.all = repositories
        // Ctrl-C stops a run between statements (progress recorded, lock released); twice, at once.
        Interruption.install()
        let code: Int32
        do {
            var command = try parseAsRoot(AlembicSpellings.normalize(Array(CommandLine.arguments.dropFirst())))
            try command.run()
            code = 0
        } catch {
            code = ErrorReporter.report(error, command: self)
        }
        Glibc.exit(code)
    }
}

/// The repositories this executable was built with; set once in `main` before anything else runs.
enum CLIRepositories {
    nonisolated(unsafe) static var all: [MigrationRepository] = []
    static var names: String { all.map(\.name).joined(separator: ", ") }
}
