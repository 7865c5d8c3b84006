/// The repositories one command works on, together (neutron's subprojects): which ones a target
/// concerns, relative steps across them, the order they move in, and `--resume` over several. The
/// command line only parses and prints; this is where a run over several repositories is decided, so
/// it is tested in-process.
///
/// The contexts are in installation order, the main repository first: upgrades and stamps go in that
/// order, downgrades in reverse.
public struct RepositorySelection {
    public var contexts: [MigrationContext]

    public init(_ contexts: [MigrationContext]) {
        self.contexts = contexts
    }

    public var names: [String] { contexts.map(\.repository.name) }

    /// The revision that decides which repositories a target is for: of a `FROM:TO` range, the side
    /// that names a revision (`juno` in `juno:head`), else the target itself.
    public static func deciding(_ target: String) -> String {
        let sides = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard sides.count > 1 else { return target }
        return sides.first { !$0.isEmpty && !["base", "head", "heads"].contains($0) } ?? sides.last ?? target
    }

    /// The repositories `target` concerns: every one for heads, base and relative steps; for a named
    /// revision or milestone, those whose history knows it (none knowing it is the first one's error).
    public func knowing(_ target: String) throws -> RepositorySelection {
        let decided = Self.deciding(target)
        guard contexts.count > 1 else { return self }
        if ["base", "head", "heads"].contains(decided) || RevisionGraph.splitRelative(decided).map({ $0.0.isEmpty }) == true {
            return self
        }
        var firstError: (any Error)?
        let knowing = contexts.filter { c in
            do {
                _ = try c.repository.graph().resolve(decided, current: [])
                return true
            } catch {
                if firstError == nil { firstError = error }
                return false
            }
        }
        if knowing.isEmpty, let firstError { throw firstError }
        return RepositorySelection(knowing)
    }

    /// The repositories a run to `target` moves. A relative step over several repositories moves each
    /// one that can move: one already at the end (at its heads going up, at base going down) is left
    /// with a line saying so. Every repository is resolved before any moves, so a step that is
    /// ambiguous or too long for one of them moves none.
    public func movable(to target: String, up: Bool, offline: Bool) throws -> RepositorySelection {
        guard contexts.count > 1, !offline, RevisionGraph.splitRelative(target)?.0.isEmpty == true else { return self }
        return RepositorySelection(try contexts.filter { context in
            // A database that cannot be read yet (no SQLite file) is for the run itself to report.
            let current: [Int]
            do { current = try context.currentIndices() } catch { return true }
            do {
                _ = try context.repository.graph().resolve(target, current: current)
                return true
            } catch RevisionGraphError.relativeOutOfRange(_, _, 0) {
                context.logger.info("\(context.repository.name): \(up ? "at its head(s) already, nothing to upgrade" : "at base already, nothing to downgrade")")
                return false
            } catch {
                throw InRepository(repository: context.repository.name, underlying: error)
            }
        })
    }

    /// Before a run over several repositories moves any: a database whose version table holds
    /// revisions none of these histories has is refused (see ``MigrationContext/refuseForeignVersionRows()``).
    func refuseForeignVersionRows(offline: Bool) throws {
        if contexts.count > 1 && !offline { for c in contexts { try c.refuseForeignVersionRows() } }
    }

    /// Which repositories `--resume` applies to: over several, those a stopped run left a revision
    /// unfinished in (the others simply run); none such is an error.
    func resumes(_ resume: Bool, offline: Bool) throws -> [Bool] {
        guard resume && contexts.count > 1 && !offline else { return contexts.map { _ in resume } }
        let unfinished = try contexts.map { try $0.hasUnfinishedRevision() }
        if !unfinished.contains(true) { throw MigrationError.nothingToResume }
        return unfinished
    }

    /// `upgrade TARGET` over the selection (a relative step moves each repository that can move).
    public func upgrade(to target: String, mode: RunMode = .online, resume: Bool = false) throws {
        let run = try knowing(target).movable(to: target, up: true, offline: mode.isOffline)
        try run.refuseForeignVersionRows(offline: mode.isOffline)
        let resumes = try run.resumes(resume, offline: mode.isOffline)
        for (context, resume) in zip(run.contexts, resumes) {
            if run.contexts.count > 1 { context.logger.info("Running upgrade for \(context.repository.name)") }
            try context.upgrade(to: target, mode: mode, resume: resume)
        }
    }

    /// `downgrade TARGET` over the selection, the last installed repository first.
    public func downgrade(to target: String, mode: RunMode = .online, resume: Bool = false) throws {
        let run = try knowing(target).movable(to: target, up: false, offline: mode.isOffline)
        try run.refuseForeignVersionRows(offline: mode.isOffline)
        let resumes = try run.resumes(resume, offline: mode.isOffline)
        for (context, resume) in zip(run.contexts, resumes).reversed() {
            if run.contexts.count > 1 { context.logger.info("Running downgrade for \(context.repository.name)") }
            try context.downgrade(to: target, mode: mode, resume: resume)
        }
    }

    /// `upgrade --expand` / `--contract`: every repository whose history has phases, the main one first.
    public func upgrade(phase: MigrationPhase, mode: RunMode = .online) throws {
        let phased = contexts.filter { (try? $0.repository.graph().hasPhases) == true }
        guard let first = contexts.first else { return }
        if phased.isEmpty { throw MigrationError.noPhase(phase: phase.rawValue, repository: first.repository.name) }
        for context in phased {
            if phased.count > 1 { context.logger.info("Running upgrade --\(phase.rawValue) for \(context.repository.name)") }
            try context.upgrade(phase: phase, mode: mode)
        }
    }

    /// `stamp TARGET` over the repositories that know it ('stamp icehouse' is the core's).
    public func stamp(_ target: String, purge: Bool = false, mode: RunMode = .online) throws {
        let run = try knowing(target)
        if !purge { try run.refuseForeignVersionRows(offline: mode.isOffline) }
        for context in run.contexts {
            if run.contexts.count > 1 { context.logger.info("Stamping \(context.repository.name)") }
            try context.stamp(target, purge: purge, mode: mode)
        }
    }
}

/// An error of one of several repositories a command works on, named by it; nothing has moved.
public struct InRepository: Error, CustomStringConvertible {
    public var repository: String
    public var underlying: any Error
    public var description: String { "\(repository): \(underlying); no repository was moved" }
}
