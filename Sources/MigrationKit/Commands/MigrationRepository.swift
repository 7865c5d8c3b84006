/// One migration history: its revisions, where its scripts live, and the milestones it promises.
///
/// VDI has a core repository; plugins and optional parts may add their own, each with its own
/// version table.
public struct MigrationRepository: Sendable {
    /// A short name (`vdi`), used in messages and to select the repository.
    public let name: String
    /// The revisions, as declared (the graph is built and validated from these): the frozen releases'
    /// and then the release in development's.
    public let revisions: [Revision]
    /// Frozen releases, oldest first: modules of their own (`freeze_release`), each with its folder.
    public let releases: [MigrationRelease]
    /// The version table this repository uses when the configuration does not name one.
    public let defaultVersionTable: String
    /// The directory holding `Registry.swift` and `Versions/` of the release in development, relative to
    /// the project root; new revisions are written here.
    public let sourceDirectory: String
    /// The Swift type that holds the registry (`VDIMigrations`), for generated code.
    public let registryType: String
    /// Release milestones that must resolve, oldest first (`icehouse`, `juno`, …).
    public let expectedMilestones: [String]
    /// The declared models the head of this history must match (autogenerate and `check`).
    public private(set) var models: Schema?
    /// For a database sqlalchemy-migrate managed before this history existed: which revision each
    /// `migrate_version` version number is (`45: "icehouse"`).
    public let migrateVersions: [Int: String]
    /// Online data migrations, run between expand and contract (`online_data_migrations`).
    public let dataMigrations: [DataMigration]

    public init(
        name: String, revisions: [Revision], releases: [MigrationRelease] = [], defaultVersionTable: String = "alembic_version",
        sourceDirectory: String, registryType: String, expectedMilestones: [String] = [], models: Schema? = nil,
        migrateVersions: [Int: String] = [:], dataMigrations: [DataMigration] = []
    ) {
        self.dataMigrations = dataMigrations
        self.models = models
        self.migrateVersions = migrateVersions
        self.name = name
        self.revisions = releases.flatMap(\.revisions) + revisions
        self.releases = releases
        self.defaultVersionTable = defaultVersionTable
        self.sourceDirectory = sourceDirectory
        self.registryType = registryType
        self.expectedMilestones = expectedMilestones
    }

    /// The same repository compared with `models`.
    public func with(models: Schema) -> MigrationRepository {
        var copy = self
        copy.models = models
        return copy
    }

    /// The validated graph.
    public func graph() throws -> RevisionGraph { try RevisionGraph(revisions) }
}
