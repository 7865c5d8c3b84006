import ArgumentParser
import MigrationKit

/// `revision -m MSG [...]`: a new, blank revision script.
struct RevisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revision", abstract: "Create a new revision script and register it.",
        discussion: "Writes Versions/<id>_<message>.swift under the migrations source directory and adds it to Registry.swift, so the next 'swift build' includes it.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(name: [.customShort("m"), .customLong("message")], help: "What the revision does.") var message: String
    @Option(name: .customLong("rev-id"), help: "The revision id (default: 12 random hex digits).") var revID: String?
    @Option(help: "The revision to follow: a head (default: head), LABEL@head, or 'base' for a new base.") var head: String?
    @Flag(help: "Allow --head to name a revision that is not a head (starts a new branch).") var splice = false
    @Option(name: .customLong("branch-label"), help: "A branch label for the new revision; may be repeated.") var branchLabels: [String] = []
    @Option(name: .customLong("depends-on"), help: "A revision the new one depends on; may be repeated.") var dependsOn: [String] = []
    @Flag(help: "Fill the revision with the difference between the models and the database.") var autogenerate = false
    @Flag(name: .customLong("allow-empty"), help: "With --autogenerate, write a revision even when nothing changed.") var allowEmpty = false
    @Flag(name: .customLong("allow-behind"), help: "With --autogenerate, compare even when the database is not at the revision the new one follows.") var allowBehind = false
    @Flag(name: .customLong("sql-files"), help: "Write the revision as SQL files (upgrade.sql, downgrade.sql, per-dialect variants beside them).") var sqlFiles = false
    @Flag(help: "In a history with phases: follow the expand branch's head only (neutron's flag; the same as --head expand@head). Without --expand or --contract a history with phases gets both an expand and a contract revision, as neutron-db-manage writes them.") var expand = false
    @Flag(help: "In a history with phases: follow the contract branch's head only (neutron's flag).") var contract = false

    func validate() throws {
        if sqlFiles && autogenerate { throw ValidationError("--sql-files and --autogenerate do not go together") }
        if expand && contract { throw ValidationError("give --expand or --contract, not both") }
        if (expand || contract) && head != nil { throw ValidationError("--expand and --contract choose the head themselves: leave out --head") }
        if (expand || contract) && autogenerate {
            throw ValidationError("--autogenerate splits a change into an expand and a contract revision itself: leave out --expand and --contract")
        }
    }

    /// The revisions the new ones follow: --head, the phase head --expand or --contract names, "head";
    /// or, in a history with phases and neither flag, both phase heads (neutron-db-manage writes an
    /// expand and a contract revision then).
    func followed(_ graph: RevisionGraph) throws -> [String] {
        if let head { return [head] }
        guard expand || contract else {
            if graph.hasPhases && graph.heads.count > 1 {
                if revID != nil { throw UsageError("this history has expand and contract heads, and --rev-id names one revision: give --expand or --contract with it") }
                return try [phaseHead(.expand, graph), phaseHead(.contract, graph)]
            }
            return ["head"]
        }
        return [try phaseHead(expand ? .expand : .contract, graph)]
    }

    func phaseHead(_ phase: MigrationPhase, _ graph: RevisionGraph) throws -> String {
        let heads = graph.phaseHeads(phase)
        guard heads.count == 1 else {
            throw UsageError(heads.isEmpty
                ? "this history has no \(phase.rawValue) branch (a branch labelled '\(phase.rawValue)' or '<release>_\(phase.rawValue)')"
                : "the \(phase.rawValue) branch has \(heads.count) heads (\(graph.ids(heads).joined(separator: ", "))): merge them first")
        }
        return graph.revision(heads[0]).id
    }

    func run() throws {
        let context = try root.context()
        let heads = autogenerate ? [self.head ?? "head"] : try followed(context.repository.graph())
        let head = heads[0]
        if autogenerate {
            guard let path = try context.autogenerateRevision(
                message: message, revID: revID, head: head, splice: splice, branchLabels: branchLabels,
                dependsOn: dependsOn, allowEmpty: allowEmpty, allowBehind: allowBehind)
            else { return }
            Out.line(path)
            return
        }
        for head in heads {
            let path = try context.createRevision(
                message: message, revID: revID, head: head, splice: splice, branchLabels: branchLabels, dependsOn: dependsOn,
                sqlFiles: sqlFiles)
            Out.line(path)
        }
    }
}

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

