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
            switch try graph.resolve(t, current: []) {
            case .revisions(let r): for i in r where !parents.contains(i) { parents.append(i) }
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
        let parents: [Int]
        switch try graph.resolve(head, current: []) {
        case .base: parents = []
        case .branchBase(let root): parents = graph.parentIndices(root)
        case .revisions(let r):
            if r.count > 1 {
                throw RevisionGraphError.multipleHeads(heads: graph.ids(r), argument: head)
            }
            if let p = r.first, !graph.isHead(p) && !splice {
                throw ScriptWriterError("revision '\(graph.revision(p).id)' is not a head; pass --splice to start a new branch from it")
            }
            parents = r
        }
        for d in dependsOn { _ = try graph.resolveRevision(d) }
        for l in branchLabels where graph.labelNames[l] != nil || graph.indexOf(l) != nil {
            throw ScriptWriterError("branch label '\(l)' is already used")
        }
        let id = try newRevisionID(revID, graph: graph)
        let deps = try dependsOn.map { graph.revision(try graph.resolveRevision($0)).id }
        let header = ScriptWriter.Header(id: id, parents: graph.ids(parents), message: message, dependsOn: deps, branchLabels: branchLabels)
        let path = sqlFiles ? try scriptWriter.writeSQLFiles(header) : try scriptWriter.write(header, upgradeBody: upgradeBody, downgradeBody: downgradeBody, notes: notes)
        logger.info("Generating \(path) ... done")
        return path
    }
}
