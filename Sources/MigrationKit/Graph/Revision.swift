/// One revision of a migration history: where it sits in the graph and what it does.
///
/// Revision scripts are usually ``MigrationScript`` types; tests and benchmarks may build
/// revisions directly with closures.
public struct Revision: Sendable {
    /// The revision id, as stored in the version table (at most 32 characters there).
    public let id: String
    /// The revisions this one follows (Alembic's `down_revision`): none for a base, several for a merge.
    public let parents: [String]
    /// Revisions that must be applied first without being parents (Alembic's `depends_on`).
    public let dependsOn: [String]
    /// Names for the branch this revision starts (Alembic's `branch_labels`).
    public let branchLabels: [String]
    /// Release names that end at this revision (`juno`, `kilo`, …); usable as targets.
    public let milestones: [String]
    /// The one-line description.
    public let message: String
    /// When the revision was written, as text (`2026-11-21 17:40:00`), if known.
    public let createDate: String?
    /// The Swift type that declares it, if any.
    public let scriptType: (any MigrationScript.Type)?
    /// An expand revision that blocks writes on an existing table on some database (an index built
    /// without CONCURRENTLY, a rewrite) says so here, or the gate fails it.
    public let acceptsBlockingWrites: Bool
    /// The name of that type. Computed on demand: naming a type demangles it, and a tool with
    /// thousands of revisions should not pay that at every start.
    public var typeName: String? { scriptType.map { String(describing: $0) } }
    /// Runs the schema changes forward.
    public let upgrade: @Sendable (Operations) throws -> Void
    /// Reverses them.
    public let downgrade: @Sendable (Operations) throws -> Void
    /// Checks, before a run starts, that the revision can run in a direction on a dialect (an SQL-file
    /// revision has a file for it); throws if not.
    public let validate: @Sendable (any Dialect, MigrationStep.Direction) throws -> Void

    public init(
        id: String, parents: [String] = [], dependsOn: [String] = [], branchLabels: [String] = [],
        milestones: [String] = [], message: String = "", createDate: String? = nil, scriptType: (any MigrationScript.Type)? = nil,
        acceptsBlockingWrites: Bool = false,
        upgrade: @escaping @Sendable (Operations) throws -> Void = { _ in },
        downgrade: @escaping @Sendable (Operations) throws -> Void = { _ in },
        validate: @escaping @Sendable (any Dialect, MigrationStep.Direction) throws -> Void = { _, _ in }
    ) {
        self.validate = validate
        self.id = id
        self.parents = parents
        self.dependsOn = dependsOn
        self.branchLabels = branchLabels
        self.milestones = milestones
        self.message = message
        self.createDate = createDate
        self.scriptType = scriptType
        self.acceptsBlockingWrites = acceptsBlockingWrites
        self.upgrade = upgrade
        self.downgrade = downgrade
    }
}

/// A revision written as a Swift type, one per file in a migrations directory.
///
/// `upgrade` and `downgrade` must act only through `op`: they also run with `--sql` (into a script)
/// and, on MySQL/MariaDB, once as a dry run before the real run, to refuse bad names before anything
/// is committed.
///
/// ```swift
/// struct Revision_1a2b3c4d5e6f: MigrationScript {
///     static let id = "1a2b3c4d5e6f"
///     static let parents = ["0f9e8d7c6b5a"]
///     static let message = "add pool quota"
///
///     func upgrade(_ op: Operations) throws {
///         try op.execute("ALTER TABLE pools ADD COLUMN quota INTEGER")
///     }
///
///     func downgrade(_ op: Operations) throws {
///         try op.execute("ALTER TABLE pools DROP COLUMN quota")
///     }
/// }
/// ```
public protocol MigrationScript: Sendable {
    static var id: String { get }
    static var parents: [String] { get }
    static var dependsOn: [String] { get }
    static var branchLabels: [String] { get }
    static var milestones: [String] { get }
    static var message: String { get }
    static var createDate: String? { get }
    /// See ``Revision/acceptsBlockingWrites``.
    static var acceptsBlockingWrites: Bool { get }
    init()
    func upgrade(_ op: Operations) throws
    func downgrade(_ op: Operations) throws
    /// Throws when the revision cannot run in `direction` on `dialect`; called before a run starts.
    static func validate(for dialect: any Dialect, direction: MigrationStep.Direction) throws
}

extension MigrationScript {
    public static var dependsOn: [String] { [] }
    public static var branchLabels: [String] { [] }
    public static var milestones: [String] { [] }
    public static var createDate: String? { nil }
    public static var acceptsBlockingWrites: Bool { false }
    public static func validate(for dialect: any Dialect, direction: MigrationStep.Direction) throws {}

    /// The revision value the graph works with.
    public static var revision: Revision {
        Revision(
            id: id, parents: parents, dependsOn: dependsOn, branchLabels: branchLabels, milestones: milestones,
            message: message, createDate: createDate, scriptType: Self.self, acceptsBlockingWrites: acceptsBlockingWrites,
            upgrade: { op in try Self().upgrade(op) }, downgrade: { op in try Self().downgrade(op) },
            validate: { d, direction in try Self.validate(for: d, direction: direction) })
    }
}
