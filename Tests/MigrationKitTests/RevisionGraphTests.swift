import MigrationFixtures
import MigrationKit
import Testing

/// Revisions with no bodies: the graph never runs them.
func rev(_ id: String, _ parents: [String] = [], deps: [String] = [], labels: [String] = [], milestones: [String] = []) -> Revision {
    Revision(id: id, parents: parents, dependsOn: deps, branchLabels: labels, milestones: milestones, message: "msg \(id)")
}

@Suite("Revision graph")
struct RevisionGraphTests {
    let linear = try! RevisionGraph([rev("aaa111"), rev("bbb222", ["aaa111"]), rev("bbc333", ["bbb222"], milestones: ["juno"]), rev("ddd444", ["bbc333"])])
    let merged = try! RevisionGraph(FixtureHistories.merged.map(\.revision))
    let branched = try! RevisionGraph(FixtureHistories.branched.map(\.revision))

    func ids(_ g: RevisionGraph, _ t: ResolvedTarget) -> [String] {
        if case .revisions(let r) = t.position { return g.ids(r) }
        return ["<\(t)>"]
    }

    @Test("heads, bases, order, branch points and merges")
    func structure() {
        #expect(linear.ids(linear.heads) == ["ddd444"])
        #expect(linear.ids(linear.bases) == ["aaa111"])
        #expect(linear.ids(linear.order) == ["aaa111", "bbb222", "bbc333", "ddd444"])
        #expect(branched.ids(branched.heads).sorted() == ["2000bbbb0002", "3000cccc0002"])
        #expect(branched.ids(branched.branchPoints) == ["1000aaaa0002"])
        #expect(merged.ids(merged.heads) == ["4000dddd0001"])
        #expect(merged.isMerge(merged.indexOf("4000dddd0001")!))
        // Dependencies come before their dependents in the order.
        let order = merged.ids(merged.order)
        #expect(order.firstIndex(of: "2000bbbb0001")! < order.firstIndex(of: "3000cccc0002")!)
    }

    @Test("exact ids, unique prefixes, labels and milestones resolve")
    func resolveForms() throws {
        #expect(ids(linear, try linear.resolve("bbb222", current: [])) == ["bbb222"])
        #expect(ids(linear, try linear.resolve("dd", current: [])) == ["ddd444"])
        #expect(ids(linear, try linear.resolve("juno", current: [])) == ["bbc333"])
        #expect(ids(linear, try linear.resolve("head", current: [])) == ["ddd444"])
        #expect(ids(linear, try linear.resolve("heads", current: [])) == ["ddd444"])
        #expect(try linear.resolve("base", current: []) == .base)
        #expect(ids(branched, try branched.resolve("alpha", current: [])) == ["2000bbbb0001"])
        #expect(ids(branched, try branched.resolve("alpha@head", current: [])) == ["2000bbbb0002"])
        #expect(ids(branched, try branched.resolve("beta@head", current: [])) == ["3000cccc0002"])
        #expect(ids(branched, try branched.resolve("beta@3000cccc0001", current: [])) == ["3000cccc0001"])
        #expect(try branched.resolve("alpha@base", current: []) == .branchBase(branched.indexOf("2000bbbb0001")!))
    }

