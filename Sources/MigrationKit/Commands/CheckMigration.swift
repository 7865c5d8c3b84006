/// One reason `check_migration` fails.
public struct MigrationCheckProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case invalidGraph, multipleHeads, unlabelledBranchPoint, unregisteredScript, missingScript
        case duplicateID, unresolvedMilestone, milestoneOrder, idTooLong
        case phaseViolation, phaseStructure, phaseCost
    }
    public var kind: Kind
    public var message: String
    public var description: String { message }
}

/// Whether some revision descends from every one of `starts`: their branches meet again in a merge.
func merged(_ starts: [Int], in graph: RevisionGraph) -> Bool {
    var common = graph.descendants(of: [starts[0]])
    for s in starts.dropFirst() {
        let d = graph.descendants(of: [s])
        for i in common.indices where common[i] && !d[i] { common[i] = false }
    }
    return common.contains(true)
}

extension MigrationContext {
    /// `check_migration`: the rules a history must keep before it ships.
    ///
    /// - one head per branch (per branch label, plus one for the unlabelled line);
    /// - no unlabelled branch point: where the history forks (or several bases start), all but one
    ///   of the new lines carry a branch label;
    /// - every script in `Versions/` is registered and every registered revision has a script, in the
    ///   release in development and in each frozen release (checked where the folder is present);
    /// - ids unique and at most 32 characters (the version column's width);
    /// - every expected release milestone resolves, in release order.
    public func checkMigration() throws -> [MigrationCheckProblem] {
        var problems: [MigrationCheckProblem] = []
        let revisions = repository.revisions
        var seen: [String: Int] = [:]
        for r in revisions {
            seen[r.id, default: 0] += 1
            if r.id.utf8.count > VersionTable.idLength {
                problems.append(.init(kind: .idTooLong, message: "revision id '\(r.id)' is \(r.id.utf8.count) characters; the version column holds \(VersionTable.idLength)"))
            }
        }
        for (id, n) in seen.sorted(by: { $0.key < $1.key }) where n > 1 {
            problems.append(.init(kind: .duplicateID, message: "revision id '\(id)' is declared \(n) times"))
        }

        // Each folder's files against the build: the release in development's and every frozen release's.
        let registered = Set(revisions.map(\.id))
        var frozen: [String: String] = [:]
        for release in repository.releases { for r in release.revisions { frozen[r.id] = release.sourceDirectory } }
        let folders = [(scriptWriter, revisions.filter { frozen[$0.id] == nil })]
            + repository.releases.map { (ScriptWriter(directory: $0.sourceDirectory, registryType: ""), $0.revisions) }
        for (writer, own) in folders {
            let scripts = try writer.scannedScripts()
            guard !scripts.isEmpty || FileSystem.exists(writer.versionsDirectory) else { continue }
            let files = Dictionary(scripts.map { ($0.id, $0.path) }, uniquingKeysWith: { a, _ in a })
            let registryText = FileSystem.text(writer.registryPath) ?? ""
            for (id, path) in scripts.sorted(by: { $0.path < $1.path }) where !registered.contains(id) {
                let typeName = ScriptWriter.typeName(for: id)
                let message = registryText.contains("\(typeName).self")
                    ? "\(path) declares revision '\(id)', which \(writer.registryPath) lists but this build does not include: rebuild"
                    : "\(path) declares revision '\(id)', which is not registered: add \(typeName).self to \(writer.registryPath)"
                problems.append(.init(kind: .unregisteredScript, message: message))
            }
            for r in own where files[r.id] == nil {
                problems.append(.init(kind: .missingScript, message: "revision '\(r.id)' is registered but no file in \(writer.versionsDirectory) declares it"))
            }
        }

        let graph: RevisionGraph
        do {
            graph = try RevisionGraph(revisions)
        } catch let e as RevisionGraphError {
            if case .duplicateRevision = e, problems.contains(where: { $0.kind == .duplicateID }) { return problems }
            problems.append(.init(kind: .invalidGraph, message: e.description))
            return problems
        }

        // Branch points and extra bases must start labelled branches.
        func unlabelled(_ starts: [Int]) -> [Int] { starts.filter { graph.revision($0).branchLabels.isEmpty } }
        for p in graph.branchPoints {
            let bare = unlabelled(graph.childIndices(p))
            // Branches that are merged again are one line once more (Alembic and neutron accept them).
            if bare.count > 1 && !merged(bare, in: graph) {
                problems.append(.init(kind: .unlabelledBranchPoint, message: "revision '\(graph.revision(p).id)' is an unlabelled branch point: \(graph.ids(bare).joined(separator: ", ")) all follow it; give all but one a branch label, or merge them"))
            }
        }
        let bareBases = unlabelled(graph.bases)
        if bareBases.count > 1 {
            problems.append(.init(kind: .unlabelledBranchPoint, message: "several unlabelled bases: \(graph.ids(bareBases).joined(separator: ", ")); give all but one a branch label"))
        }

        // One head per branch: heads within each labelled branch, and heads on no labelled branch.
        var onLabelled = [Bool](repeating: false, count: graph.count)
        for (label, root) in graph.labelNames.sorted(by: { $0.key < $1.key }) {
            let members = graph.branchMembers(root)
            let heads = graph.heads.filter { members[$0] }
            for h in heads { onLabelled[h] = true }
            if heads.count > 1 {
                problems.append(.init(kind: .multipleHeads, message: "branch '\(label)' has \(heads.count) heads: \(graph.ids(heads).joined(separator: ", ")); merge them"))
            }
        }
        let bare = graph.heads.filter { !onLabelled[$0] }
        if bare.count > 1 {
            problems.append(.init(kind: .multipleHeads, message: "the history has \(bare.count) unlabelled heads: \(graph.ids(bare).joined(separator: ", ")); merge them ('merge -m MSG heads')"))
        }

        var previous: (String, Int)?
        for m in repository.expectedMilestones {
            guard let i = graph.milestones[m] ?? graph.labelNames[m] ?? graph.indexOf(m) else {
                problems.append(.init(kind: .unresolvedMilestone, message: "release milestone '\(m)' does not name a revision; add it to the last revision of that release"))
                continue
            }
            if let (pm, pi) = previous, !graph.ancestors(of: [i])[pi] {
                problems.append(.init(kind: .milestoneOrder, message: "milestone '\(m)' (\(graph.revision(i).id)) does not follow milestone '\(pm)' (\(graph.revision(pi).id))"))
            }
            previous = (m, i)
        }
        problems += phaseProblems(graph)
        return problems
    }
}
