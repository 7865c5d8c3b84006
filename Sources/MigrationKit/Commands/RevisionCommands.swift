import FoundationEssentials
import Glibc

extension MigrationContext {
    /// Where this repository's scripts live: `[migrations] source_dir` if set, else the repository's own.
    public var scriptWriter: ScriptWriter {
        ScriptWriter(directory: settings.sourceDirectoryExplicit ? settings.sourceDirectory : repository.sourceDirectory,
                     registryType: repository.registryType)
    }

    /// `merge -m MSG REV REV…`: writes a revision whose parents are the given revisions.
    public func merge(message: String, revisions targets: [String], revID: String? = nil, branchLabels: [String] = []) throws -> String {
        let graph = try repository.graph()
        var parents: [Int] = []
        for t in targets {
            switch try graph.resolve(t, current: []).position {
            case .revisions(let r), .steps(_, _, let r): for i in r where !parents.contains(i) { parents.append(i) }
            case .base, .branchBase: throw ScriptWriterError("'\(t)' is not a revision; merge needs revisions")
            }
        }
        let heads = graph.maximal(parents)
        guard heads.count >= 2 else {
            throw ScriptWriterError("merge needs at least two revisions that are not ancestors of one another; got \(graph.ids(parents).joined(separator: ", "))")
        }
        let id = try newRevisionID(revID, graph: graph)
        let header = ScriptWriter.Header(id: id, parents: graph.ids(heads), message: message, branchLabels: branchLabels)
        let path = try scriptWriter.write(header)
        logger.info("Generating \(path) ... done")
        return path
    }

    /// Validates a requested id, or makes a new one.
    func newRevisionID(_ requested: String?, graph: RevisionGraph) throws -> String {
        let id = requested ?? ScriptWriter.newID()
        if graph.indexOf(id) != nil { throw ScriptWriterError("revision id '\(id)' already exists") }
        if id.utf8.count > VersionTable.idLength { throw MigrationError.revisionIDTooLong(id: id, limit: VersionTable.idLength) }
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw ScriptWriterError("revision id '\(id)' must be letters, digits and '_'")
        }
        return id
    }
}

extension MigrationContext {
    /// `revision -m MSG`: writes a blank revision following `head` (a head, `LABEL@head`, or `base`).
    public func createRevision(
        message: String, revID: String? = nil, head: String = "head", splice: Bool = false,
        branchLabels: [String] = [], dependsOn: [String] = [], upgradeBody: String = "", downgradeBody: String = "",
        notes: [String] = [], sqlFiles: Bool = false
    ) throws -> String {
        let graph = try repository.graph()
        if let pending = try pendingRevision(graph: graph, head: head) {
            // Revision files written since the last build: chain after them, or the history forks.
            return try writeRevision(
                graph: graph, parentIDs: [pending], message: message, revID: revID, branchLabels: branchLabels,
                dependsOn: dependsOn, upgradeBody: upgradeBody, downgradeBody: downgradeBody, notes: notes, sqlFiles: sqlFiles)
        }
        let parents: [Int]
        switch try graph.resolve(head, current: []).position {
        case .base: parents = []
        case .branchBase(let root): parents = graph.parentIndices(root)
        case .revisions(let r), .steps(_, _, let r):
            if r.count > 1 {
                throw RevisionGraphError.multipleHeads(heads: graph.ids(r), argument: head)
            }
            if let p = r.first, !graph.isHead(p) && !splice {
                throw ScriptWriterError("revision '\(graph.revision(p).id)' is not a head; pass --splice to start a new branch from it")
            }
            parents = r
        }
        return try writeRevision(
            graph: graph, parentIDs: graph.ids(parents), message: message, revID: revID, branchLabels: branchLabels,
            dependsOn: dependsOn, upgradeBody: upgradeBody, downgradeBody: downgradeBody, notes: notes, sqlFiles: sqlFiles)
    }