    @Test("ambiguous prefixes list the candidates; unknown ids say what to do")
    func prefixErrors() {
        #expect(throws: RevisionGraphError.ambiguousPrefix(prefix: "bb", candidates: ["bbb222", "bbc333"])) {
            try linear.resolve("bb", current: [])
        }
        #expect(throws: RevisionGraphError.unknownRevision("zzz")) { try linear.resolve("zzz", current: []) }
        #expect(throws: RevisionGraphError.unknownBranchLabel("gamma")) { try branched.resolve("gamma@head", current: []) }
        let e = RevisionGraphError.ambiguousPrefix(prefix: "bb", candidates: ["bbb222", "bbc333"])
        #expect(e.description.contains("bbb222, bbc333"))
    }

    @Test("'head' with several heads names them and suggests heads or merge")
    func multipleHeads() {
        let error = #expect(throws: RevisionGraphError.self) { try branched.resolve("head", current: []) }
        guard case .multipleHeads(let heads, let argument)? = error else {
            Issue.record("wrong error \(String(describing: error))")
            return
        }
        #expect(heads.sorted() == ["2000bbbb0002", "3000cccc0002"])
        #expect(argument == "head")
        #expect(error!.description.contains("'heads'") && error!.description.contains("merge"))
    }

    @Test("relative targets: +N, -N, REV+N, REV-N, from base, out of range, ambiguous")
    func relative() throws {
        let b = linear.indexOf("bbb222")!
        #expect(ids(linear, try linear.resolve("+1", current: [b])) == ["bbc333"])
        #expect(ids(linear, try linear.resolve("+2", current: [b])) == ["ddd444"])
        #expect(ids(linear, try linear.resolve("-1", current: [b])) == ["aaa111"])
        #expect(try linear.resolve("-2", current: [b]).position == .base)
        #expect(ids(linear, try linear.resolve("+2", current: [])) == ["bbb222"])
        #expect(ids(linear, try linear.resolve("aaa1+3", current: [])) == ["ddd444"])
        #expect(ids(linear, try linear.resolve("ddd-2", current: [])) == ["bbb222"])
        #expect(ids(linear, try linear.resolve("juno+1", current: [])) == ["ddd444"])
        #expect(throws: RevisionGraphError.relativeOutOfRange(argument: "+3", steps: 3, available: 2)) {
            try linear.resolve("+3", current: [b])
        }
        #expect(throws: RevisionGraphError.relativeOutOfRange(argument: "-3", steps: 3, available: 2)) {
            try linear.resolve("-3", current: [b])
        }
        let common = branched.indexOf("1000aaaa0002")!
        let e = #expect(throws: RevisionGraphError.self) { try branched.resolve("+1", current: [common]) }
        guard case .ambiguousRelative(_, let at, let choices)? = e else { Issue.record("\(String(describing: e))"); return }
        #expect(at == "1000aaaa0002")
        #expect(choices.sorted() == ["2000bbbb0001", "3000cccc0001"])
        // Within a branch, +1 is unambiguous.
        #expect(ids(branched, try branched.resolve("beta@+1", current: [common])) == ["3000cccc0001"])
    }

    @Test("construction refuses duplicates, missing parents and dependencies, cycles and label clashes")
    func invalidGraphs() {
        #expect(throws: RevisionGraphError.duplicateRevision("a")) { try RevisionGraph([rev("a"), rev("a")]) }
        #expect(throws: RevisionGraphError.missingParent(revision: "b", parent: "x")) { try RevisionGraph([rev("a"), rev("b", ["x"])]) }
        #expect(throws: RevisionGraphError.missingDependency(revision: "b", dependency: "y")) { try RevisionGraph([rev("a"), rev("b", ["a"], deps: ["y"])]) }
        #expect(throws: RevisionGraphError.cycle(["a", "b", "c", "a"])) {
            try RevisionGraph([rev("a", ["c"]), rev("b", ["a"]), rev("c", ["b"])])
        }
        #expect(throws: RevisionGraphError.cycle(["s", "s"])) { try RevisionGraph([rev("s", ["s"])]) }
        #expect(throws: RevisionGraphError.duplicateLabel(label: "l", revisions: ["a", "b"])) {
            try RevisionGraph([rev("a", labels: ["l"]), rev("b", ["a"], labels: ["l"])])
        }
        #expect(throws: RevisionGraphError.labelIsRevisionID("a")) { try RevisionGraph([rev("a"), rev("b", ["a"], labels: ["a"])]) }
        #expect(throws: RevisionGraphError.self) { try RevisionGraph([rev("head")]) }
        #expect(throws: RevisionGraphError.self) { try RevisionGraph([rev("a b")]) }
    }

    @Test("a 10,000-revision history builds and resolves")
    func large() throws {
        var revisions = [rev("r0")]
        for i in 1..<10_000 { revisions.append(rev("r\(i)", ["r\(i - 1)"])) }
        let g = try RevisionGraph(revisions)
        #expect(g.ids(g.heads) == ["r9999"])
        #expect(ids(g, try g.resolve("r5000+10", current: [])) == ["r5010"])
        var p = MigrationPlanner(graph: g, heads: [g.indexOf("r9000")!])
        #expect(p.upgrade(to: g.heads).count == 999)
    }
}

@Suite("Migration planner: version-table rows as Alembic writes them")
struct PlannerTests {
    let g = try! RevisionGraph(FixtureHistories.merged.map(\.revision))

