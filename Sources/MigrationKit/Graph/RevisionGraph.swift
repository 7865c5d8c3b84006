/// The revisions of one history as a validated directed acyclic graph.
///
/// Built once from revision values; construction checks for duplicate ids, missing parents and
/// dependencies, label clashes and cycles. Revisions are addressed by integer index internally and
/// every query is linear in the size of the graph (Alembic's `current` is quadratic; this is not).
public struct RevisionGraph: Sendable {
    public let revisions: [Revision]
    let index: [String: Int]
    /// Parent (down-revision) edges, and their reverse.
    let parents: [[Int]]
    let children: [[Int]]
    /// `dependsOn` edges, and their reverse.
    let dependencies: [[Int]]
    let dependents: [[Int]]
    /// A topological order: every revision after its parents and dependencies.
    public let order: [Int]
    /// Position of each revision in `order`.
    public let rank: [Int]
    /// Branch labels and milestone names, each naming one revision.
    let labels: [String: Int]
    let milestoneNames: [String: Int]
    /// Ids sorted, for prefix lookups.
    let sortedIDs: [(id: String, index: Int)]

    public init(_ revisions: [Revision]) throws {
        self.revisions = revisions
        var index: [String: Int] = [:]
        index.reserveCapacity(revisions.count)
        for (i, r) in revisions.enumerated() {
            guard !r.id.isEmpty else { throw RevisionGraphError.invalidRevisionID(r.id, reason: "it is empty") }
            if r.id.contains(where: { $0.isWhitespace || $0 == "@" || $0 == ":" || $0 == "," }) {
                throw RevisionGraphError.invalidRevisionID(r.id, reason: "it contains white space, '@', ':' or ','")
            }
            if ["head", "heads", "base", "current"].contains(r.id) {
                throw RevisionGraphError.invalidRevisionID(r.id, reason: "it is a reserved word")
            }
            if index.updateValue(i, forKey: r.id) != nil { throw RevisionGraphError.duplicateRevision(r.id) }
        }
        let n = revisions.count
        var parents = [[Int]](repeating: [], count: n)
        var children = [[Int]](repeating: [], count: n)
        var dependencies = [[Int]](repeating: [], count: n)
        var dependents = [[Int]](repeating: [], count: n)
        for (i, r) in revisions.enumerated() {
            for p in r.parents {
                guard let j = index[p] else { throw RevisionGraphError.missingParent(revision: r.id, parent: p) }
                if !parents[i].contains(j) {
                    parents[i].append(j)
                    children[j].append(i)
                }
            }
            for d in r.dependsOn {
                guard let j = index[d] else { throw RevisionGraphError.missingDependency(revision: r.id, dependency: d) }
                if !dependencies[i].contains(j) && !parents[i].contains(j) {
                    dependencies[i].append(j)
                    dependents[j].append(i)
                }
            }
        }
        // Kahn's algorithm over both kinds of edge; what is never freed lies on a cycle.
        var pending = (0..<n).map { parents[$0].count + dependencies[$0].count }
        var order: [Int] = []
        order.reserveCapacity(n)
        var queue = (0..<n).filter { pending[$0] == 0 }
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            order.append(i)
            for c in children[i] + dependents[i] {
                pending[c] -= 1
                if pending[c] == 0 { queue.append(c) }
            }
        }
        if order.count < n {
            throw RevisionGraphError.cycle(Self.findCycle(pending: pending, parents: parents, dependencies: dependencies, revisions: revisions))
        }
        var rank = [Int](repeating: 0, count: n)
        for (k, i) in order.enumerated() { rank[i] = k }

        var labels: [String: Int] = [:]
        var milestoneNames: [String: Int] = [:]
        for (i, r) in revisions.enumerated() {
            for l in r.branchLabels {
                if index[l] != nil { throw RevisionGraphError.labelIsRevisionID(l) }
                if let other = labels.updateValue(i, forKey: l) {
                    throw RevisionGraphError.duplicateLabel(label: l, revisions: [revisions[other].id, r.id])
                }
            }
            for m in r.milestones {
                if index[m] != nil { continue }  // a milestone may simply be the revision's own id
                if let other = milestoneNames.updateValue(i, forKey: m), other != i {
                    throw RevisionGraphError.duplicateLabel(label: m, revisions: [revisions[other].id, r.id])
                }
            }
        }
        for (m, i) in milestoneNames {
            if let other = labels[m], other != i {
                throw RevisionGraphError.duplicateLabel(label: m, revisions: [revisions[other].id, revisions[i].id])
            }
        }

