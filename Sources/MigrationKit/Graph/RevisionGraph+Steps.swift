/// One definition of a relative step, for every spelling (`+N`, `-N`, `--delta N`, `REV±N`,
/// `LABEL@±N`), online and offline: N steps up are the next N revisions the plan of `upgrade heads`
/// would apply from where the database is (dependency order; in a history split into phases, expand
/// before contract); N steps down are the last N applied revisions, in the reverse of that order. A step
/// where more than one revision could come next, and no phase orders them, is ambiguous and refused,
/// naming the choices; never more than N, never fewer (too few is refused, naming how many are possible).
extension RevisionGraph {
    /// The next `n` revisions to apply from `applied`, oldest first. `lineage` restricts the walk to a
    /// branch's line (`LABEL@+N`): the branch and everything it stands on.
    public func stepsUp(from applied: [Bool], count n: Int, lineage: [Bool]? = nil, argument: String) throws -> [Int] {
        var applied = applied
        let phase = hasPhases ? phases() : []
        var out: [Int] = []
        var counted = 0
        while counted < n {
            // Along a branch's line the steps are its revisions: what one of them depends on from
            // elsewhere comes with it, uncounted (as Alembic's `LABEL@+N` upgrades to that revision).
            var ready = (0..<count).filter { r in
                !applied[r] && (lineage?[r] ?? true) && parents[r].allSatisfy { applied[$0] }
                    && (lineage != nil || dependencies[r].allSatisfy { applied[$0] })
            }
            // The expand phase (and what has no phase) comes before the contract phase; then a line the
            // database is on goes on before another starts (as Alembic walks from the current head).
            if !phase.isEmpty, ready.contains(where: { phase[$0] != .contract }) { ready.removeAll { phase[$0] == .contract } }
            let tips = Set(maximal((0..<count).filter { applied[$0] }))
            let continuing = ready.filter { r in parents[r].contains { tips.contains($0) } }
            if !continuing.isEmpty && continuing.count < ready.count { ready = continuing }
            guard !ready.isEmpty else {
                throw RevisionGraphError.relativeOutOfRange(argument: argument, steps: n, available: counted)
            }
            guard ready.count == 1 else {
                throw RevisionGraphError.ambiguousRelative(argument: argument, at: positionText(applied), choices: ids(ready))
            }
            let needed = ancestors(of: [ready[0]])
            for r in planOrder where needed[r] && !applied[r] {
                applied[r] = true
                out.append(r)
            }
            counted += 1
        }
        return out
    }

    /// The last `n` applied revisions, newest first: each one no other applied revision follows or
    /// depends on (the contract phase before the expand phase).
    public func stepsDown(from applied: [Bool], count n: Int, lineage: [Bool]? = nil, argument: String) throws -> [Int] {
        var applied = applied
        let phase = hasPhases ? phases() : []
        var out: [Int] = []
        while out.count < n {
            var ready = (0..<count).filter { r in
                applied[r] && (lineage?[r] ?? true) && !children[r].contains { applied[$0] } && !dependents[r].contains { applied[$0] }
            }
            if !phase.isEmpty, ready.contains(where: { phase[$0] == .contract }) { ready.removeAll { phase[$0] != .contract } }
            if ready.isEmpty, let lineage {
                // The branch's newest applied revision is there, but another branch's applied revision
                // depends on it: taking it out would take that out too.
                if let blocked = (0..<count).last(where: { r in applied[r] && lineage[r] && !children[r].contains { applied[$0] } }) {
                    let by = dependents[blocked].filter { applied[$0] } + children[blocked].filter { applied[$0] }
                    if !by.isEmpty {
                        throw RevisionGraphError.relativeBlocked(argument: argument, revision: revisions[blocked].id, by: ids(by))
                    }
                }
            }
            guard !ready.isEmpty else {
                throw RevisionGraphError.relativeOutOfRange(argument: argument, steps: n, available: out.count)
            }
            guard ready.count == 1 else {
                throw RevisionGraphError.ambiguousRelative(argument: argument, at: positionText(applied), choices: ids(ready))
            }
            applied[ready[0]] = false
            out.append(ready[0])
        }
        return out
    }

    /// A branch's line, for `LABEL@±N`: the branch's own revisions and everything they stand on.
    public func lineage(ofBranch root: Int) -> [Bool] {
        // What shares the branch's line: below or above its first revision along parents and children
        // (Alembic's lineage; a revision that only depends on the branch, or that it depends on, is not).
        zip(lineAncestors(of: [root]), lineDescendants(of: [root])).map { $0 || $1 }
    }

    /// Where a set of applied revisions stands, for messages: its heads, or base.
    func positionText(_ applied: [Bool]) -> String {
        let at = maximal((0..<count).filter { applied[$0] })
        return at.isEmpty ? "base" : ids(at).joined(separator: ", ")
    }
}

extension RevisionGraph {
    /// The order every plan applies revisions in: the history's topological order, except that a
    /// revision of the contract phase comes only once nothing else is ready (expand before contract, as
    /// a rolling upgrade runs them). Reversed, the order of downgrades. Without phases, `order`.
    public var planOrder: [Int] {
        guard hasPhases else { return order }
        let phase = phases()
        var position = [Int](repeating: 0, count: count)
        for (k, r) in order.enumerated() { position[r] = k }
        var waiting = (0..<count).map { parents[$0].count + dependencies[$0].count }
        // Two queues kept sorted by the history's own order: what is not contract, then contract.
        var ready: [[Int]] = [[], []]
        for r in order where waiting[r] == 0 { ready[phase[r] == .contract ? 1 : 0].append(r) }
        var out: [Int] = []
        out.reserveCapacity(count)
        while let q = ready.firstIndex(where: { !$0.isEmpty }) {
            let r = ready[q].removeFirst()
            out.append(r)
            for next in children[r] + dependents[r] {
                waiting[next] -= 1
                if waiting[next] == 0 {
                    let k = phase[next] == .contract ? 1 : 0
                    let at = ready[k].firstIndex { position[$0] > position[next] } ?? ready[k].endIndex
                    ready[k].insert(next, at: at)
                }
            }
        }
        return out
    }
}