    /// Writes one revision file. `written` names revisions written in this same command (not built
    /// yet), which `dependsOn` may name as they are.
    func writeRevision(
        graph: RevisionGraph, parentIDs: [String], message: String, revID: String?, branchLabels: [String], dependsOn: [String],
        upgradeBody: String, downgradeBody: String, notes: [String], sqlFiles: Bool, written: Set<String> = []
    ) throws -> String {
        for d in dependsOn where !written.contains(d) { _ = try graph.resolveRevision(d) }
        for l in branchLabels where graph.labelNames[l] != nil || graph.indexOf(l) != nil {
            throw ScriptWriterError("branch label '\(l)' is already used")
        }
        let id = try newRevisionID(revID, graph: graph)
        if try scriptWriter.scannedScripts().contains(where: { $0.id == id }) { throw ScriptWriterError("revision id '\(id)' already exists") }
        let deps = try dependsOn.map { written.contains($0) ? $0 : graph.revision(try graph.resolveRevision($0)).id }
        let header = ScriptWriter.Header(id: id, parents: parentIDs, message: message, dependsOn: deps, branchLabels: branchLabels)
        let path = sqlFiles ? try scriptWriter.writeSQLFiles(header) : try scriptWriter.write(header, upgradeBody: upgradeBody, downgradeBody: downgradeBody, notes: notes)
        logger.info("Generating \(path) ... done")
        return path
    }

    /// The head of the revision files on disk that this build does not contain yet, when there are
    /// any: the new revision follows it. Refuses when they do not end in one head after the built
    /// head, or when another head than the default was asked for.
    /// Frozen releases' folders count too: a release frozen since the last build is not built in either.
    func pendingRevision(graph: RevisionGraph, head: String) throws -> String? {
        let writer = scriptWriter
        let releases = writer.releaseDirectory("")
        let frozen = ((try? FileManager.default.contentsOfDirectory(atPath: releases)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let pending = try ([writer] + frozen.map { ScriptWriter(directory: releases + $0, registryType: "") })
            .flatMap { try $0.scannedHeaders() }.filter { graph.indexOf($0.id) == nil }
        guard !pending.isEmpty else { return nil }
        let ids = Set(pending.map(\.id))
        let followed = Set(pending.flatMap(\.parents))
        let pendingHeads = pending.filter { !followed.contains($0.id) }.map(\.id)
        // Every pending file must hang off the built history or another pending file.
        let rooted = pending.allSatisfy { $0.parents.allSatisfy { graph.indexOf($0) != nil || ids.contains($0) } }
        // A named head (a phase head) that no pending file continues: the new revision starts from it
        // on its own branch, no fork (neutron's pair: an expand and a contract revision in one call).
        if head != "head" && head != "heads", rooted, let h = try? graph.resolveRevision(head) {
            var chain: Set<String> = [graph.revision(h).id]
            var grew = true
            while grew {
                grew = false
                for p in pending where !chain.contains(p.id) && p.parents.contains(where: chain.contains) {
                    chain.insert(p.id)
                    grew = true
                }
            }
            let onIt = pending.filter { chain.contains($0.id) }
            if onIt.isEmpty { return nil }
            let tips = onIt.filter { p in !onIt.contains { $0.parents.contains(p.id) } }.map(\.id)
            if tips.count == 1 {
                logger.info("Following \(tips[0]), written since the last build")
                return tips[0]
            }
        }
        // With the built heads they continue, the history must still have one head.
        let builtHeadsLeft = graph.heads.filter { !followed.contains(graph.revision($0).id) }
        guard head == "head" || head == "heads", rooted, pendingHeads.count == 1, builtHeadsLeft.isEmpty else {
            throw ScriptWriterError("\(pending.count) revision file(s) not built in yet (\(pending.map { $0.path.split(separator: "/").last.map(String.init) ?? $0.path }.joined(separator: ", "))): build first, then run 'revision' again")
        }
        logger.info("Following \(pendingHeads[0]), written since the last build (\(pending.count) revision file(s) not built in yet)")
        return pendingHeads[0]
    }
}