/// `check_migration`: the CI gate.
struct CheckMigrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check_migration",
        abstract: "Fail unless the history has one head per branch, labelled branch points, every script registered, unique ids, resolving milestones and sound expand/contract phases.",
        discussion: "With a database configured, also warns when an applied revision's script now renders different SQL than when it ran (the ledger's checksums).")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    /// What `check_migration --format json` prints for a repository.
    struct Report: Encodable {
        var ok: Bool
        var revisions: Int
        var heads: [String]
        var problems: [Problem]
        struct Problem: Encodable { var kind: String; var message: String }
    }

    /// With a database configured, warns about applied revisions whose scripts render different SQL
    /// now than when they ran (the ledger's checksums); a database that cannot be reached is said once.
    static func warnChangedScripts(_ contexts: [MigrationContext]) {
        guard let context = contexts.first, context.settings.url != nil else { return }
        for c in contexts {
            do {
                for w in try c.checksumWarnings() { c.logger.warning("\(contexts.count > 1 ? "\(c.repository.name): " : "")\(w)") }
            } catch {
                c.logger.warning("could not compare applied revisions with their scripts: \(error)")
                return
            }
        }
    }

    func run() throws {
        let contexts = try root.contexts(defaultAll: true)
        Self.warnChangedScripts(contexts)
        if format == .json {
            var failed = 0
            try Out.perRepository(contexts, format: .json, { context -> Report in
                let found = try context.checkMigration()
                failed += found.count
                let graph = try? context.repository.graph()
                return Report(ok: found.isEmpty, revisions: graph?.count ?? context.repository.revisions.count,
                              heads: graph.map { $0.ids($0.heads) } ?? [], problems: found.map { .init(kind: $0.kind.rawValue, message: $0.message) })
            }, lines: { _, _ in [] })
            if failed > 0 { throw CheckFailed(message: "\(failed) problem(s) in the history") }
            return
        }
        var problems: [(MigrationContext, MigrationCheckProblem)] = []
        for context in contexts {
            let found = try context.checkMigration()
            let prefix = contexts.count > 1 ? "\(context.repository.name): " : ""
            if found.isEmpty {
                let graph = try context.repository.graph()
                Out.line("\(prefix)OK: \(graph.count) revisions, heads: \(graph.ids(graph.heads).joined(separator: ", "))")
            }
            problems += found.map { (context, $0) }
        }
        guard let last = problems.last else { return }
        func text(_ p: (MigrationContext, MigrationCheckProblem)) -> String { (contexts.count > 1 ? "\(p.0.repository.name): " : "") + p.1.message }
        for p in problems.dropLast() { p.0.logger.error("\(text(p))") }
        throw CheckFailed(message: text(last) + (problems.count > 1 ? " (and \(problems.count - 1) more above)" : ""))
    }
}

struct CheckFailed: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `check`: exit 0 when the models and the database agree, 1 with each difference listed when not.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare the models with the database; exit 1 and list the differences if they differ.")

    @ParentCommand var root: VDIDBManageCommand
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let contexts = try root.contexts(defaultAll: false)
        var total = 0
        var reports: [String: [SchemaDifferenceReport]] = [:]
        for context in contexts {
            let differences = try context.diff()
            total += differences.count
            reports[context.repository.name] = differences.map(\.report)
            if format == .text {
                let prefix = contexts.count > 1 ? "\(context.repository.name): " : ""
                if differences.isEmpty { Out.line("\(prefix)No differences: the database matches the models.") }
                for d in differences { Out.line("- " + prefix + d.summary + (d.isDestructive ? " (destructive)" : "")) }
            }
        }
        if format == .json {
            if contexts.count == 1 { try Out.json(reports[contexts[0].repository.name] ?? []) } else { try Out.json(reports) }
        }
        if total > 0 {
            throw CheckFailed(message: "\(total) difference(s) between the models and the database")
        }
    }
}
