/// Where a command should take the database.
public enum ResolvedTarget: Sendable, Equatable {
    /// Before the first revision.
    case base
    /// These revisions (and, for an upgrade, everything below them).
    case revisions([Int])
    /// Before the first revision of the branch that starts at this revision (`LABEL@base`).
    case branchBase(Int)
    /// A relative step from where the database is (`+N`, `-N`, `LABEL@±N`): exactly these revisions,
    /// to apply (`up`, oldest first) or to take out (newest first); `heads` is where that leaves it.
    case steps(up: Bool, revisions: [Int], heads: [Int])

    /// The position a target names, for what needs one (a range's start, a stamp): a relative step as
    /// the heads it leaves.
    public var position: ResolvedTarget {
        if case .steps(_, _, let heads) = self { return heads.isEmpty ? .base : .revisions(heads) }
        return self
    }
}

extension RevisionGraph {
    /// Resolves a revision id, unique id prefix, branch label or milestone to one revision.
    ///
    /// `members`, when given, restricts prefix matches to one branch.
    public func resolveRevision(_ text: String, within members: [Bool]? = nil) throws -> Int {
        if let i = index[text] ?? labels[text] ?? milestoneNames[text] { return i }
        // Binary search for the first id not below the prefix, then collect the run of matches.
        var lo = 0
        var hi = sortedIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sortedIDs[mid].id < text { lo = mid + 1 } else { hi = mid }
        }
        var matches: [Int] = []
        while lo < sortedIDs.count, sortedIDs[lo].id.hasPrefix(text) {
            let i = sortedIDs[lo].index
            if members?[i] ?? true { matches.append(i) }
            lo += 1
        }
        switch matches.count {
        case 0: throw RevisionGraphError.unknownRevision(text)
        case 1: return matches[0]
        default:
            throw RevisionGraphError.ambiguousPrefix(prefix: text, candidates: matches.prefix(10).map { revisions[$0].id })
        }
    }

    /// Resolves a target as the commands accept it. `current` is the database's head revisions,
    /// needed for relative forms (`+1`, `-2`) and `current`.
    public func resolve(_ raw: String, current: [Int]) throws -> ResolvedTarget {
        let text = raw.trimmingWhitespace()
        switch text {
        case "heads": return heads.isEmpty ? .base : .revisions(heads)
        case "head":
            // A history split into phases ends in one expand and one contract head: together they are
            // its head (Alembic would ask for `heads`).
            if heads.count == 2, hasPhases {
                let p = phases()
                if Set(heads.compactMap { p[$0] }) == [.expand, .contract] { return .revisions(heads) }
            }
            return try singleHead(heads, argument: text).map { .revisions([$0]) } ?? .base
        case "base": return .base
        case "current": return current.isEmpty ? .base : .revisions(current)
        default: break
        }
        if let at = text.firstIndex(of: "@") {
            let label = String(text[..<at])
            let rest = String(text[text.index(after: at)...])
            guard let root = labels[label] ?? milestoneNames[label] ?? index[label] else {
                throw RevisionGraphError.unknownBranchLabel(label)
            }
            let members = branchMembers(root)
            let branchHeads = heads.filter { members[$0] }
            switch rest {
            case "head": return .revisions([try singleHead(branchHeads, argument: text)!])
            case "heads": return .revisions(branchHeads)
            case "base": return .branchBase(root)
            default:
                if let (startText, delta) = Self.splitRelative(rest) {
                    // The branch's line: the branch and what it stands on, as Alembic walks it.
                    let line = lineage(ofBranch: root)
                    if startText.isEmpty {
                        return try relative(from: current, delta, lineage: line, argument: text)
                    }
                    let start = try resolveRevision(startText, within: line)
                    return try walk(from: start, steps: delta, argument: text, within: line)
                }
                return .revisions([try resolveRevision(rest, within: members)])
            }
        }
        if let i = index[text] ?? labels[text] ?? milestoneNames[text] { return .revisions([i]) }
        if let (startText, delta) = Self.splitRelative(text) {
            if startText.isEmpty { return try relative(from: current, delta, lineage: nil, argument: text) }
            // REV±N: the revision N above or below REV along its line, as Alembic walks it (head and
            // heads included: the head whose row stands for the others).
            let start: Int?
            switch try resolve(startText, current: current) {
            case .revisions(let r):
                let top = maximal(r)
                if top.count > 1 { throw RevisionGraphError.multipleHeads(heads: ids(top), argument: text) }
                start = top.first
            case .base: start = nil
            default: start = try resolveRevision(startText)
            }
            return try walk(from: start, steps: delta, argument: text, within: nil)
        }
        return .revisions([try resolveRevision(text)])
    }

    /// `delta` steps (up when positive) from a database at `heads`.
    func relative(from heads: [Int], _ delta: Int, lineage: [Bool]?, argument: String) throws -> ResolvedTarget {
        var applied = ancestors(of: heads)
        let chosen = delta > 0
            ? try stepsUp(from: applied, count: delta, lineage: lineage, argument: argument)
            : try stepsDown(from: applied, count: -delta, lineage: lineage, argument: argument)
        for r in chosen { applied[r] = delta > 0 }
        return .steps(up: delta > 0, revisions: chosen, heads: maximal((0..<count).filter { applied[$0] }))
    }

    /// `head` when there is exactly one; nil for an empty history.
    func singleHead(_ candidates: [Int], argument: String) throws -> Int? {
        if candidates.count > 1 { throw RevisionGraphError.multipleHeads(heads: ids(candidates), argument: argument) }
        return candidates.first
    }

    /// The revisions of the branch starting at `root`: it and everything following it, up to (not
    /// into) revisions that start branches of their own labels.
    func branchMembers(_ root: Int) -> [Bool] {
        var mark = [Bool](repeating: false, count: count)
        var stack = [root]
        while let i = stack.popLast() {
            if mark[i] { continue }
            mark[i] = true
            stack.append(contentsOf: children[i].filter { revisions[$0].branchLabels.isEmpty })
        }
        return mark
    }

    /// `+N`, `-N`, `REV+N`, `REV-N` split into the revision part and the signed step count.
    public static func splitRelative(_ text: String) -> (String, Int)? {
        guard let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return nil }
        let digits = text[text.index(after: sign)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits), n > 0 else { return nil }
        return (String(text[..<sign]), text[sign] == "+" ? n : -n)
    }

    /// REV±N: follows children up (in a history with phases, an expand child before a contract one) or
    /// parents down (a merge steps back to all its parents at once) `steps` times from `start` (nil =
    /// base), within a branch's line when one is given.
    func walk(from start: Int?, steps: Int, argument: String, within line: [Bool]?) throws -> ResolvedTarget {
        let phase = hasPhases ? phases() : []
        var at = start
        var done = 0
        if steps > 0 {
            while done < steps {
                var next = at.map { children[$0] } ?? bases
                if let line { next = next.filter { line[$0] } }
                if !phase.isEmpty, next.contains(where: { phase[$0] != .contract }) { next.removeAll { phase[$0] == .contract } }
                if next.isEmpty {
                    throw RevisionGraphError.relativeOutOfRange(argument: argument, steps: steps, available: done)
                }
                if next.count > 1 {
                    throw RevisionGraphError.ambiguousRelative(argument: argument, at: at.map { revisions[$0].id } ?? "base", choices: ids(next))
                }
                at = next[0]
                done += 1
            }
            return .revisions([at!])
        }
        var set: [Int] = at.map { [$0] } ?? []
        while done < -steps {
            guard !set.isEmpty else {
                throw RevisionGraphError.relativeOutOfRange(argument: argument, steps: -steps, available: done)
            }
            guard set.count == 1 else {
                throw RevisionGraphError.ambiguousRelative(argument: argument, at: ids(set).joined(separator: ", "), choices: ids(set))
            }
            set = parents[set[0]]
            done += 1
        }
        return set.isEmpty ? .base : .revisions(set)
    }
}
