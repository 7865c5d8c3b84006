/// Rolling upgrades, as neutron splits them: an `expand` branch of additive revisions, safe while old
/// and new service code run side by side, and a `contract` branch of removals, run once every service
/// runs the new code. A revision belongs to a phase when it is on a branch whose label is `expand` or
/// `contract` (or ends in `_expand` / `_contract`, a per-release branch such as `newton_expand`).
/// Histories without such labels (VDI's before Newton) have no phases.
public enum MigrationPhase: String, Sendable, CaseIterable, Codable {
    case expand, contract

    /// Whether a branch label names this phase.
    public func names(_ label: String) -> Bool { label == rawValue || label.hasSuffix("_" + rawValue) }
}

extension RevisionGraph {
    /// The revisions that start a branch of `phase` (they carry its label).
    public func phaseRoots(_ phase: MigrationPhase) -> [Int] {
        (0..<count).filter { i in revision(i).branchLabels.contains(where: phase.names) }
    }

    /// Every revision's phase, or nil off the phase branches: one pass per phase root.
    public func phases() -> [MigrationPhase?] {
        var out = [MigrationPhase?](repeating: nil, count: count)
        for phase in MigrationPhase.allCases {
            for root in phaseRoots(phase) {
                let members = branchMembers(root)
                for i in members.indices where members[i] { out[i] = phase }
            }
        }
        return out
    }

    /// The heads of `phase`'s branches.
    public func phaseHeads(_ phase: MigrationPhase) -> [Int] {
        let p = phases()
        return heads.filter { p[$0] == phase }
    }

    /// Whether the history is split into phases at all.
    public var hasPhases: Bool { !phaseRoots(.expand).isEmpty || !phaseRoots(.contract).isEmpty }
}