        self.index = index
        self.parents = parents
        self.children = children
        self.dependencies = dependencies
        self.dependents = dependents
        self.order = order
        self.rank = rank
        self.labels = labels
        self.milestoneNames = milestoneNames
        self.sortedIDs = revisions.enumerated().map { ($0.element.id, $0.offset) }.sorted { $0.id < $1.id }
    }

    private static func findCycle(pending: [Int], parents: [[Int]], dependencies: [[Int]], revisions: [Revision]) -> [String] {
        // Walk backwards from any revision left on the cycle until a revision repeats.
        guard var i = pending.firstIndex(where: { $0 > 0 }) else { return [] }
        var seen: [Int: Int] = [:]
        var path: [Int] = []
        while seen[i] == nil {
            seen[i] = path.count
            path.append(i)
            i = (parents[i] + dependencies[i]).first(where: { pending[$0] > 0 }) ?? i
        }
        var cycle = Array(path[seen[i]!...].reversed().map { revisions[$0].id })
        // Start at the smallest id, so the same cycle is always reported the same way.
        if let m = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) { cycle = Array(cycle[m...] + cycle[..<m]) }
        return cycle + [cycle[0]]
    }

    // MARK: - Basic queries

    public var count: Int { revisions.count }
    public func revision(_ i: Int) -> Revision { revisions[i] }
    public func indexOf(_ id: String) -> Int? { index[id] }

    /// Revisions no other revision follows.
    public var heads: [Int] { order.filter { children[$0].isEmpty } }
    /// Revisions that follow none.
    public var bases: [Int] { order.filter { parents[$0].isEmpty } }
    /// Revisions that more than one revision follows.
    public var branchPoints: [Int] { order.filter { children[$0].count > 1 } }
    public func isHead(_ i: Int) -> Bool { children[i].isEmpty }
    public func isBranchPoint(_ i: Int) -> Bool { children[i].count > 1 }
    public func isMerge(_ i: Int) -> Bool { parents[i].count > 1 }
    public func parentIndices(_ i: Int) -> [Int] { parents[i] }
    public func childIndices(_ i: Int) -> [Int] { children[i] }
    public func dependencyIndices(_ i: Int) -> [Int] { dependencies[i] }
    /// The branch labels and milestone names defined, with their revisions.
    public var labelNames: [String: Int] { labels }
    public var milestones: [String: Int] { milestoneNames }

    /// Every revision from which `roots` can be reached by parent and dependency edges, `roots` included.
    public func ancestors(of roots: [Int]) -> [Bool] { reach(from: roots, along: [parents, dependencies]) }

    /// Every revision reachable from `roots` by child and dependent edges, `roots` included.
    public func descendants(of roots: [Int]) -> [Bool] { reach(from: roots, along: [children, dependents]) }

    /// `roots` and everything below them along parent edges only.
    public func lineAncestors(of roots: [Int]) -> [Bool] { reach(from: roots, along: [parents]) }

    /// `roots` and everything above them along child edges only.
    public func lineDescendants(of roots: [Int]) -> [Bool] { reach(from: roots, along: [children]) }

    /// `roots` and every revision reachable from them by the given kinds of edges.
    func reach(from roots: [Int], along edges: [[[Int]]]) -> [Bool] {
        var mark = [Bool](repeating: false, count: count)
        var stack = roots
        while let i = stack.popLast() {
            if mark[i] { continue }
            mark[i] = true
            for e in edges { stack.append(contentsOf: e[i]) }
        }
        return mark
    }

    /// The revisions the version-table rows `rows` imply as heads of their own branches without holding
    /// a row: applied only because an applied revision depends on them, and followed by no applied child
    /// (Alembic's "effective heads"). Oldest first.
    public func effectiveHeads(_ rows: [Int]) -> [Int] {
        guard !rows.isEmpty else { return [] }
        let applied = ancestors(of: rows)
        let inRows = Set(rows)
        var viaDependency = Set<Int>()
        for i in 0..<count where applied[i] { viaDependency.formUnion(dependencies[i]) }
        return order.filter { i in
            applied[i] && !inRows.contains(i) && viaDependency.contains(i) && !children[i].contains { applied[$0] }
        }
    }

    /// The revisions among `set` that no other member of `set` depends on: the rows a version table keeps.
    public func maximal(_ set: [Int]) -> [Int] {
        guard set.count > 1 else { return set }
        var covered = [Bool](repeating: false, count: count)
        var stack = set.flatMap { parents[$0] + dependencies[$0] }
        while let i = stack.popLast() {
            if covered[i] { continue }
            covered[i] = true
            stack.append(contentsOf: parents[i])
            stack.append(contentsOf: dependencies[i])
        }
        var seen = Set<Int>()
        return set.filter { !covered[$0] && seen.insert($0).inserted }
    }

    /// The branch labels that apply to a revision: its own, and those of the nearest labelled ancestors
    /// along single-parent paths.
    public func branchLabels(of i: Int) -> [String] { revisions[i].branchLabels }

    /// Ids for display, in the given order.
    public func ids(_ indices: [Int]) -> [String] { indices.map { revisions[$0].id } }
}