    func plan(from: [String], up target: String) throws -> [(String, [String], [String])] {
        var p = MigrationPlanner(graph: g, heads: from.map { g.indexOf($0)! })
        guard case .revisions(let r) = try g.resolve(target, current: from.map { g.indexOf($0)! }) else { return [] }
        return p.upgrade(to: r).map { (g.revision($0.revision).id, $0.headsBefore, $0.headsAfter) }
    }

    @Test("upgrade through a branch point, a dependency and a merge")
    func upgradeRows() throws {
        let steps = try plan(from: [], up: "heads")
        #expect(steps.map(\.0) == ["a1b2c3d4e5f6", "1000aaaa0002", "2000bbbb0001", "3000cccc0001", "2000bbbb0002", "3000cccc0002", "4000dddd0001"])
        // After the branch point both branches are heads; the dependency of 3000cccc0002 on
        // 2000bbbb0001 is already covered by 2000bbbb0002; the merge leaves one row.
        #expect(steps[3].2.sorted() == ["2000bbbb0001", "3000cccc0001"])
        #expect(steps[5].2.sorted() == ["2000bbbb0002", "3000cccc0002"])
        #expect(steps[6].2 == ["4000dddd0001"])
        let table = VersionTable(name: "alembic_version", dialect: SQLiteDialect())
        #expect(try table.changeSQL(from: steps[6].1, to: steps[6].2) == [
            "DELETE FROM \"alembic_version\" WHERE \"alembic_version\".version_num = '3000cccc0002'",
            "UPDATE \"alembic_version\" SET version_num='4000dddd0001' WHERE \"alembic_version\".version_num = '2000bbbb0002'",
        ])
        #expect(try table.changeSQL(from: [], to: ["a1b2c3d4e5f6"]) == ["INSERT INTO \"alembic_version\" (version_num) VALUES ('a1b2c3d4e5f6')"])
    }

    @Test("a dependency that is a head is absorbed, as a merge is")
    func dependencyAbsorbsHead() throws {
        let steps = try plan(from: ["2000bbbb0001", "3000cccc0001"], up: "3000cccc0002")
        #expect(steps.map(\.0) == ["3000cccc0002"])
        #expect(steps[0].2 == ["3000cccc0002"])
    }

    @Test("downgrade of a merge restores both parents; downgrade of one branch leaves the other")
    func downgradeRows() throws {
        var p = MigrationPlanner(graph: g, heads: [g.indexOf("4000dddd0001")!])
        let target = try g.resolve("2000bbbb0002", current: p.heads)
        let steps = p.downgrade(removing: try p.removal(for: target, argument: "2000bbbb0002"))
        #expect(steps.map { g.revision($0.revision).id } == ["4000dddd0001"])
        #expect(steps[0].headsAfter.sorted() == ["2000bbbb0002", "3000cccc0002"])

        var q = MigrationPlanner(graph: g, heads: [g.indexOf("2000bbbb0002")!, g.indexOf("3000cccc0002")!])
        let beta = try q.removal(for: try g.resolve("beta@base", current: q.heads), argument: "beta@base")
        let down = q.downgrade(removing: beta)
        #expect(down.map { g.revision($0.revision).id } == ["3000cccc0002", "3000cccc0001"])
        #expect(down.last!.headsAfter == ["2000bbbb0002"])
    }

    @Test("downgrading 2000bbbb0001 also removes what depends on it")
    func downgradeDependents() throws {
        var p = MigrationPlanner(graph: g, heads: [g.indexOf("2000bbbb0002")!, g.indexOf("3000cccc0002")!])
        let target = try g.resolve("1000aaaa0002", current: p.heads)
        let steps = p.downgrade(removing: try p.removal(for: target, argument: "1000aaaa0002"))
        #expect(Set(steps.map { g.revision($0.revision).id }) == ["2000bbbb0002", "3000cccc0002", "2000bbbb0001", "3000cccc0001"])
        #expect(steps.last!.headsAfter == ["1000aaaa0002"])
    }

    @Test("a downgrade target above the database is refused")
    func badDowngrade() throws {
        let p = MigrationPlanner(graph: g, heads: [g.indexOf("1000aaaa0002")!])
        let t = try g.resolve("4000dddd0001", current: p.heads)
        #expect(throws: RevisionGraphError.notADowngradeTarget(target: "4000dddd0001", current: ["1000aaaa0002"])) {
            try p.removal(for: t, argument: "4000dddd0001")
        }
    }
}
