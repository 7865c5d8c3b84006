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
            REV+N, REV-N, LABEL@head or LABEL@REV. Exit status: 0 success, 1 the operation failed, 2 usage \
            or configuration error.
            """,
        version: VDIDBManageVersion.string,
        subcommands: [
            UpgradeCommand.self, DowngradeCommand.self, StampCommand.self,
            CurrentCommand.self, VersionCommand.self, HistoryCommand.self, HeadsCommand.self,
            BranchesCommand.self, ShowCommand.self, InspectCommand.self,
            RevisionCommand.self, MergeCommand.self,
            CheckCommand.self, CheckMigrationCommand.self, CheckConnectionCommand.self,
        ]
    )

    public init() {}

    @Option(name: .customLong("config-file"), help: ArgumentHelp(
        "An oslo.config-style file; may be repeated, later files win.", valueName: "path"))
    var configFiles: [String] = []

    @Option(name: .customLong("config-dir"), help: ArgumentHelp(
        "Read DIR/*.conf in sorted order after the --config-file files; may be repeated.", valueName: "dir"))
    var configDirs: [String] = []

    @Option(name: .customLong("database-connection"), help: ArgumentHelp(
        "Database URL; overrides the config files and OS_DATABASE__CONNECTION.", valueName: "url"))
    var databaseConnection: String?

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

    /// The context for a command: settings, the repository, real connections, the logger.
    func context() throws -> MigrationContext {
        let settings = try loadSettings()
        guard let repository = CLIRepositories.all.first else {
            throw UsageError("this build has no migration repository")
        }
        return MigrationContext(repository: repository, settings: settings, connector: NativeConnector(), logger: makeLogger())
    }

    /// Parses the command line, runs the command and exits with its status.
    public static func main(repositories: [MigrationRepository]) -> Never {
        CLIRepositories.all = repositories
        let code: Int32
        do {
            var command = try parseAsRoot()
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
}
