/// Computes steps from the database's heads to a target, tracking the version table's rows the way
/// Alembic does: the rows are the applied revisions that no other applied revision follows or depends on.
public struct MigrationPlanner: Sendable {
    public let graph: RevisionGraph
    public private(set) var applied: [Bool]
    public private(set) var heads: [Int]

    public init(graph: RevisionGraph, heads: [Int]) {
        self.graph = graph
        self.applied = graph.ancestors(of: heads)
        self.heads = graph.maximal(heads)
    }

    /// Steps that bring every revision up to and including `targets` in.
    public mutating func upgrade(to targets: [Int]) -> [MigrationStep] {
        let needed = graph.ancestors(of: targets)
        var steps: [MigrationStep] = []
        for r in graph.planOrder where needed[r] && !applied[r] {
            let before = heads
            let covered = Set(graph.parentIndices(r) + graph.dependencyIndices(r))
            var after = before.filter { !covered.contains($0) }
            // Keep the new head where the head it replaces stood, so updates pair as Alembic pairs them.
            if let pos = before.firstIndex(where: { covered.contains($0) }) {
                after.insert(r, at: min(pos, after.count))
            } else {
                after.append(r)
            }
            applied[r] = true
            heads = after
            steps.append(MigrationStep(direction: .upgrade, revision: r, headsBefore: graph.ids(before), headsAfter: graph.ids(after)))
        }
        return steps
    }

    /// Steps that take out every applied revision marked in `remove` (which must be closed under
    /// following and depending), newest first.
    public mutating func downgrade(removing remove: [Bool]) -> [MigrationStep] {
        var steps: [MigrationStep] = []
        for r in graph.planOrder.reversed() where remove[r] && applied[r] {
            let before = heads
            applied[r] = false
            var after: [Int] = []
            for h in before {
                if h != r {
                    after.append(h)
                    continue
                }
                for p in graph.parentIndices(r) + graph.dependencyIndices(r) {
                    let stillCovered = (graph.childIndices(p) + graph.dependents[p]).contains { applied[$0] }
                    if !stillCovered && !after.contains(p) { after.append(p) }
                }
            }
            heads = after
            steps.append(MigrationStep(direction: .downgrade, revision: r, headsBefore: graph.ids(before), headsAfter: graph.ids(after)))
        }
        return steps
    }

    /// What to remove for a downgrade to `target`: the applied revisions above it.
    public func removal(for target: ResolvedTarget, argument: String) throws -> [Bool] {
        switch target {
        case .base:
            return applied
        case .branchBase(let root):
            let d = graph.descendants(of: [root])
            return zip(d, applied).map { $0 && $1 }
        case .steps(let up, let revisions, _):
            if up { throw RevisionGraphError.notADowngradeTarget(target: argument, current: graph.ids(heads)) }
            var remove = [Bool](repeating: false, count: graph.count)
            for r in revisions { remove[r] = true }
            return remove
        case .revisions(let targets):
            // A target must be on the line of a revision the database is at (along parents, as Alembic
            // asks): a revision another one only depends on is not a place to go back to.
            // (`heads` names where the database is: nothing to take out, never refused.)
            let line = graph.lineAncestors(of: heads)
            for t in targets where !applied[t] || (!line[t] && !["head", "heads"].contains(argument)) {
                throw RevisionGraphError.notADowngradeTarget(target: argument, current: graph.ids(heads))
            }
            // What stands above a target along parents, and then whatever depends on or follows that;
            // a revision that merely depends on a target (which stays) stays too.
            var remove = zip(graph.lineDescendants(of: targets), applied).map { $0 && $1 }
            for t in targets { remove[t] = false }
            let keep = graph.ancestors(of: targets)
            for i in 0..<remove.count where keep[i] { remove[i] = false }
            var changed = true
            while changed {
                changed = false
                for r in graph.order where applied[r] && !remove[r] && !keep[r] {
                    if (graph.parentIndices(r) + graph.dependencyIndices(r)).contains(where: { remove[$0] }) {
                        remove[r] = true
                        changed = true
                    }
                }
            }
            return remove
        }
    }
}
