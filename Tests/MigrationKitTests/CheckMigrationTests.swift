import Logging
import MigrationKit
import Testing

/// `check_migration` on broken in-memory histories: each fails with the right reason.
@Suite("check_migration rules")
struct CheckMigrationTests {
    struct NoConnector: DatabaseConnector {
        func connect(to url: DatabaseURL) throws -> any DatabaseConnection { throw ConfigError("no database in this test") }
        func reflector(for backend: Backend) -> any SchemaReflector { NoReflector() }
    }
    struct NoReflector: SchemaReflector {
        func reflect(_ connection: any DatabaseConnection, tables: [String]?) throws -> Schema { Schema() }
    }

    func problems(_ revisions: [Revision], milestones: [String] = []) throws -> [MigrationCheckProblem] {
        let repo = MigrationRepository(name: "t", revisions: revisions, sourceDirectory: "/nonexistent", registryType: "T", expectedMilestones: milestones)
        return try MigrationContext(repository: repo, settings: Settings(), connector: NoConnector(), logger: Logger(label: "t")).checkMigration()
    }

    @Test("a sound history has no problems")
    func sound() throws {
        #expect(try problems([rev("a", milestones: ["icehouse"]), rev("b", ["a"], milestones: ["juno"])], milestones: ["icehouse", "juno"]).isEmpty)
    }

    @Test("each broken history fails for its reason")
    func broken() throws {
        let cases: [([Revision], [String], MigrationCheckProblem.Kind, String)] = [
            ([rev("a"), rev("b", ["a"]), rev("c", ["a"])], [], .unlabelledBranchPoint, "'a' is an unlabelled branch point"),
            ([rev("a"), rev("b", ["a"]), rev("c", ["a"], labels: ["x"]), rev("d", ["c"]), rev("e", ["c"], labels: ["y"]), rev("f", ["d"]), rev("g", ["d"])], [], .multipleHeads, "branch 'x' has 2 heads: f, g"),
            ([rev("a"), rev("b")], [], .unlabelledBranchPoint, "several unlabelled bases"),
            ([rev("a"), rev("a")], [], .duplicateID, "'a' is declared 2 times"),
            ([rev("a"), rev("b", ["zz"])], [], .invalidGraph, "follows 'zz', which does not exist"),
            ([rev("a", ["b"]), rev("b", ["a"])], [], .invalidGraph, "cycle"),
            ([rev("a")], ["icehouse"], .unresolvedMilestone, "'icehouse' does not name a revision"),
            ([rev("a", milestones: ["juno"]), rev("b", ["a"], milestones: ["icehouse"])], ["icehouse", "juno"], .milestoneOrder, "'juno'"),
            ([rev(String(repeating: "x", count: 40))], [], .idTooLong, "40 characters"),
        ]
        for (revisions, milestones, kind, text) in cases {
            let found = try problems(revisions, milestones: milestones)
            #expect(found.contains { $0.kind == kind && $0.message.contains(text) }, "expected \(kind) '\(text)' in \(found)")
        }
    }

    @Test("a branch point whose branches are merged again passes, as the refusal's own advice says")
    func mergedBranchPoint() throws {
        let forked = [rev("a"), rev("b", ["a"]), rev("c", ["a"])]
        #expect(try problems(forked).contains { $0.kind == .unlabelledBranchPoint })
        #expect(try problems(forked + [rev("m", ["b", "c"])]).isEmpty)
        #expect(try problems(forked + [rev("m", ["b", "c"]), rev("n", ["m"])]).isEmpty)
        // Three branches, two merged: still a fork.
        #expect(try problems(forked + [rev("d", ["a"]), rev("m", ["b", "c"]), rev("z", ["m", "d"])]).isEmpty)
        #expect(try problems(forked + [rev("d", ["a"]), rev("m", ["b", "c"])]).contains { $0.kind == .multipleHeads || $0.kind == .unlabelledBranchPoint })
    }
}
