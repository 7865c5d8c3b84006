/// Where a command should take the database.
public enum ResolvedTarget: Sendable, Equatable {
    /// Before the first revision.
    case base
    /// These revisions (and, for an upgrade, everything below them).
    case revisions([Int])
    /// Before the first revision of the branch that starts at this revision (`LABEL@base`).
    case branchBase(Int)
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
                    let start: Int?
                    if startText.isEmpty {
                        let inBranch = current.filter { members[$0] }
                        guard inBranch.count <= 1 else {
                            throw RevisionGraphError.multipleHeads(heads: ids(inBranch), argument: text)
                        }
                        start = inBranch.first
                    } else {
                        start = try resolveRevision(startText, within: members)
                    }
                    return try walk(from: start, steps: delta, argument: text, members: members, branchRoot: root)
                }
                return .revisions([try resolveRevision(rest, within: members)])
            }
        }
        if let i = index[text] ?? labels[text] ?? milestoneNames[text] { return .revisions([i]) }
        if let (startText, delta) = Self.splitRelative(text) {
            let start: Int?
            if startText.isEmpty {
                guard current.count <= 1 else {
                    throw RevisionGraphError.multipleHeads(heads: ids(current), argument: text)
                }
                start = current.first
            } else {
                start = try resolveRevision(startText)
            }
            return try walk(from: start, steps: delta, argument: text, members: nil, branchRoot: nil)
        }
        return .revisions([try resolveRevision(text)])
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

    /// Follows single children (up) or single parents (down) `steps` times from `start` (nil = base).
    func walk(from start: Int?, steps: Int, argument: String, members: [Bool]?, branchRoot: Int?) throws -> ResolvedTarget {
        var at = start
        var done = 0
        if steps > 0 {
            while done < steps {
                var next: [Int]
                if let a = at {
                    next = children[a]
                } else if let branchRoot {
                    next = [branchRoot]
                } else {
                    next = bases
                }
                if let members { next = next.filter { members[$0] } }
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
        // Downward, a merge steps back to all its parents at once; only a further step from
        // several revisions is ambiguous.
        var set: [Int] = at.map { [$0] } ?? []
        while done < -steps {
            guard !set.isEmpty else {
                throw RevisionGraphError.relativeOutOfRange(argument: argument, steps: -steps, available: done)
            }
            guard set.count == 1 else {
                throw RevisionGraphError.ambiguousRelative(argument: argument, at: ids(set).joined(separator: ", "), choices: ids(set))
            }
            let a = set[0]
            if let branchRoot, a == branchRoot {
                done += 1
                if done < -steps {
                    throw RevisionGraphError.relativeOutOfRange(argument: argument, steps: -steps, available: done)
                }
                return .branchBase(branchRoot)
            }
            set = parents[a]
            done += 1
        }
        return set.isEmpty ? .base : .revisions(set)
    }
}
